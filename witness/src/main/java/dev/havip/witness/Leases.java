package dev.havip.witness;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The witness's grant table: per cluster and VIP, at most one holder, whose lease ends {@code leaseMs} after the
 * request the witness last granted (by the witness's monotonic clock). Rules, after PaxosLease: a grant goes to
 * the holder again (a renewal) or to anyone once the previous lease has ended; a freshly started witness grants
 * nothing for one lease (it may have granted before it died and remembers nothing); a holder's lease ends early,
 * {@code closeMarginMs} after its connection closed, because a closed connection means its process is gone and
 * the process's death watch removes the address within milliseconds. Called from the connection threads;
 * synchronized.
 */
final class Leases {

    /**
     * The answer to a request: granted, or who holds the VIP and for how much longer ("-" while starting). A grant also
     * says how the previous holder's lease ended ({@code previous}, "-" for none): a server that granted that holder a
     * lease of its own may end it early only when the holder released the VIP or its process is gone.
     */
    record Decision(boolean granted, String holder, long remainingMs, End ended, String previous) {
        Decision(boolean granted, String holder, long remainingMs) {
            this(granted, holder, remainingMs, End.NONE, "-");
        }
    }

    /** How the lease before a grant ended, as the grant reports it. */
    enum End {
        /** nobody held it, or the same holder renews */
        NONE("none"),
        /** its holder said it removed the address */
        RELEASED("released"),
        /** its holder's connection closed: the process is gone (or cut its own connection) */
        CLOSED("closed"),
        /** it ran out: the holder went silent, it may still be alive */
        EXPIRED("expired");

        final String word;

        End(String word) {
            this.word = word;
        }
    }

    private record Grant(String node, long connection, long endsNanos, End end) {
    }

    private final LongSupplier clock;
    private final long leaseNanos;
    private final long closeMarginNanos;
    private final long grantsFromNanos;
    private final Map<String, Grant> grants = new HashMap<>();

    Leases(LongSupplier clock, long leaseMs, long closeMarginMs) {
        this.clock = clock;
        this.leaseNanos = leaseMs * 1_000_000;
        this.closeMarginNanos = closeMarginMs * 1_000_000;
        this.grantsFromNanos = clock.getAsLong() + this.leaseNanos;
    }

    long leaseMs() {
        return this.leaseNanos / 1_000_000;
    }

    synchronized Decision acquire(String cluster, String vip, String node, long connection) {
        long now = this.clock.getAsLong();
        if (now - this.grantsFromNanos < 0) {
            return new Decision(false, "-", millis(this.grantsFromNanos - now));
        }
        String key = cluster + '/' + vip;
        Grant current = this.grants.get(key);
        if (current != null && !current.node().equals(node) && now - current.endsNanos() < 0) {
            return new Decision(false, current.node(), millis(current.endsNanos() - now));
        }
        this.grants.put(key, new Grant(node, connection, now + this.leaseNanos, End.EXPIRED));
        boolean handedOn = current != null && !current.node().equals(node);
        return new Decision(true, node, this.leaseMs(), handedOn ? current.end() : End.NONE, handedOn ? current.node() : "-");
    }

    /** The holder gives the VIP up (it removed the address first): anyone may have it now. */
    synchronized void release(String cluster, String vip, String node) {
        String key = cluster + '/' + vip;
        Grant current = this.grants.get(key);
        if (current != null && current.node().equals(node)) {
            this.grants.put(key, new Grant(node, current.connection(), this.clock.getAsLong(), End.RELEASED));
        }
    }

    /** The connection's process is gone: its leases end after the close margin, unless they end sooner anyway. */
    synchronized void connectionClosed(long connection) {
        long soon = this.clock.getAsLong() + this.closeMarginNanos;
        this.grants.replaceAll((key, grant) -> grant.connection() == connection && grant.endsNanos() - soon > 0
                ? new Grant(grant.node(), connection, soon, End.CLOSED) : grant);
    }

    private static long millis(long nanos) {
        return (nanos + 999_999) / 1_000_000;
    }
}
