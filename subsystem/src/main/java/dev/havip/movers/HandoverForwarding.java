package dev.havip.movers;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.havip.logging.Guarded;
import dev.havip.net.IpAddresses;

/**
 * Lets a planned handover lose no connection. A client connection whose handshake straddles the client's ARP update
 * sends its first packets to the old holder and the rest here, where the kernel knows nothing of it and answers with a
 * reset (the 0-2 failed probes of every planned move in the lab). For {@link #WINDOW} after this node takes a VIP from
 * a live member, an nftables table sends such packets on to that member, which still has the address and the
 * connection and answers the client directly: TCP to the VIP without SYN that this node's conntrack did not see start
 * ({@code ct state new,invalid}), duplicated to the old holder's cluster address ({@code dup to}) and dropped here.
 * The kernel keeps the window too (the VIP is a set element with a timeout), so a JVM that dies meanwhile leaves
 * nothing that forwards. Install and remove run on the VIP's mover thread; the removal after the window on the shared
 * {@code ha-vip-forward} thread.
 */
final class HandoverForwarding {

    /** Far longer than a connection that straddles the ARP update needs, and than the old holder's overlap. */
    static final Duration WINDOW = Duration.ofSeconds(2);
    /** After conntrack (-200), before the routing decision that would deliver the packet here. */
    private static final String PRIORITY = "-150";

    private static final ScheduledExecutorService REMOVALS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ha-vip-forward");
        thread.setDaemon(true);
        return thread;
    });

    private final VipSpec spec;
    private final MoverSettings settings;
    private final CommandRunner runner;
    private final String family;
    private final String table;
    private ScheduledFuture<?> removal;
    private boolean installed;
    private boolean complained;

    HandoverForwarding(VipSpec spec, MoverSettings settings, CommandRunner runner) {
        this.spec = spec;
        this.settings = settings;
        this.runner = runner;
        this.family = spec.address().isIpv4() ? "ip" : "ip6";
        // the VIP's resource name in hex: unique per VIP, and only characters nft accepts in a name
        this.table = "havip_" + HexFormat.of().formatHex(spec.name().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Forwards straddling connections to {@code holder} (the old holder's cluster address) for the window. Called before
     * the address is added, so that the rule is in place when the first client switches. A holder address of the other
     * family, link-local with a zone id, a wildcard or loopback, or a failing nft (missing, no CAP_NET_ADMIN) only costs
     * the straddling connections: the handover goes on, and the first failure is logged.
     */
    synchronized void install(InetAddress holder) {
        if (IpAddresses.isIpv4(holder) != this.spec.address().isIpv4() || (holder instanceof Inet6Address v6 && v6.getScopeId() != 0)
                || holder.isAnyLocalAddress() || holder.isLoopbackAddress()) {
            this.complainOnce("the old holder's cluster address " + holder.getHostAddress() + " is not a routable address of the VIP's family");
            return;
        }
        this.cancelRemoval();
        try {
            this.installed = true; // a failure may leave a part of it
            this.runner.run(this.command(holder));
        } catch (MoverException e) {
            this.complainOnce(e.getMessage());
            return;
        }
        long delay = WINDOW.toMillis() + 500; // the kernel's timeout ends the forwarding; this ends conntrack's work
        this.removal = REMOVALS.schedule(Guarded.task("end of the handover forwarding of virtual IP " + this.spec.name(), this::remove),
                delay, TimeUnit.MILLISECONDS);
    }

    /** Removes the table if this node installed it (after the window, or when this node releases the VIP). */
    synchronized void remove() {
        this.cancelRemoval();
        if (!this.installed) {
            return;
        }
        this.installed = false;
        try {
            // "add" first makes the delete succeed whether the table is there or not (nft 1.0.6 has no "destroy")
            this.runner.run(this.nft("add", "table", this.family, this.table, ";", "delete", "table", this.family, this.table));
        } catch (MoverException e) {
            this.complainOnce(e.getMessage());
        }
    }

    synchronized boolean removalPending() {
        return this.removal != null && !this.removal.isDone();
    }

    /** One nft transaction: the table anew, the VIP in a set for the window, the rule. */
    List<String> command(InetAddress holder) {
        String type = this.spec.address().isIpv4() ? "ipv4_addr" : "ipv6_addr";
        return this.nft(
                "add", "table", this.family, this.table, ";",
                "flush", "table", this.family, this.table, ";",
                "add", "set", this.family, this.table, "vip", "{", "type", type, ";", "flags", "timeout", ";", "}", ";",
                "add", "element", this.family, this.table, "vip", "{", this.spec.address().host(), "timeout", WINDOW.toMillis() + "ms", "}", ";",
                "add", "chain", this.family, this.table, "handover", "{", "type", "filter", "hook", "prerouting", "priority", PRIORITY, ";",
                "policy", "accept", ";", "}", ";",
                "add", "rule", this.family, this.table, "handover", this.family, "daddr", "@vip", "tcp", "flags", "&", "syn", "==", "0",
                "ct", "state", "new,invalid", "dup", "to", holder.getHostAddress(), "drop");
    }

    private List<String> nft(String... words) {
        List<String> command = new ArrayList<>(List.of(this.settings.nft().toString()));
        command.addAll(List.of(words));
        return command;
    }

    private void cancelRemoval() {
        if (this.removal != null) {
            this.removal.cancel(false);
            this.removal = null;
        }
    }

    private void complainOnce(String reason) {
        if (!this.complained) {
            this.complained = true;
            MoverLogger.LOG.forwardingFailed(this.spec.name(), reason);
        }
    }
}
