package dev.havip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * A large cluster's long failure timeout wakes the ticker only once a second (issue 17), and a pause is still seen at
 * once by {@link PauseDetector#suspectsPause()} and reported by the next tick. The clock is jumped, as a pause would.
 */
class PauseDetectorTest {

    @Test
    void aPauseBeyondALongTimeoutIsSuspectedAtOnceAndReportedWithinATick() throws Exception {
        AtomicLong offset = new AtomicLong();
        BlockingQueue<Long> paused = new ArrayBlockingQueue<>(4);
        try (PauseDetector detector = new PauseDetector(15_000, paused::add, () -> System.nanoTime() + offset.get()).start()) {
            Thread.sleep(1500); // a tick or two of a normal gap
            assertFalse(detector.suspectsPause());
            assertTrue(paused.isEmpty());
            offset.addAndGet(TimeUnit.SECONDS.toNanos(16));
            assertTrue(detector.suspectsPause(), "suspected before the ticker ran");
            Long millis = paused.poll(1500, TimeUnit.MILLISECONDS); // the next tick: at most 1 s away with a 15 s timeout
            assertTrue(millis != null && millis >= 16_000, "reported pause: " + millis);
            assertFalse(detector.suspectsPause(), "the ticker ran again");
            assertEquals(0, paused.size());
        }
    }
}
