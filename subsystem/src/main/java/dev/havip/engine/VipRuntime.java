package dev.havip.engine;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.havip.cluster.VipAdvert;
import dev.havip.movers.Mover;

/**
 * This node's runtime for one VIP. Mutable, and touched only on the engine's decision thread;
 * readers on other threads see the immutable {@link #status()} snapshot.
 */
final class VipRuntime implements VipHandle {

    static final long FIRST_RETRY_MS = 1000;
    static final long MAX_RETRY_MS = 30_000;

    final VipConfig config;
    final Mover mover;
    final int priority;

    VipState state = VipState.INIT;
    boolean held;
    boolean healthy;
    /** A mover operation is running; no other is started for this VIP meanwhile. */
    boolean busy;
    /**
     * A takeover is running: the address may already be up, so the VIP is advertised as held;
     * the coordinator must not give it to anyone else until this node has released it again.
     */
    boolean taking;
    boolean fault;
    String lastError;
    long retryAtNanos;
    int consecutiveFaults;
    long eligibleSinceNanos = -1;
    long pinEpoch;
    String owner;
    /** The last defined owner, so that A -> (nobody during a handover) -> B counts as one failover. */
    String lastOwner;
    /** The owner before {@link #lastOwner}: a member held the VIP before this node was given it. */
    String previousOwner;
    long failoverCount;
    Instant lastTransition;
    long lastRefreshNanos;
    /** Announce with the next decision instead of at the next refresh (a peer just stopped holding it). */
    boolean announceNow;
    /**
     * A merge found this node holding the VIP, perhaps beside a member of the other partition: it announces once more
     * when a current table names it the owner, and says "not announced" until then, so that the other holder, which
     * clients may have followed, keeps its copy until this one has drawn them back (make-before-break, as a planned move).
     */
    boolean reannounce;
    /** The members an LVS director ({@code method=ipvs}) last sent the VIP's traffic to. */
    java.util.List<String> realServers = java.util.List.of();
    /** A member that held the VIP and then left the view: fenced before this node takes over. */
    String vanishedHolder;
    /** Since when this node keeps the VIP for a planned move until the new owner announced it (-1: it does not). */
    long handoverSinceNanos = -1;
    /** When this node saw the new owner of a planned move announce the address (-1: not yet): the drain starts. */
    long announcedSeenNanos = -1;
    /** The last member of the view that said it held the VIP, until this node takes it (no foreign-host probe then). */
    String memberHolder;

    private volatile VipStatus status;

    VipRuntime(VipConfig config, Mover mover, int defaultPriority) {
        this.config = config;
        this.mover = mover;
        this.priority = config.priority().orElse(defaultPriority);
        this.snapshot(Optional.empty());
    }

    @Override
    public String name() {
        return this.config.name();
    }

    /** Updates eligibility bookkeeping and returns what this node publishes for the VIP. */
    VipAdvert advert(boolean nodeEligible, long now) {
        if (this.fault && now - this.retryAtNanos >= 0) {
            this.fault = false; // retry: become eligible again, the election decides whether to take
        }
        boolean eligible = nodeEligible && this.healthy && !this.fault;
        if (!eligible) {
            this.eligibleSinceNanos = -1;
            this.pinEpoch = 0; // an operator's pin ends when the pinned node can no longer hold the VIP
        } else if (this.eligibleSinceNanos < 0) {
            this.eligibleSinceNanos = now;
        }
        boolean failbackReady = eligible && now - this.eligibleSinceNanos >= this.config.failbackDelay().toNanos();
        return new VipAdvert(this.priority, eligible, failbackReady, this.held || this.taking, this.pinEpoch,
                this.held && !this.taking && !this.reannounce);
    }

    void faulted(String error, long now) {
        this.fault = true;
        this.lastError = error;
        long backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(this.consecutiveFaults, 5));
        this.consecutiveFaults++;
        this.retryAtNanos = now + TimeUnit.MILLISECONDS.toNanos(backoff);
    }

    void succeeded() {
        this.consecutiveFaults = 0;
    }

    VipStatus status() {
        return this.status;
    }

    void snapshot(Optional<String> pinnedTo) {
        this.status = new VipStatus(this.name(), this.state, Optional.ofNullable(this.owner), this.held, this.healthy, this.failoverCount,
                Optional.ofNullable(this.lastTransition), Optional.ofNullable(this.lastError), pinnedTo);
    }
}
