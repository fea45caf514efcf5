package dev.havip.cluster;

/**
 * The one rule "may this node hold this VIP right now", apart from the election (which decides who
 * should): one implementation per {@code quorum} mode. Read on the engine's decision thread and on
 * mover threads; told of views and of what this node wants on the decision thread, of lease messages
 * on JGroups threads.
 */
public interface HoldRule extends AutoCloseable {

    /** The view this node is in now has {@code members} members. */
    void viewChanged(int members);

    /** Whether this node's partition may hold VIPs at all (the runtime attribute {@code quorate}). */
    boolean quorate();

    /** Whether this node may hold {@code vip} right now; a mode with per-VIP grants narrows it. */
    default boolean mayHold(String vip) {
        return this.quorate();
    }

    /**
     * Until when (monotonic clock) this node may hold {@code vip} as far as it can tell now: a mode with leases
     * knows; the others hold until told otherwise. A held address must not outlive it.
     */
    default long holdsUntilNanos(String vip) {
        return Long.MAX_VALUE;
    }

    /**
     * What this node wants of {@code vip}, on every decision pass: the coordinator assigns it here, and/or its
     * address is (still) on this node's interface. A mode with leases asks for them while either is true.
     */
    default void wants(String vip, boolean assigned, boolean held) {
    }

    /** A lease message from a member (JGroups thread); modes without leases ignore them. */
    default void received(org.jgroups.Address sender, ClusterMessage message) {
    }

    /** Stops whatever the rule runs in the background. */
    @Override
    default void close() {
    }
}
