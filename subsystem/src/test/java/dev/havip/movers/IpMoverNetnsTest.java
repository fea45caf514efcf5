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
        this.lab = serversAndClient();
    }

    /** Servers a and b and a client on one hub, each with an IPv4 and an IPv6 address (HandoverForwardingNetnsTest too). */
    static NetLab serversAndClient() {
        return new NetLab()
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

    /**
     * The renewer keeps a held address alive past its 2 s lifetime; when renewals stop (a frozen JVM writes nothing)
     * the kernel removes it about 2 s after the last one, without any command from the holder, and a late refresh
     * does not add it back (by then another member may hold it).
     */
    @Test
    void aHeldAddressOutlivesItsLifetimeUntilRenewalsStop() throws Exception {
        IpMover v4 = new IpMover(spec(VIP4 + "/24"), this.settings("a"));
        IpMover v6 = new IpMover(spec(VIP6 + "/64"), this.settings("a"));
        v4.takeover();
        v6.takeover();
        v4.awaitAnnouncements();
        v6.awaitAnnouncements();
        Thread.sleep(Renewer.LIFETIME.toMillis() + 1_500);
        for (IpMover mover : List.of(v4, v6)) {
            AddressEntry entry = mover.find().orElseThrow(() -> new AssertionError("an address ran out although its renewer was at work"));
            assertTrue(entry.validSeconds().getAsLong() >= 1 && entry.validSeconds().getAsLong() <= 2, "renewed to 2 s: " + entry);
            Duration cpu = mover.renewer.childCpu().orElseThrow();
            System.out.printf("[lifetime] the renewing ip child used %d ms of CPU for about %d renewals%n", cpu.toMillis(),
                    (Renewer.LIFETIME.toMillis() + 1_500) / Renewer.INTERVAL.toMillis());
            assertTrue(cpu.toMillis() <= 100, "renewing is a pipe write, not a process: " + cpu);
            mover.renewer.stop(); // what a frozen JVM does: nothing
        }
        long stopped = System.nanoTime();
        long deadline = stopped + TimeUnit.SECONDS.toNanos(6);
        while ((this.lab.hasAddress("a", VIP4) || this.lab.hasAddress("a", VIP6)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        long gone = (System.nanoTime() - stopped) / 1_000_000;
        System.out.printf("[lifetime] both addresses ran out %d ms after the last renewals%n", gone);
        assertFalse(this.lab.hasAddress("a", VIP4), "the kernel removes an IPv4 address nobody renews");
        assertFalse(this.lab.hasAddress("a", VIP6), "the kernel removes an IPv6 address nobody renews");
        // the last renewal was at most 0.5 s before the stop; the kernel checks up to 0.25 s late, its worker later still
        // on a busy machine: 3 s at most, the bound a frozen holder is promised
        assertTrue(gone <= Renewer.LIFETIME.toMillis() + 1_000, "ran out after " + gone + " ms");

        for (IpMover mover : List.of(v4, v6)) {
            MoverException e = assertThrows(MoverException.class, mover::refresh);
            assertTrue(e.getMessage().contains("no longer on eth0"), e.getMessage());
        }
        assertFalse(this.lab.hasAddress("a", VIP4), "a late refresh does not add the address back");
    }

    /**
     * quorum=witness's backstop: an address is renewed only while it would still run out before the lease ends, so a
     * holder that stops renewing its lease (frozen, cut off) loses the address with the lease, whatever its JVM does.
     * The lease here ends 3.5 s after the takeover: one renewal fits (at 1 s), the next does not.
     */
    @Test
    void aHeldAddressRunsOutWithItsLease() throws Exception {
        IpMover v4 = new IpMover(spec(VIP4 + "/24"), this.settings("a"));
        long start = System.nanoTime();
        long leaseEnd = start + TimeUnit.MILLISECONDS.toNanos(3_500);
        v4.limit(() -> leaseEnd);
        v4.takeover();
        v4.awaitAnnouncements();
        long deadline = leaseEnd + TimeUnit.SECONDS.toNanos(5);
        while (this.lab.hasAddress("a", VIP4) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long gone = System.nanoTime();
        System.out.printf("[lease] the address ran out %d ms after the takeover, %d ms before the lease's end%n",
                (gone - start) / 1_000_000, (leaseEnd - gone) / 1_000_000);
        assertFalse(this.lab.hasAddress("a", VIP4), "the address outlived its lease by 5 s");
        assertTrue(gone - start > Renewer.LIFETIME.toNanos(), "it was renewed while the lease allowed: gone after " + (gone - start) / 1_000_000 + " ms");
        assertTrue(gone - leaseEnd <= Renewer.KERNEL_LATENESS.toNanos(), "outlived the lease by " + (gone - leaseEnd) / 1_000_000 + " ms");
        v4.release();
    }

    /**
     * A planned IPv6 handover is make-before-break: b adds the address while a still has it. Without {@code nodad}
     * b's kernel would find a's copy in duplicate address detection and refuse it; with it, b's address is usable at
     * once, stays usable after a removes its copy, and the client follows b's override advertisement.
     */
    @Test
    void ipv6MakeBeforeBreakHandoverHasNoDuplicateAddressFailure() throws Exception {
        VipSpec spec = spec(VIP6 + "/64");
        IpMover a = new IpMover(spec, this.settings("a"));
        IpMover b = new IpMover(spec, this.settings("b"));
        this.lab.staleNeighbour("client", VIP6, OLD_MAC); // unsolicited advertisements update entries, they create none
        a.takeover();
        a.awaitAnnouncements();
        this.assertClientSees(VIP6, this.lab.mac("a"));

        b.takeoverFromMember(); // a live member still has it
        b.awaitAnnouncements();
        assertTrue(b.isHeld(), "b's copy is usable while a still has the address (no DAD, not tentative)");
        this.assertClientSees(VIP6, this.lab.mac("b"));
        a.release();
        Thread.sleep(1_500); // longer than DAD would take to fail it
        AddressEntry entry = b.find().orElseThrow(() -> new AssertionError("b lost the address"));
        assertFalse(entry.dadFailed() || entry.tentative(), "b's address is neither dadfailed nor tentative: " + entry);
        this.lab.runIn("client", "ping", "-6", "-c", "1", "-W", "2", VIP6);
        b.release();
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

        b.prepareTakeover(); // b's takeover gives its line to a waiting ip child, as the engine's movers do
        assertTrue(b.takeoverReady());
        b.takeover();
        assertFalse(b.takeoverReady(), "the waiting child was used");
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
        assertTrue(b.takeoverReady(), "a release readies the next takeover");
        b.close();
        assertFalse(b.takeoverReady(), "closed: nothing left waiting");
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
    void missingPrivilegeIsExplained() {
        // As "nobody" inside the namespace: ip has no CAP_NET_ADMIN.
        MoverSettings settings = this.settings("a").withCommandPrefix(List.of(NetLab.IP, "netns", "exec", this.lab.ns("a"),
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        MoverException e = assertThrows(MoverException.class, new IpMover(spec(VIP4 + "/24"), settings)::takeover);
        CommandRunnerTest.assertPrivilegeHint(e);
        assertFalse(this.lab.hasAddress("a", VIP4));
    }

    /** A readied ip child refused by the kernel fails the takeover with the same explanation as a started one. */
    @Test
    void missingPrivilegeIsExplainedForAReadiedTakeoverToo() {
        MoverSettings settings = this.settings("a").withCommandPrefix(List.of(NetLab.IP, "netns", "exec", this.lab.ns("a"),
                "/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        IpMover a = new IpMover(spec(VIP4 + "/24"), settings);
        a.prepareTakeover();
        try {
            MoverException e = assertThrows(MoverException.class, a::takeoverFromMember);
            CommandRunnerTest.assertPrivilegeHint(e);
            assertTrue(e.getMessage().contains("addr replace " + VIP4 + "/24"), "names the address command, not ip's batch mode: " + e.getMessage());
            assertFalse(this.lab.hasAddress("a", VIP4));
        } finally {
            a.close();
        }
    }

    /** Settings whose commands run inside host {@code name}: exactly what the command prefix is for. */
    private MoverSettings settings(String name) {
        return MoverSettings.defaults().withCommandPrefix(this.lab.exec(name));
    }

    private void assertClientSees(String vip, String mac) throws InterruptedException {
        assertClientSees(this.lab, vip, mac, Duration.ofSeconds(2));
    }

    /** Waits up to {@code limit} for the client's neighbour entry for {@code vip} to be {@code mac}, then insists on it. */
    static void assertClientSees(NetLab lab, String vip, String mac, Duration limit) throws InterruptedException {
        waitFor(() -> lab.neighbour("client", vip).equals(Optional.of(mac)), limit);
        assertEquals(Optional.of(mac), lab.neighbour("client", vip), "the client's neighbour entry for " + vip);
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
