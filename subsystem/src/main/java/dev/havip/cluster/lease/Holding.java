package dev.havip.cluster.lease;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The leases this server holds, per VIP and grantor (itself, its peers, the witness). A lease is counted from the
 * moment its request left, shortened for clock drift and for the time it takes to remove the address, so it ends here
 * before any grantor's count of it ends. The server may hold the VIP while a majority of the grantors' leases run.
 * Synchronized: called on JGroups threads (replies), the lease thread, the witness thread and the decision thread.
 */
final class Holding {

    /** How much faster than a grantor's this server's clock may run (PaxosLease's bounded drift). */
    static final double DRIFT = 0.01;
    /** Time to take the address off the interface once the lease is over, at most. */
    static final long REMOVAL_MARGIN_MS = 100;

    private final LongSupplier clock;
    private final Map<String, Map<String, Long>> ends = new HashMap<>();

    Holding(LongSupplier clock) {
        this.clock = clock;
    }

    /** {@code grantor} granted {@code vip} for {@code leaseMs} in answer to a request sent at {@code sentNanos}. */
    synchronized void granted(String vip, String grantor, long sentNanos, long leaseMs) {
        long usable = (long) (leaseMs * (1 - DRIFT)) - REMOVAL_MARGIN_MS;
        long end = sentNanos + usable * 1_000_000;
        this.ends.computeIfAbsent(vip, v -> new HashMap<>()).merge(grantor, end, Math::max);
    }

    /** {@code grantor} refused: whatever it granted before is over (it granted someone else, or restarted). */
    synchronized void refused(String vip, String grantor) {
        Map<String, Long> grants = this.ends.get(vip);
        if (grants != null) {
            grants.remove(grantor);
        }
    }

    /** This server gave {@code vip} up. */
    synchronized void forget(String vip) {
        this.ends.remove(vip);
    }

    /**
     * Until when (this server's monotonic clock) it may hold {@code vip}: the end of the {@code majority}-th longest
     * running lease; a moment already past when fewer than {@code majority} grantors granted it.
     */
    synchronized long untilNanos(String vip, int majority) {
        long now = this.clock.getAsLong();
        Map<String, Long> grants = this.ends.getOrDefault(vip, Map.of());
        List<Long> running = new ArrayList<>();
        grants.values().stream().filter(end -> end - now > 0).forEach(running::add);
        if (running.size() < majority) {
            return now - 1;
        }
        running.sort((x, y) -> Long.compare(y - now, x - now));
        return running.get(majority - 1);
    }
}
