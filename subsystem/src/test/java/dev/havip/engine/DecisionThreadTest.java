package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The decision thread's tick: a tick that throws is logged and runs again, and its period is read anew each time. */
class DecisionThreadTest {

    @Test
    void aThrowingTickRunsAgainWithThePeriodReadEachTime() throws Exception {
        DecisionThread thread = new DecisionThread("tick-test");
        try {
            AtomicInteger runs = new AtomicInteger();
            AtomicInteger periodsRead = new AtomicInteger();
            CountDownLatch three = new CountDownLatch(3);
            thread.every(() -> {
                periodsRead.incrementAndGet();
                return 5;
            }, "test tick", () -> {
                runs.incrementAndGet();
                three.countDown();
                throw new IllegalStateException("a tick that fails");
            });
            assertTrue(three.await(5, TimeUnit.SECONDS), "the tick ran again after throwing: " + runs.get() + " runs");
            assertTrue(periodsRead.get() > runs.get() - 1, "the period was read before each run: " + periodsRead.get() + " reads, " + runs.get() + " runs");
        } finally {
            thread.close();
        }
    }

    @Test
    void theTicksPeriodGrowsWithTheView() {
        assertTrue(HaVipEngine.tickMillis(2) == 100 && HaVipEngine.tickMillis(19) == 100, "100 ms up to 19 members");
        assertTrue(HaVipEngine.tickMillis(50) == 500 && HaVipEngine.tickMillis(100) == 1000, "500 ms at 50, 1 s at 100");
    }
}
