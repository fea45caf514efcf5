package dev.havip.cluster.lease;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * This server as one of {@code quorum=witness}'s grantors (PaxosLease's acceptor, without disk or clock sync): per
 * VIP at most one grantee at a time, another one only once the last grant ran out by this server's monotonic clock
 * (counted from when the request arrived, so later than the grantee counts it), and nothing at all for one lease
 * after start (this server may have granted before it restarted and remembers nothing). Two exceptions end a grant
 * early, both only when the grantee no longer holds: it released the VIP, or the witness reports that its process
 * is gone; and a server that is no longer assigned a VIP it holds grants it to the new owner (a planned move, whose
 * overlap SPEC bounds). Synchronized: called on JGroups threads (requests), the lease and the witness threads.
 */
final class Grantor {

    private record Grant(String node, long untilNanos) {
    }

    private final String self;
    private final LongSupplier clock;
    private final long startedNanos;
    private final long quietMs;
    private final Map<String, Grant> grants = new HashMap<>();
    /** VIPs the coordinator assigns to this server now. */
    private final Set<String> assigned = new HashSet<>();

    Grantor(String self, LongSupplier clock, long quietMs) {
        this.self = self;
        this.clock = clock;
        this.startedNanos = clock.getAsLong();
        this.quietMs = quietMs;
    }

    /** Whether {@code node} (this server included) gets a lease on {@code vip} of {@code leaseMs} from now. */
    synchronized boolean grant(String vip, String node, long leaseMs) {
        long now = this.clock.getAsLong();
        // quiet for as long as the longest lease asked for: the last incarnation granted leases as long as the ones asked now
        if (now - (this.startedNanos + Math.max(this.quietMs, leaseMs) * 1_000_000) < 0) {
            return false;
        }
        Grant current = this.grants.get(vip);
        boolean free = current == null || current.node().equals(node) || now - current.untilNanos() >= 0
                || current.node().equals(this.self) && !this.assigned.contains(vip);
        if (free) {
            this.grants.put(vip, new Grant(node, now + leaseMs * 1_000_000));
        }
        return free;
    }

    /** The coordinator assigns {@code vip} to this server, or no longer does. */
    synchronized void assigned(String vip, boolean assigned) {
        if (assigned) {
            this.assigned.add(vip);
        } else {
            this.assigned.remove(vip);
        }
    }

    /** {@code node} stopped holding {@code vip} (it said so, or the witness saw its process go): its grant ends now. */
    synchronized void ended(String vip, String node) {
        Grant current = this.grants.get(vip);
        if (current != null && current.node().equals(node)) {
            this.grants.remove(vip);
        }
    }

    /** Who this server's live grant of {@code vip} is to, or null (tests, logs). */
    synchronized String grantee(String vip) {
        Grant current = this.grants.get(vip);
        return current != null && this.clock.getAsLong() - current.untilNanos() < 0 ? current.node() : null;
    }
}
