package dev.havip.health;

import static dev.havip.health.HealthCheck.Status.DOWN;
import static dev.havip.health.HealthCheck.Status.UNKNOWN;
import static dev.havip.health.HealthCheck.Status.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.havip.health.HealthCheck.Status;

/** Scheduling, fall/rise over real probes, and what a hanging target can and cannot do. */
class ScheduledHealthCheckTest {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    private final ScheduledExecutorService scheduler = HealthChecks.newScheduler();
    private ExecutorService probes = HealthChecks.newProbeExecutor(4);
    private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable r : this.resources) {
            r.close();
        }
        this.scheduler.shutdownNow();
        this.probes.shutdownNow();
    }

    /**
     * The target answers only when the test hands it a permit, so the test knows exactly how many
     * probes have been answered when it looks at the status.
     */
    @Test
    void fallAndRiseAreHonouredExactly() throws IOException {
        TestHttpTarget target = track(new TestHttpTarget());
        target.gate();
        ManagedCheck check = track(HealthChecks.create("web", "http", List.of(target.url()), INTERVAL, Duration.ofSeconds(8),
                3, 2, 200, this.scheduler, this.probes));
        List<Status> notified = new CopyOnWriteArrayList<>();
        check.addListener(c -> notified.add(c.status()));
        check.start();
        assertEquals(UNKNOWN, check.status());

        answer(target, check, 200, UNKNOWN, 0); // rise=2: one success is not enough, even from UNKNOWN
        answer(target, check, 200, UP, 0);
        answer(target, check, 500, UP, 1); // fall=3
        answer(target, check, 500, UP, 2);
        answer(target, check, 200, UP, 0); // a success ends the streak
        answer(target, check, 500, UP, 1);
        answer(target, check, 500, UP, 2);
        answer(target, check, 500, DOWN, 3);
        answer(target, check, 200, DOWN, 0);
        answer(target, check, 500, DOWN, 1); // a failure ends the success streak
        answer(target, check, 200, DOWN, 0);
        answer(target, check, 200, UP, 0);

        assertEquals(12, check.resultCount());
        assertTrue(target.arrivals.get() <= 13, "no probe overlaps another: at most the next one is waiting");
        Await.until(() -> notified.size() == 3, () -> "three notifications, got " + notified);
        assertEquals(List.of(UP, DOWN, UP), notified);
        assertEquals(ProbeResult.ok("HTTP 200"), check.lastResult().orElseThrow());
    }

    private static void answer(TestHttpTarget target, ManagedCheck check, int code, Status expected, int failures) {
        long before = check.resultCount();
        target.respond(code);
        target.permit();
        Await.until(() -> check.resultCount() == before + 1, () -> "probe " + (before + 1) + " counted");
        assertEquals(expected, check.status(), "after probe " + (before + 1));
        assertEquals(failures, check.consecutiveFailures(), "after probe " + (before + 1));
        assertEquals(before + 1, check.resultCount(), "the next probe waits for its permit");
    }

    @Test
    void aHangingTargetNeitherPilesUpNorBlocksAnotherCheck() throws IOException {
        TestHttpTarget hanging = track(new TestHttpTarget());
        hanging.hang();
        TestTcpTarget healthy = track(new TestTcpTarget());
        this.probes.shutdownNow();
        this.probes = HealthChecks.newProbeExecutor(2); // one thread per check is enough

        // count the check's own concurrent probes by wrapping the real HTTP probe
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        HttpProbe http = new HttpProbe(URI.create(hanging.url()), 200, Duration.ofMillis(300));
        Probe counted = () -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                return http.probe();
            } finally {
                running.decrementAndGet();
            }
        };
        ScheduledHealthCheck hang = track(new ScheduledHealthCheck("hang", counted, INTERVAL, Duration.ofMillis(300), 2, 1,
                this.scheduler, this.probes));
        ManagedCheck tcp = track(HealthChecks.create("tcp", "tcp", List.of(healthy.hostPort()), INTERVAL, Duration.ofSeconds(1),
                2, 1, 200, this.scheduler, this.probes));
        List<Status> tcpChanges = new CopyOnWriteArrayList<>();
        tcp.addListener(c -> tcpChanges.add(c.status()));
        hang.start();
        tcp.start();

        Await.until(() -> hang.status() == DOWN, () -> "the hanging check DOWN, last " + hang.lastResult());
        assertEquals(ProbeResult.timedOut(Duration.ofMillis(300)), hang.lastResult().orElseThrow());
        int hungBefore = hanging.hungRequests.get();
        long tcpBefore = tcp.resultCount();
        // three more hung requests take at least 3 x 300 ms, i.e. about 18 intervals
        Await.until(() -> hanging.hungRequests.get() >= hungBefore + 3, () -> "three more hung requests");
        long tcpResults = tcp.resultCount() - tcpBefore;

        assertTrue(tcpResults >= 5, "the healthy check kept probing while the other hung: " + tcpResults + " results");
        assertEquals(UP, tcp.status());
        assertEquals(List.of(UP), tcpChanges, "the healthy check never wavered");
        assertEquals(1, maxRunning.get(), "a check never runs two probes at once");
        assertTrue(hang.skippedTicks() > 0, "ticks during a hung probe are skipped, not queued");
        assertTrue(hanging.arrivals.get() <= hang.resultCount() + 1,
                "every request the server saw belongs to a probe that ended before the next: " + hanging.arrivals + " requests, "
                        + hang.resultCount() + " results");
    }

    @Test
    void aProbeIgnoringItsTimeoutStillTurnsTheCheckDown() {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Probe stubborn = () -> {
            calls.incrementAndGet();
            awaitUninterruptibly(release); // like a connect() that ignores interruption
            return ProbeResult.ok("finally");
        };
        ScheduledHealthCheck check = track(new ScheduledHealthCheck("stubborn", stubborn, INTERVAL, Duration.ofMillis(100), 3, 1,
                this.scheduler, this.probes));
        check.start();
        Await.until(() -> check.status() == DOWN, () -> "DOWN while the probe hangs, last " + check.lastResult());
        assertEquals(1, calls.get(), "no second probe while the first is stuck");
        assertTrue(check.lastResult().orElseThrow().detail().startsWith("previous probe still running after "), check.lastResult()::toString);

        release.countDown();
        Await.until(() -> check.status() == UP, () -> "UP once the target answers again");
    }

    @Test
    void aStarvedProbePoolReportsDownInsteadOfAStaleVerdict() throws IOException {
        this.probes.shutdownNow();
        this.probes = HealthChecks.newProbeExecutor(1); // deliberately smaller than the number of checks
        TestTcpTarget healthy = track(new TestTcpTarget());
        ManagedCheck tcp = track(HealthChecks.create("tcp", "tcp", List.of(healthy.hostPort()), INTERVAL, Duration.ofMillis(100),
                2, 1, 200, this.scheduler, this.probes));
        tcp.start();
        Await.until(() -> tcp.status() == UP, () -> "tcp UP");

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        ScheduledHealthCheck hog = track(new ScheduledHealthCheck("hog", () -> {
            started.countDown();
            awaitUninterruptibly(release);
            return ProbeResult.ok("done");
        }, INTERVAL, Duration.ofMillis(100), 1, 1, this.scheduler, this.probes));
        hog.start();
        Await.until(() -> started.getCount() == 0, () -> "the hog holds the only thread");

        Await.until(() -> tcp.status() == DOWN, () -> "tcp DOWN while it cannot get a thread, last " + tcp.lastResult());
        assertTrue(tcp.lastResult().orElseThrow().detail().contains("waiting for a probe thread"), tcp.lastResult()::toString);

        release.countDown();
        Await.until(() -> tcp.status() == UP, () -> "tcp UP again once the thread is free");
    }

    @Test
    void closeStopsProbingAndKillsARunningCommand() {
        String marker = "8.27182";
        ManagedCheck check = HealthChecks.create("cmd", "command", List.of("/bin/sleep", marker), INTERVAL, Duration.ofSeconds(20),
                1, 1, 200, this.scheduler, this.probes);
        check.start();
        Await.until(() -> sleeping(marker), () -> "the command started");
        check.close();
        Await.until(() -> !sleeping(marker), () -> "the command killed on close");
        long results = check.resultCount();
        assertEquals(0, results, "an abandoned probe is not counted");
        assertEquals(UNKNOWN, check.status());
    }

    private static boolean sleeping(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false));
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (latch.getCount() > 0) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                // deliberately ignored: this stands for a target that cannot be interrupted
            }
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        this.resources.add(0, resource); // close in reverse order
        return resource;
    }
}
