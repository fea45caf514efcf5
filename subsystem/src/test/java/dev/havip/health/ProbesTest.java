package dev.havip.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.havip.movers.CommandTemplate;

/** Single probe attempts against real loopback targets and real processes. */
class ProbesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private TestHttpTarget target;

    @BeforeEach
    void start() throws IOException {
        this.target = new TestHttpTarget();
    }

    @AfterEach
    void stop() {
        this.target.close();
    }

    @Test
    void httpIsOkOnlyForTheExpectedStatus() {
        HttpProbe probe = new HttpProbe(URI.create(this.target.url()), 200, TIMEOUT);
        assertEquals(ProbeResult.ok("HTTP 200"), probe.probe());
        this.target.respond(500);
        assertEquals(ProbeResult.failed("HTTP 500 (expected 200)"), probe.probe());
        assertTrue(new HttpProbe(URI.create(this.target.url()), 500, TIMEOUT).probe().ok(), "expected-status is honoured");
    }

    @Test
    void httpDoesNotFollowRedirects() throws IOException {
        AtomicInteger followed = new AtomicInteger();
        this.target.addContext("/elsewhere", exchange -> {
            followed.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        this.target.addContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", this.target.url("/elsewhere"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        ProbeResult result = new HttpProbe(URI.create(this.target.url("/moved")), 200, TIMEOUT).probe();
        assertEquals(ProbeResult.failed("HTTP 302 (expected 200)"), result);
        assertEquals(0, followed.get());
    }

    @Test
    void httpHangingServerTimesOut() {
        this.target.hang();
        ProbeResult result = new HttpProbe(URI.create(this.target.url()), 200, TIMEOUT).probe();
        assertEquals(ProbeResult.failed("timed out after 300 ms"), result);
    }

    @Test
    void httpStatusCountsEvenIfTheBodyNeverEnds() {
        // headers at once, then a body that never completes: the status is all a health check needs
        this.target.addContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write('x');
                body.flush();
                this.target.awaitClose();
            } catch (InterruptedException | IOException e) {
                // test over
            }
        });
        assertEquals(ProbeResult.ok("HTTP 200"), new HttpProbe(URI.create(this.target.url("/trickle")), 200, TIMEOUT).probe());
    }

    @Test
    void httpConnectionRefused() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + TestTcpTarget.closedPort() + "/health");
        ProbeResult result = new HttpProbe(closed, 200, TIMEOUT).probe();
        // the JDK HttpClient does not say why a connect failed
        assertEquals(ProbeResult.failed("cannot connect (refused or unreachable)"), result);
    }

    @Test
    void tcpOpenAndClosedPorts() throws IOException {
        try (TestTcpTarget open = new TestTcpTarget()) {
            CheckTarget.HostPort hp = CheckTarget.hostPort(open.hostPort());
            assertEquals(ProbeResult.ok("connected"), new TcpProbe(hp.host(), hp.port(), TIMEOUT).probe());
        }
        ProbeResult refused = new TcpProbe("127.0.0.1", TestTcpTarget.closedPort(), TIMEOUT).probe();
        assertEquals(ProbeResult.failed("connection refused"), refused);
    }

    @Test
    void commandExitCodes() {
        assertEquals(ProbeResult.ok("exit 0"), command("/bin/true").probe());
        assertEquals(ProbeResult.failed("exit 1"), command("/bin/false").probe());
        assertEquals(ProbeResult.failed("exit 3: database unreachable"),
                command("/bin/sh", "-c", "echo >&2; echo 'database unreachable' >&2; echo second line >&2; exit 3").probe());
    }

    @Test
    void commandThatDoesNotExistFailsWithAReason() {
        ProbeResult result = command("/nonexistent/cmd").probe();
        assertFalse(result.ok());
        assertEquals("cannot run /nonexistent/cmd: No such file or directory", result.detail());
    }

    @Test
    void commandPastItsTimeoutIsKilled() {
        String marker = "7.31415"; // identifies our sleep among the machine's processes
        ProbeResult result = command("/bin/sleep", marker).probe();
        assertEquals(ProbeResult.failed("timed out after 300 ms"), result);
        assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false)),
                "the timed-out command was killed and reaped");
    }

    @Test
    void commandFloodingStderrNeitherBlocksNorBloatsTheDetail() {
        // 1 MB of stderr: far more than a pipe buffer; the probe must keep draining and stay bounded
        ProbeResult result = new CommandProbe(CheckTarget.command(List.of("/bin/sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x >&2; exit 2")),
                Duration.ofSeconds(5)).probe();
        assertFalse(result.ok());
        assertTrue(result.detail().startsWith("exit 2: xxx"), result.detail());
        assertTrue(result.detail().length() <= ProbeResult.MAX_DETAIL);
    }

    private static CommandProbe command(String... arguments) {
        return new CommandProbe(CommandTemplate.parse(List.of(arguments), java.util.Set.of()), TIMEOUT);
    }
}
