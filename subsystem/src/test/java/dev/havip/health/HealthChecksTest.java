package dev.havip.health;

import static dev.havip.health.HealthCheck.Status.DOWN;
import static dev.havip.health.HealthCheck.Status.UNKNOWN;
import static dev.havip.health.HealthCheck.Status.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.havip.health.HealthCheck.Status;

/** The factory: each type against a real target, and definitions that must be refused. */
class HealthChecksTest {

    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private final ScheduledExecutorService scheduler = HealthChecks.newScheduler();
    private final ExecutorService probes = HealthChecks.newProbeExecutor(4);
    private final List<ManagedCheck> checks = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() {
        this.checks.forEach(ManagedCheck::close);
        this.scheduler.shutdownNow();
        this.probes.shutdownNow();
    }

    @Test
    void tcpOpenPortIsUpAfterRise() throws IOException {
        try (TestTcpTarget open = new TestTcpTarget()) {
            ManagedCheck check = started("tcp", List.of(open.hostPort()), 3, 2);
            Await.until(() -> check.status() == UP, () -> "UP");
            assertTrue(check.resultCount() >= 2, "rise=2 needs two results");
            assertEquals(ProbeResult.ok("connected"), check.lastResult().orElseThrow());
        }
    }

    @Test
    void tcpClosedPortIsDownAfterFall() throws IOException {
        ManagedCheck check = started("tcp", List.of("127.0.0.1:" + TestTcpTarget.closedPort()), 3, 2);
        Await.until(() -> check.status() == DOWN, () -> "DOWN");
        assertTrue(check.consecutiveFailures() >= 3);
        assertEquals(ProbeResult.failed("connection refused"), check.lastResult().orElseThrow());
    }

    @Test
    void commandChecks() {
        ManagedCheck ok = started("command", List.of("/bin/true"), 1, 1);
        ManagedCheck fails = started("command", List.of("/bin/false"), 1, 1);
        ManagedCheck missing = started("command", List.of("/nonexistent/cmd"), 1, 1);
        ManagedCheck slow = started("command", List.of("/bin/sleep", "5"), 1, 1);
        Await.until(() -> ok.status() == UP, () -> "/bin/true UP");
        Await.until(() -> fails.status() == DOWN, () -> "/bin/false DOWN");
        Await.until(() -> missing.status() == DOWN, () -> "/nonexistent/cmd DOWN");
        Await.until(() -> slow.status() == DOWN, () -> "sleep DOWN");
        assertEquals(ProbeResult.failed("exit 1"), fails.lastResult().orElseThrow());
        assertEquals(ProbeResult.failed("cannot run /nonexistent/cmd: No such file or directory"), missing.lastResult().orElseThrow());
        assertEquals(ProbeResult.failed("timed out after 300 ms"), slow.lastResult().orElseThrow());
    }

    @Test
    void deploymentChecksArePushed() {
        ManagedCheck check = HealthChecks.create("app", "deployment", List.of("app.war"), INTERVAL, TIMEOUT, 3, 2, 200, null, null);
        PushedCheck pushed = assertInstanceOf(PushedCheck.class, check);
        List<Status> notified = new CopyOnWriteArrayList<>();
        pushed.addListener(c -> notified.add(c.status()));
        pushed.start();
        assertEquals(UNKNOWN, pushed.status());
        pushed.up();
        assertEquals(UP, pushed.status(), "a deployment event counts at once");
        pushed.down("undeployed");
        assertEquals(DOWN, pushed.status());
        assertEquals(ProbeResult.failed("undeployed"), pushed.lastResult().orElseThrow());
        assertEquals(1, pushed.consecutiveFailures());
        assertEquals(List.of(UP, DOWN), notified, "listeners run on the pushing thread, before up()/down() return");
        pushed.close();
        pushed.up();
        assertEquals(DOWN, pushed.status(), "a closed check ignores late events");
    }

    @Test
    void badDefinitionsAreRefusedWithAReason() {
        assertRefused("tcp", List.of("127.0.0.1:0"), "port '0' in '127.0.0.1:0' is outside 1-65535");
        assertRefused("tcp", List.of("localhost"), "'localhost' is not host:port");
        assertRefused("http", List.of("http:///health"), "is not an http:// or https:// URL with a host");
        assertRefused("http", List.of("ftp://host/health"), "is not an http:// or https:// URL with a host");
        assertRefused("command", List.of("bin/check"), "'bin/check' is not an absolute path");
        assertRefused("command", List.of(), "needs at least the absolute path");
        assertRefused("snmp", List.of("x"), "unknown check type 'snmp'");
        assertRefused("deployment", List.of("../app.war"), "is not a deployment name");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HealthChecks.create("c", "tcp", List.of("127.0.0.1:80"), Duration.ZERO, TIMEOUT, 3, 2, 200, this.scheduler, this.probes));
        assertTrue(e.getMessage().contains("interval must be a positive duration"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> HealthChecks.create("c", "tcp", List.of("127.0.0.1:80"), INTERVAL, TIMEOUT, 0, 2, 200, this.scheduler, this.probes));
        assertTrue(e.getMessage().contains("fall and rise must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> HealthChecks.create("c", "http", List.of("http://h/"), INTERVAL, TIMEOUT, 3, 2, 99, this.scheduler, this.probes));
        assertTrue(e.getMessage().contains("expected-status 99 is outside 100-599"), e.getMessage());
    }

    private void assertRefused(String type, List<String> target, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HealthChecks.create("bad", type, target, INTERVAL, TIMEOUT, 3, 2, 200, this.scheduler, this.probes));
        assertTrue(e.getMessage().startsWith("health-check 'bad' (type " + type + "): "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private ManagedCheck started(String type, List<String> target, int fall, int rise) {
        ManagedCheck check = HealthChecks.create(type + this.checks.size(), type, target, INTERVAL, TIMEOUT, fall, rise, 200,
                this.scheduler, this.probes);
        this.checks.add(check);
        check.start();
        return check;
    }
}
