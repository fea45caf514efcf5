package dev.havip.cluster;

/**
 * The one rule "may this node hold this VIP right now", apart from the election (which decides who
 * should): one implementation per {@code quorum} mode. Read on the engine's decision thread and on
 * mover threads; told of views on the decision thread. A later arbiter mode (leases granted by a
 * witness) is one more implementation.
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

    /** Stops whatever the rule runs in the background. */
    @Override
    default void close() {
    }
}
