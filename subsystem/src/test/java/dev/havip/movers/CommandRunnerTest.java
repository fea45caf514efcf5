package dev.havip.movers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.havip.net.Cidr;

/** Acceptance criterion 3: missing tool, failing tool, hanging tool; plus output handling and the prefix. */
class CommandRunnerTest {

    @TempDir
    Path dir;

    private CommandRunner runner(Duration timeout) {
        return new CommandRunner(MoverSettings.defaults().withCommandTimeout(timeout));
    }

    @Test
    void missingIpGivesAClearErrorNamingThePath() {
        StandIns standIns = new StandIns(this.dir);
        MoverSettings settings = standIns.settings();
        settings = settings.withTools(Path.of("/nonexistent/ip"), settings.arping(), settings.na6(), settings.ipvsadm());
        IpMover mover = new IpMover(vip("198.18.0.100/24"), settings);
        MoverException e = assertThrows(MoverException.class, mover::release);
        assertTrue(e.getMessage().contains("/nonexistent/ip addr del 198.18.0.100/24 dev eth0"), e.getMessage());
        assertTrue(e.getMessage().contains("No such file"), e.getMessage());
        e = assertThrows(MoverException.class, mover::takeover); // arping -D passes, then ip cannot run
        assertTrue(e.getMessage().contains("/nonexistent/ip"), e.getMessage());
    }

    @Test
    void failingCommandReportsCommandExitStatusAndStderr() {
        Path tool = new StandIns(this.dir).script("ip", "#!/bin/sh\necho 'some output' \necho 'RTNETLINK answers: No such device' >&2\nexit 1\n");
        MoverException e = assertThrows(MoverException.class, () -> this.runner(Duration.ofSeconds(5)).run(List.of(tool.toString(), "addr", "show")));
        assertEquals("command '" + tool + " addr show' failed with exit status 1: RTNETLINK answers: No such device", e.getMessage());
    }

    @Test
    void hangingCommandIsKilledWithItsChildrenAtTheTimeout() throws Exception {
        Path pids = this.dir.resolve("pids");
        // The script's child holds the output pipe: the runner must neither wait for it nor leave it running.
        Path tool = new StandIns(this.dir).script("hang", "#!/bin/sh\necho starting >&2\nsleep 30 &\necho $$ $! > " + pids + "\nwait\n");
        long start = System.nanoTime();
        MoverException e = assertThrows(MoverException.class, () -> this.runner(Duration.ofMillis(700)).run(List.of(tool.toString(), "-x")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 700 + 2_500, "took " + millis + " ms");
        assertEquals("command '" + tool + " -x' did not finish within 700 ms and was killed: starting", e.getMessage());
        for (String pid : Files.readString(pids).trim().split(" ")) {
            // killed at once; the orphaned child is reaped by init a moment later
            long deadline = System.nanoTime() + 2_000_000_000L;
            Optional<ProcessHandle> process;
            while ((process = ProcessHandle.of(Long.parseLong(pid))).isPresent() && process.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(process.isPresent() && process.get().isAlive(), "process " + pid + " still runs");
        }
        // and the runner still works afterwards
        assertEquals(0, this.runner(Duration.ofSeconds(5)).run(List.of("/bin/true")).exitStatus());
    }

    @Test
    void chattyCommandDoesNotBlockAndItsOutputIsBounded() throws Exception {
        Path tool = new StandIns(this.dir).script("chatty", "#!/bin/sh\nhead -c 3000000 /dev/zero | tr '\\0' x\nhead -c 3000000 /dev/zero | tr '\\0' y >&2\n");
        CommandRunner.Result result = this.runner(Duration.ofSeconds(10)).run(List.of(tool.toString()));
        assertTrue(result.stdout().startsWith("x".repeat(CommandRunner.MAX_CAPTURE) + " [... "), result.stdout().substring(0, 50));
        assertTrue(result.stderr().contains((3_000_000 - CommandRunner.MAX_CAPTURE) + " more bytes not kept"));
    }

    @Test
    void prefixIsPutInFrontOfEveryCommandAsSeparateArguments() throws Exception {
        StandIns standIns = new StandIns(this.dir);
        Path sudo = standIns.recorder("sudo");
        CommandRunner runner = new CommandRunner(MoverSettings.defaults().withCommandPrefix(List.of(sudo.toString(), "-n")));
        runner.run(List.of("/usr/sbin/ip", "addr", "add", "198.18.0.100/24", "dev", "eth0"));
        assertEquals(List.of(StandIns.call("sudo -n /usr/sbin/ip addr add 198.18.0.100/24 dev eth0")), standIns.calls());
    }

    @Test
    void missingPrivilegeNamesTheCapabilitiesAndTheWaysToGrantThem() {
        StandIns standIns = new StandIns(this.dir);
        MoverSettings settings = standIns.settings();
        standIns.fail("ip", 2, "RTNETLINK answers: Operation not permitted\n");
        MoverException e = assertThrows(MoverException.class, new IpMover(vip("198.18.0.100/24"), settings)::takeover);
        assertPrivilegeHint(e);
    }

    static void assertPrivilegeHint(MoverException e) {
        for (String expected : List.of("Operation not permitted", "CAP_NET_ADMIN", "CAP_NET_RAW", "root", "sudo, -n", "sudoers",
                "setcap cap_net_admin,cap_net_raw+ep")) {
            assertTrue(e.getMessage().contains(expected), expected + " missing in: " + e.getMessage());
        }
    }

    @Test
    void commandsMustBeAbsoluteAndSingleLine() {
        CommandRunner runner = this.runner(Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of("ip", "addr")));
        assertThrows(IllegalArgumentException.class, () -> runner.run(List.of("/usr/sbin/ip", "addr\nshow")));
        assertThrows(IllegalArgumentException.class, () -> MoverSettings.defaults().withCommandPrefix(List.of("sudo")));
        assertThrows(IllegalArgumentException.class, () -> MoverSettings.defaults().withCommandTimeout(Duration.ZERO));
    }

    @Test
    void defaultsFindTheToolsOnTheUsualDirectories() {
        MoverSettings defaults = MoverSettings.defaults();
        assertTrue(defaults.ip().isAbsolute());
        assertTrue(Files.isExecutable(defaults.ip()), defaults.ip() + " (iproute2 is installed on every Linux server)");
        assertEquals(Path.of("/usr/sbin/no-such-tool"), MoverSettings.find("no-such-tool"));
    }

    static VipSpec vip(String cidr) {
        return new VipSpec("web", Cidr.parse(cidr), "eth0", VipSpec.Method.IP, 2, Duration.ofMillis(20), Duration.ofSeconds(30),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
