package dev.havip.movers;

/**
 * Makes this node hold, or stop holding, one virtual IP. Implementations run native commands and
 * block; the engine calls them from its own mover thread, never from JGroups or management
 * threads, and one at a time per VIP.
 */
public interface Mover {

    /**
     * Puts the address on the interface and announces it. Fails (and leaves the address off) when
     * the address is already answered by another host or a command fails.
     */
    void takeover() throws MoverException;

    /**
     * Takes over a VIP that a cluster member held until just now (failover or planned handover). A
     * host answering for the address then is most likely that member (a frozen holder's kernel still
     * answers), so a mover may skip its check for foreign hosts, which also costs time.
     */
    default void takeoverFromMember() throws MoverException {
        this.takeover();
    }

    /**
     * A planned handover: {@code holder} (the old holder's cluster address) still has the address and serves, and
     * removes it once this takeover is done. A mover may pass it what still belongs to it meanwhile.
     */
    default void takeoverFromLiveMember(java.net.InetAddress holder) throws MoverException {
        this.takeoverFromMember();
    }

    /**
     * Gives the mover a condition that must hold whenever it acts on its own initiative (announcements
     * that run in the background): false while this JVM has just been paused and may no longer own the VIP.
     */
    default void guard(java.util.function.BooleanSupplier mayAct) {
    }

    /**
     * Gives the mover the moment (monotonic clock) until which this node may hold the VIP as far as the hold rule
     * knows; an address with a kernel lifetime is not renewed past it, so a frozen JVM loses it with the lease.
     */
    default void limit(java.util.function.LongSupplier holdsUntilNanos) {
    }

    /**
     * Readies ahead of time what a takeover will need, so that it does not cost the failover (IpMover: an {@code ip}
     * child waiting for its line); readied again after each release. Called once the VIP is set up.
     */
    default void prepareTakeover() {
    }

    /** Ends what {@link #prepareTakeover} started, for good: the VIP is no longer managed here (released next). */
    default void close() {
    }

    /** Announces the address again and renews whatever keeps it alive; called every garp-refresh-interval while held. */
    void refresh() throws MoverException;

    /** Removes the address; succeeds when it is already absent. */
    void release() throws MoverException;

    /** Whether the address is on this node's interface right now. */
    boolean isHeld() throws MoverException;
}
