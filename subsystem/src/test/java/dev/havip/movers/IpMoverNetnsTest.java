package dev.havip.movers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.havip.lab.NetLab;
import dev.havip.lab.Tools;
import dev.havip.net.Cidr;

/**
 * Acceptance criterion 1, for real in network namespaces (root only; skipped, visibly, otherwise): servers a and b
 * and a client on one hub, the movers' commands run inside a server through the command prefix.
 */
class IpMoverNetnsTest {

    private static final String VIP4 = "198.18.0.100";
    private static final String VIP6 = "fd00:198:18::100";
    /** What a client's table says after it talked to some earlier holder. */
    private static final String OLD_MAC = "02:00:00:00:00:99";

    private NetLab lab;

    @BeforeEach
    void lab() {
        NetLab.assumeRoot();
        Tools.require("ip", "arping", "na6", "ping");
        this.lab = new NetLab()
                .host("a", "198.18.0.1", "fd00:198:18::1")
                .host("b", "198.18.0.2", "fd00:198:18::2")
                .host("client", "198.18.0.10", "fd00:198:18::10");
    }

    @AfterEach
    void close() {
        if (this.lab != null) {
            this.lab.close();
        }
    }

    @Test
    void ipv4MovesAndTheClientFollowsTheGratuitousArp() throws Exception {
        this.moves(VIP4, 24);
    }

    @Test
    void ipv6MovesAndTheClientFollowsTheUnsolicitedAdvertisement() throws Exception {
        this.moves(VIP6, 64);
    }

    /**
     * A holder whose JVM dies does not keep the address: closing the watch's pipe is what the kernel does at the JVM's
     * exit, and the address is gone at once. A release disarms the watch first: a later takeover's address stays.
     */
    @Test
    void anAddressIsRemovedWhenItsHoldersJvmDiesAndOnlyThen() throws Exception {
        VipSpec spec = spec(VIP4 + "/24");
        IpMover a = new IpMover(spec, this.settings("a"));
        a.takeover();
        a.awaitAnnouncements();
        assertTrue(a.deathWatch.armed(), "the watch runs while the address is held");
        a.release();
        assertFalse(a.deathWatch.armed(), "a release stops the watch");
        a.takeover();
        a.awaitAnnouncements();
        Thread.sleep(500); // the first watch, killed by the release, must not remove the address it did not see coming back
        assertTrue(a.isHeld(), "the address of the second takeover stays");

        long closed = System.nanoTime();
        a.deathWatch.pipeClosedAsAtExit();
        long deadline = closed + TimeUnit.SECONDS.toNanos(2);
        while (a.isHeld() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long gone = (System.nanoTime() - closed) / 1_000_000;
        System.out.printf("[death-watch] address removed %d ms after the holder's pipe closed%n", gone);
        assertFalse(a.isHeld(), "the address is removed when the holder's JVM is gone");
        assertTrue(gone <= 500, "removed after " + gone + " ms");
    }

    private void moves(String vip, int prefix) throws Exception {
        VipSpec spec = spec(vip + "/" + prefix);
        IpMover a = new IpMover(spec, this.settings("a"));
        IpMover b = new IpMover(spec, this.settings("b"));
        String macA = this.lab.mac("a");
        String macB = this.lab.mac("b");
        this.lab.staleNeighbour("client", vip, OLD_MAC);

        a.takeover();
        a.awaitAnnouncements();
        assertTrue(a.isHeld());
        assertFalse(b.isHeld());
        this.assertClientSees(vip, macA);

        a.release();
        assertFalse(a.isHeld());
        assertFalse(this.lab.hasAddress("a", vip), "release removes the address");
        a.release(); // idempotent

        b.takeover();
        b.awaitAnnouncements();
        assertTrue(b.isHeld());
        this.assertClientSees(vip, macB);

        this.lab.staleNeighbour("client", vip, OLD_MAC);
        b.refresh(); // a refresh announces again
        b.awaitAnnouncements();
        this.assertClientSees(vip, macB);

        this.lab.runIn("client", "ping", "-c", "1", "-W", "2", vip); // and the client reaches the new holder
        b.release();
        assertFalse(this.lab.hasAddress("b", vip));
    }

    @Test
    void ipv4AddressAnsweredByAnotherHostIsNotTakenOver() {
        this.lab.runIn("client", NetLab.IP, "addr", "add", VIP4 + "/24", "dev", "eth0");
        IpMover a = new IpMover(spec(VIP4 + "/24"), this.settings("a"));
        MoverException e = assertThrows(MoverException.class, a::takeover);
        assertTrue(e.getMessage().startsWith("address " + VIP4 + " is already in use by another host (" + this.lab.mac("client") + ")"),
                e.getMessage());
        assertFalse(this.lab.hasAddress("a", VIP4));
    }

    @Test
    void ipv6AddressAnsweredByAnotherHostIsNotTakenOver() {
        this.lab.runIn("client", NetLab.IP, "addr", "add", VIP6 + "/64", "dev", "eth0", "nodad");
        IpMover a = new IpMover(spec(VIP6 + "/64"), this.settings("a"));
        MoverException e = assertThrows(MoverException.class, a::takeover);
        assertTrue(e.getMessage().contains("already in use by another host") && e.getMessage().contains("duplicate address detection failed"),
                e.getMessage());
        assertFalse(this.lab.hasAddress("a", VIP6));
    }

    @Test
    void addressRunsOutWhenRefreshesStop() throws Exception {
        // 4 s: a refresh refuses an address with 1 s or less left, and one round (sleep, show, change, arping) may take 2 s under load
        Optional<Duration> lifetime = Optional.of(Duration.ofSeconds(4));
        IpMover v4 = new IpMover(spec(VIP4 + "/24"), this.settings("a"), lifetime);
        IpMover v6 = new IpMover(spec(VIP6 + "/64"), this.settings("a"), lifetime);
        v6.takeover(); // never refreshed
        v6.awaitAnnouncements();
        v4.takeover();
        v4.awaitAnnouncements();
        for (int i = 0; i < 4; i++) { // each round takes about 1.4 s (arping lingers a second): > 5.5 s in all
            Thread.sleep(300);
            v4.refresh();
            v4.awaitAnnouncements();
        }
        assertTrue(v4.isHeld(), "refreshes keep the address");
        assertFalse(this.lab.hasAddress("a", VIP6), "the IPv6 address without refreshes ran out");

        long stopped = System.nanoTime();
        waitFor(() -> !this.lab.hasAddress("a", VIP4), Duration.ofSeconds(8));
        long seconds = Duration.ofNanos(System.nanoTime() - stopped).toSeconds();
        assertTrue(seconds >= 1, "ran out after " + seconds + " s, before its lifetime");

        for (IpMover mover : List.of(v4, v6)) {
            MoverException e = assertThrows(MoverException.class, mover::refresh);
            assertTrue(e.getMessage().contains("no longer on eth0"), e.getMessage());
        }
        assertFalse(this.lab.hasAddress("a", VIP4), "a late refresh does not add the address back");
    }

    @Test
    void missingPrivilegeIsExplained() {
        // As "nobody" inside the namespace: ip has no CAP_NET_ADMIN.
        MoverSettings settings = this.settings("a").withCommandPrefix(List.of(NetLab.IP, "netns", "exec", this.lab.ns("a"),
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        MoverException e = assertThrows(MoverException.class, new IpMover(spec(VIP4 + "/24"), settings)::takeover);
        CommandRunnerTest.assertPrivilegeHint(e);
        assertFalse(this.lab.hasAddress("a", VIP4));
    }

    /** Settings whose commands run inside host {@code name}: exactly what the command prefix is for. */
    private MoverSettings settings(String name) {
        return MoverSettings.defaults().withCommandPrefix(this.lab.exec(name));
    }

    private void assertClientSees(String vip, String mac) throws InterruptedException {
        waitFor(() -> this.lab.neighbour("client", vip).equals(Optional.of(mac)), Duration.ofSeconds(2));
        assertEquals(Optional.of(mac), this.lab.neighbour("client", vip), "the client's neighbour entry for " + vip);
    }

    private static void waitFor(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
    }

    private static VipSpec spec(String cidr) {
        return new VipSpec("web", Cidr.parse(cidr), "eth0", VipSpec.Method.IP, 3, Duration.ofMillis(50), Duration.ofSeconds(30),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
