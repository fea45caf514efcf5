package dev.havip.engine;

import java.util.concurrent.TimeUnit;

import dev.havip.cluster.ClusterView;
import dev.havip.cluster.Peers;
import dev.havip.cluster.VipAdvert;
import dev.havip.logging.HaVipLogger;

/**
 * The old holder's side of a planned move (SPEC: make-before-break), and of a merge that found the VIP on both sides:
 * it keeps the address while it is stepping down and the coordinator has yet to name the next owner, and while the
 * named owner has not announced the address yet (after a merge: announced again), then for {@link #DRAIN_MS} more for
 * the requests it is still answering. Never when it is unhealthy, faulty, paused,
 * without quorum or out of the view. Decision thread only.
 */
final class Handovers {

    /**
     * The longest a planned move keeps the address on the old holder while the new one has not announced it: the new
     * holder starts its standby deployments first (it waits up to 10 s for them), and the old holder serves meanwhile.
     */
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(65);
    /** After the new owner announced a planned move's address, the old holder keeps it this long for requests in flight. */
    static final long DRAIN_MS = 30;

    private final String node;
    private final Peers peers;
    private final Eligibility eligibility;
    private final DecisionThread decisions;
    private final Runnable requestReconcile;

    Handovers(String node, Peers peers, Eligibility eligibility, DecisionThread decisions, Runnable requestReconcile) {
        this.node = node;
        this.peers = peers;
        this.eligibility = eligibility;
        this.decisions = decisions;
        this.requestReconcile = requestReconcile;
    }

    /** Whether this node keeps the VIP's address for now although it may no longer be the one to hold it. */
    boolean holdingOver(VipRuntime vip, String owner, boolean tableCurrent, ClusterView view, long now) {
        boolean planned = vip.held && tableCurrent && owner != null && vip.healthy && !vip.fault && this.eligibility.mayHoldOver(vip.name(), true);
        boolean waiting;
        VipAdvert theirs = null;
        if (!planned) {
            waiting = false;
        } else if (owner.equals(this.node)) {
            waiting = this.eligibility.steppingDown();
        } else {
            // after a merge the owner's first state says "not announced" until it announced again (VipRuntime.reannounce);
            // its states from before the partition were dropped with the view that excluded it
            theirs = this.peers.advert(owner, vip.name(), view);
            waiting = theirs == null || !theirs.announced() || this.draining(vip, now);
        }
        if (!waiting) {
            if (vip.held && owner != null && !owner.equals(this.node)) {
                HaVipLogger.ROOT_LOGGER.debugf("VIP %s: not holding over for %s (planned %s, table current %s, its advert %s)", vip.name(), owner, planned, tableCurrent,
                        theirs != null ? theirs : "not looked up");
            }
            vip.handoverSinceNanos = -1;
            vip.announcedSeenNanos = -1;
            return false;
        }
        if (vip.handoverSinceNanos < 0) {
            vip.handoverSinceNanos = now;
        }
        return now - vip.handoverSinceNanos < LIMIT_NANOS;
    }

    /** The new owner announced: clients go there now; requests that reached this node just before still finish here. */
    private boolean draining(VipRuntime vip, long now) {
        if (vip.announcedSeenNanos < 0) {
            vip.announcedSeenNanos = now;
            this.decisions.after(DRAIN_MS + 1, "handover drain of " + vip.name(), this.requestReconcile); // a pass when it ends
        }
        return now - vip.announcedSeenNanos < TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
    }
}
