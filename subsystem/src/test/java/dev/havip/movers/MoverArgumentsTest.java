package dev.havip.movers;

import static dev.havip.movers.StandIns.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.havip.net.Cidr;

/** Acceptance criterion 4 (and the same for method=ip): the exact commands, in order, recorded by stand-ins. */
class MoverArgumentsTest {

    private static final String V4_LINE = "2: eth0    inet 198.18.0.100/24 scope global secondary dynamic eth0\\       valid_lft 85sec preferred_lft 85sec\n";
    private static final String V6_LINE = "2: eth0    inet6 fd00:198:18::100/64 scope global dynamic \\       valid_lft 85sec preferred_lft 85sec\n";
    private static final String LINK = "2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default"
            + " qlen 1000\\    link/ether 4a:c3:5c:55:80:ab brd ff:ff:ff:ff:ff:ff link-netns hub\n";

    @TempDir
    Path dir;
    private StandIns standIns;
    private MoverSettings settings;

    @BeforeEach
    void standIns() {
        this.standIns = new StandIns(this.dir);
        this.settings = this.standIns.settings();
    }

    @Test
    void ipv4TakeoverRefreshRelease() throws Exception {
        this.standIns.output("ip", "addr", V4_LINE);
        IpMover mover = new IpMover(spec("198.18.0.100/24", VipSpec.Method.IP), this.settings);
        mover.takeover();
        mover.awaitAnnouncements();
        assertCalls("arping -D -c 2 -w 1 -I eth0 198.18.0.100",
                "ip addr replace 198.18.0.100/24 dev eth0 valid_lft 2 preferred_lft 2",
                "arping -U -c 1 -I eth0 198.18.0.100",
                "arping -U -c 1 -I eth0 198.18.0.100");
        mover.refresh();
        mover.awaitAnnouncements();
        assertCalls("ip -o -4 addr show dev eth0",
                "arping -U -c 1 -I eth0 198.18.0.100");
        assertTrue(mover.isHeld());
        assertCalls("ip -o -4 addr show dev eth0");
        mover.release();
        assertCalls("ip addr del 198.18.0.100/24 dev eth0");
    }

    /** A planned handover: the forwarding of straddling connections is in place before the address, and goes with a release. */
    @Test
    void plannedTakeoverForwardsStraddlingConnectionsToTheOldHolder() throws Exception {
        this.standIns.output("ip", "addr", V4_LINE);
        IpMover mover = new IpMover(spec("198.18.0.100/24", VipSpec.Method.IP), this.settings);
        mover.takeoverFromLiveMember(InetAddress.getByName("198.18.0.1"));
        mover.awaitAnnouncements();
        String table = "ip havip_776562"; // "web" in hex
        assertCalls("nft add table " + table + " ; flush table " + table + " ; add set " + table + " vip { type ipv4_addr ; flags timeout ; } ; "
                        + "add element " + table + " vip { 198.18.0.100 timeout 2000ms } ; "
                        + "add chain " + table + " handover { type filter hook prerouting priority -150 ; policy accept ; } ; "
                        + "add rule " + table + " handover ip daddr @vip tcp flags & syn == 0 ct state new,invalid dup to 198.18.0.1 drop",
                "ip addr replace 198.18.0.100/24 dev eth0 valid_lft 2 preferred_lft 2",
                "arping -U -c 1 -I eth0 198.18.0.100",
                "arping -U -c 1 -I eth0 198.18.0.100");
        assertTrue(mover.forwarding.removalPending(), "the table goes after the window");
        mover.release();
        assertCalls("nft add table " + table + " ; delete table " + table, "ip addr del 198.18.0.100/24 dev eth0");
        assertFalse(mover.forwarding.removalPending());
    }

    /** Forwarding to a holder address it cannot use costs only the straddling connections: the takeover goes on. */
    @Test
    void plannedTakeoverWithoutAUsableHolderAddressStillTakesOver() throws Exception {
        this.standIns.output("ip", "addr", V4_LINE);
        IpMover mover = new IpMover(spec("198.18.0.100/24", VipSpec.Method.IP), this.settings);
        for (String holder : List.of("0.0.0.0", "127.0.0.1", "fd00:198:18::1")) {
            mover.takeoverFromLiveMember(InetAddress.getByName(holder));
            mover.awaitAnnouncements();
            assertCalls("ip addr replace 198.18.0.100/24 dev eth0 valid_lft 2 preferred_lft 2", "arping -U -c 1 -I eth0 198.18.0.100",
                    "arping -U -c 1 -I eth0 198.18.0.100");
            mover.release();
            assertCalls("ip addr del 198.18.0.100/24 dev eth0");
        }
        this.standIns.fail("nft", 1, "Error: Could not process rule: Operation not permitted");
        mover.takeoverFromLiveMember(InetAddress.getByName("198.18.0.1"));
        mover.awaitAnnouncements();
        assertTrue(mover.isHeld(), "a failing nft does not stop the takeover");
        mover.release();
    }

    @Test
    void ipv6TakeoverWaitsForTheKernelsDuplicateDetectionThenSendsOverridingAdvertisements() throws Exception {
        this.standIns.output("ip", "addr", V6_LINE);
        this.standIns.output("ip", "link", LINK);
        IpMover mover = new IpMover(spec("fd00:198:18::100/64", VipSpec.Method.IP), this.settings);
        mover.takeover();
        mover.awaitAnnouncements();
        String na = "na6 -i eth0 -s fd00:198:18:0:0:0:0:100 -d ff02::1 -t fd00:198:18:0:0:0:0:100 -S 4a:c3:5c:55:80:ab -e -o";
        assertCalls("ip addr replace fd00:198:18:0:0:0:0:100/64 dev eth0 valid_lft 2 preferred_lft 2",
                "ip -o -6 addr show dev eth0",
                "ip -o link show dev eth0",
                na, na);
        mover.refresh();
        mover.awaitAnnouncements();
        assertCalls("ip -o -6 addr show dev eth0",
                "ip -o link show dev eth0",
                na);
    }

    @Test
    void refreshNeverAddsBackAnAddressThatRanOut() {
        this.standIns.output("ip", "addr", "2: eth0    inet 198.18.0.1/24 scope global eth0\\       valid_lft forever preferred_lft forever\n");
        IpMover mover = new IpMover(spec("198.18.0.100/24", VipSpec.Method.IP), this.settings);
        MoverException e = assertThrows(MoverException.class, mover::refresh);
        assertTrue(e.getMessage().contains("no longer on eth0"), e.getMessage());
        assertCalls("ip -o -4 addr show dev eth0");

        this.standIns.output("ip", "addr", V4_LINE.replace("85sec", "1sec"));
        e = assertThrows(MoverException.class, mover::refresh);
        assertTrue(e.getMessage().contains("about to run out"), e.getMessage());
        assertCalls("ip -o -4 addr show dev eth0");
    }

    /** A second left is normal between two renewals of a 2 s lifetime: while the renewer works, the refresh only announces. */
    @Test
    void aRefreshLeavesTheRenewalToAWorkingRenewer() throws Exception {
        this.standIns.output("ip", "addr", V4_LINE);
        IpMover mover = new IpMover(spec("198.18.0.100/24", VipSpec.Method.IP), this.settings);
        mover.takeoverFromMember();
        mover.awaitAnnouncements();
        this.standIns.clearCalls();
        this.standIns.output("ip", "addr", V4_LINE.replace("85sec", "1sec"));
        mover.refresh();
        mover.awaitAnnouncements();
        assertCalls("ip -o -4 addr show dev eth0", "arping -U -c 1 -I eth0 198.18.0.100");
        mover.release();
    }

    @Test
    void lifetimeIsTwoSecondsUnlessNothingRefreshes() {
        assertEquals(Optional.of(Duration.ofSeconds(2)), IpMover.lifetimeFor(spec("198.18.0.100/24", VipSpec.Method.IP)));
        assertEquals(Optional.of(Duration.ofSeconds(2)), IpMover.lifetimeFor(withRefresh(Duration.ofSeconds(2))));
        assertEquals(Optional.empty(), IpMover.lifetimeFor(withRefresh(Duration.ZERO)));
    }

    /** Without a renewer at work (it stopped after a pause, or never started) a refresh renews the lifetime itself and starts one. */
    @Test
    void aRefreshRenewsItselfWhenTheRenewerIsNotAtWork() throws Exception {
        this.standIns.output("ip", "addr", V4_LINE);
        IpMover mover = new IpMover(spec("198.18.0.100/24", VipSpec.Method.IP), this.settings);
        mover.takeoverFromMember();
        mover.awaitAnnouncements();
        this.standIns.clearCalls();
        mover.renewer.stop();
        mover.refresh();
        mover.awaitAnnouncements();
        assertCalls("ip -o -4 addr show dev eth0",
                "ip addr change 198.18.0.100/24 dev eth0 valid_lft 2 preferred_lft 2",
                "arping -U -c 1 -I eth0 198.18.0.100");
        assertTrue(mover.renewer.renewing(), "the refresh started a renewer");
        mover.release();
        assertFalse(mover.renewer.renewing(), "a release stops it");
    }

    @Test
    void ipvsTakeoverRefreshRelease() throws Exception {
        this.standIns.output("ip", "addr", V4_LINE);
        VipSpec spec = spec("198.18.0.100/24", VipSpec.Method.IPVS);
        IpvsMover mover = new IpvsMover(spec, this.settings, List.of(80, 443), IpMover.lifetimeFor(spec));
        mover.setRealServers(List.of(InetAddress.getByName("198.18.0.1"), InetAddress.getByName("198.18.0.2")));
        assertCalls(); // nothing is configured before the takeover
        mover.takeover();
        assertCalls("arping -D -c 2 -w 1 -I eth0 198.18.0.100",
                "ip addr replace 198.18.0.100/24 dev eth0 valid_lft 2 preferred_lft 2",
                "arping -U -c 1 -I eth0 198.18.0.100",
                "arping -U -c 1 -I eth0 198.18.0.100",
                "ipvsadm -D -t 198.18.0.100:80",
                "ipvsadm -A -t 198.18.0.100:80 -s rr",
                "ipvsadm -D -t 198.18.0.100:443",
                "ipvsadm -A -t 198.18.0.100:443 -s rr",
                "ipvsadm -a -t 198.18.0.100:80 -r 198.18.0.1:80 -g -w 1",
                "ipvsadm -a -t 198.18.0.100:443 -r 198.18.0.1:443 -g -w 1",
                "ipvsadm -a -t 198.18.0.100:80 -r 198.18.0.2:80 -g -w 1",
                "ipvsadm -a -t 198.18.0.100:443 -r 198.18.0.2:443 -g -w 1");

        mover.setRealServers(List.of(InetAddress.getByName("198.18.0.2"), InetAddress.getByName("198.18.0.3")));
        assertCalls("ipvsadm -d -t 198.18.0.100:80 -r 198.18.0.1:80",
                "ipvsadm -d -t 198.18.0.100:443 -r 198.18.0.1:443",
                "ipvsadm -a -t 198.18.0.100:80 -r 198.18.0.3:80 -g -w 1",
                "ipvsadm -a -t 198.18.0.100:443 -r 198.18.0.3:443 -g -w 1");

        mover.refresh(); // nothing pending: only the address is renewed and announced
        assertCalls("ip -o -4 addr show dev eth0",
                "arping -U -c 1 -I eth0 198.18.0.100");

        this.standIns.fail("ipvsadm", 2, "Memory allocation problem\n");
        assertThrows(MoverException.class, () -> mover.setRealServers(List.of(InetAddress.getByName("198.18.0.2"))));
        assertCalls("ipvsadm -d -t 198.18.0.100:80 -r 198.18.0.3:80");
        this.standIns.fail("ipvsadm", 0, "");
        mover.refresh(); // retries what failed
        assertCalls("ip -o -4 addr show dev eth0",
                "arping -U -c 1 -I eth0 198.18.0.100",
                "ipvsadm -d -t 198.18.0.100:80 -r 198.18.0.3:80",
                "ipvsadm -d -t 198.18.0.100:443 -r 198.18.0.3:443");

        mover.release();
        assertCalls("ipvsadm -D -t 198.18.0.100:80",
                "ipvsadm -D -t 198.18.0.100:443",
                "ip addr del 198.18.0.100/24 dev eth0");
        mover.setRealServers(List.of(InetAddress.getByName("198.18.0.1")));
        assertCalls(); // not held: remembered for the next takeover only
    }

    @Test
    void ipvsReleaseRemovesTheAddressEvenWhenIpvsadmFails() throws Exception {
        this.standIns.fail("ipvsadm", 2, "Can't initialize ipvs: Protocol not available\n");
        IpvsMover mover = new IpvsMover(spec("198.18.0.100/24", VipSpec.Method.IPVS), this.settings, List.of(80), Optional.empty());
        MoverException e = assertThrows(MoverException.class, mover::release);
        assertTrue(e.getMessage().contains("Protocol not available"), e.getMessage());
        assertCalls("ipvsadm -D -t 198.18.0.100:80", "ip addr del 198.18.0.100/24 dev eth0");
    }

    @Test
    void ipvsUsesBracketsForIpv6() throws Exception {
        this.standIns.output("ip", "addr", V6_LINE);
        this.standIns.output("ip", "link", LINK);
        IpvsMover mover = new IpvsMover(spec("fd00:198:18::100/64", VipSpec.Method.IPVS), this.settings, List.of(80), Optional.empty());
        mover.setRealServers(List.of(InetAddress.getByName("fd00:198:18::1")));
        assertThrows(IllegalArgumentException.class, () -> mover.setRealServers(List.of(InetAddress.getByName("198.18.0.1"))));
        mover.takeover();
        List<List<String>> calls = this.standIns.calls();
        assertEquals(call("ipvsadm -a -t [fd00:198:18:0:0:0:0:100]:80 -r [fd00:198:18:0:0:0:0:1]:80 -g -w 1"), calls.get(calls.size() - 1));
    }

    @Test
    void commandMoverRunsTheExpandedUserCommands() throws Exception {
        Path up = this.standIns.recorder("vip-up");
        Path down = this.standIns.recorder("vip-down");
        VipSpec spec = new VipSpec("web", Cidr.parse("198.18.0.100/24"), "eth0", VipSpec.Method.COMMAND, 2, Duration.ofMillis(20), Duration.ofSeconds(30),
                Optional.of(CommandTemplate.parse(List.of(up.toString(), "{address}/{prefix}", "dev", "{interface}", "--name={vip}", "two words"),
                        CommandTemplate.VIP_PLACEHOLDERS)),
                Optional.of(CommandTemplate.parse(List.of(down.toString(), "{address}", "{prefix}", "{interface}", "{vip}"), CommandTemplate.VIP_PLACEHOLDERS)),
                Optional.empty());
        Mover mover = Movers.create(spec, this.settings);
        assertInstanceOf(CommandMover.class, mover);
        assertFalse(mover.isHeld());
        mover.takeover();
        assertTrue(mover.isHeld());
        assertEquals(List.of(List.of("vip-up", "198.18.0.100/24", "dev", "eth0", "--name=web", "two words")), this.standIns.calls());
        this.standIns.clearCalls();
        mover.refresh();
        assertCalls();
        this.standIns.fail("vip-down", 4, "cannot\n");
        MoverException e = assertThrows(MoverException.class, mover::release);
        assertEquals("command '" + down + " 198.18.0.100 24 eth0 web' failed with exit status 4: cannot", e.getMessage());
        assertTrue(mover.isHeld(), "a failed release leaves it held");
        this.standIns.clearCalls();
        this.standIns.fail("vip-down", 0, "");
        mover.release();
        assertFalse(mover.isHeld());
        assertCalls("vip-down 198.18.0.100 24 eth0 web");
    }

    @Test
    void notifierRunsInOrderAndNeverThrows() throws Exception {
        Path notify = this.standIns.recorder("notify");
        VipSpec spec = new VipSpec("web", Cidr.parse("198.18.0.100/24"), "eth0", VipSpec.Method.NONE, 2, Duration.ofMillis(20), Duration.ofSeconds(30),
                Optional.empty(), Optional.empty(),
                Optional.of(CommandTemplate.parse(List.of(notify.toString(), "{vip}", "{from}", "{to}", "{node}", "{address}", "{prefix}", "{interface}"),
                        CommandTemplate.NOTIFY_PLACEHOLDERS)));
        Notifier notifier = new Notifier(spec, "node-a", this.settings.withCommandTimeout(Duration.ofMillis(500)));
        notifier.stateChanged("INIT", "BACKUP");
        notifier.stateChanged("BACKUP", "MASTER").get(5, TimeUnit.SECONDS);
        assertCalls("notify web INIT BACKUP node-a 198.18.0.100 24 eth0", "notify web BACKUP MASTER node-a 198.18.0.100 24 eth0");

        this.standIns.fail("notify", 1, "boom\n");
        notifier.stateChanged("MASTER", "FAULT").get(5, TimeUnit.SECONDS); // completes normally: logged, not thrown
        assertCalls("notify web MASTER FAULT node-a 198.18.0.100 24 eth0");

        this.standIns.script("notify", "#!/bin/sh\nexec sleep 30\n");
        long start = System.nanoTime();
        notifier.stateChanged("FAULT", "BACKUP").get(5, TimeUnit.SECONDS); // killed at the timeout
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));

        Notifier silent = new Notifier(spec("198.18.0.100/24", VipSpec.Method.NONE), "node-a", this.settings);
        assertTrue(silent.stateChanged("BACKUP", "MASTER").isDone(), "no notify-command: nothing to run");
    }

    @Test
    void factoryChoosesTheMoverForTheMethod() {
        assertInstanceOf(IpMover.class, Movers.create(spec("198.18.0.100/24", VipSpec.Method.IP), this.settings));
        assertInstanceOf(IpvsMover.class, Movers.create(spec("198.18.0.100/24", VipSpec.Method.IPVS), this.settings));
        assertInstanceOf(NoneMover.class, Movers.create(spec("198.18.0.100/24", VipSpec.Method.NONE), this.settings));
        assertCalls();
    }

    /**
     * The calls since the last check, then forgets them. The dead-JVM watch ({@code ip -batch -}) starts beside the
     * announcements at a moment of its own: {@link #theDeadJvmWatchIsStartedAfterTheAddressIsAdded} checks it.
     */
    private void assertCalls(String... expected) {
        List<List<String>> calls = new ArrayList<>();
        for (String e : expected) {
            calls.add(call(e));
        }
        assertEquals(calls, this.standIns.calls().stream().filter(c -> !c.equals(call(WATCH))).toList());
        this.standIns.clearCalls();
    }

    private static final String WATCH = "ip -batch -";

    @Test
    void theDeadJvmWatchIsStartedAfterTheAddressIsAdded() throws Exception {
        this.standIns.output("ip", "addr", V4_LINE);
        IpMover mover = new IpMover(spec("198.18.0.100/24", VipSpec.Method.IP), this.settings);
        mover.takeoverFromMember();
        mover.awaitAnnouncements();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (!this.standIns.calls().contains(call(WATCH)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<List<String>> calls = this.standIns.calls();
        assertEquals(1, calls.stream().filter(c -> c.equals(call(WATCH))).count(), "one watch per takeover: " + calls);
        assertEquals(call("ip addr replace 198.18.0.100/24 dev eth0 valid_lft 2 preferred_lft 2"), calls.get(0), "the address first");
        mover.release();
    }

    static VipSpec spec(String cidr, VipSpec.Method method) {
        return new VipSpec("web", Cidr.parse(cidr), "eth0", method, 2, Duration.ofMillis(20), Duration.ofSeconds(30),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static VipSpec withRefresh(Duration refresh) {
        return new VipSpec("web", Cidr.parse("198.18.0.100/24"), "eth0", VipSpec.Method.IP, 2, Duration.ofMillis(20), refresh,
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
