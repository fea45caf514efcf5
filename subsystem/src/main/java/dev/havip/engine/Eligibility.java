package dev.havip.engine;

import dev.havip.cluster.HoldRule;
import dev.havip.cluster.PauseDetector;

/**
 * Whether this node may take part right now, in one place: its own switches (ready, maintenance,
 * leaving, rejoining after a pause), the pause detector, and the quorum mode's {@link HoldRule}. The
 * switches are written on management, pause-detector and rejoin threads; read on the decision and
 * mover threads.
 */
final class Eligibility implements AutoCloseable {

    private final HoldRule rule;
    private volatile PauseDetector pauses;
    volatile boolean ready = true;
    volatile boolean maintenance;
    volatile boolean leaving;
    /** WildFly suspended the server (or is suspending it): it refuses requests, so it should hold nothing. */
    volatile boolean suspended;
    volatile boolean rejoining;
    /** Bumped by every pause: mover results and decisions from before it are stale. */
    private volatile long generation;

    Eligibility(HoldRule rule, boolean maintenance) {
        this.rule = rule;
        this.maintenance = maintenance;
    }

    void watch(PauseDetector detector) {
        this.pauses = detector;
    }

    HoldRule rule() {
        return this.rule;
    }

    boolean quorate() {
        return this.rule.quorate();
    }

    /**
     * Whether this node may be a candidate at all. Without quorum it is not, so its coordinator (maybe itself,
     * alone) revokes its assignments instead of keeping them for the moment quorum comes back.
     */
    boolean nodeEligible() {
        return this.ready && !this.maintenance && !this.leaving && !this.suspended && !this.rejoining && this.rule.quorate();
    }

    /** The hold rule: may this node hold {@code vip} right now (the coordinator's assignment aside). */
    boolean mayHold(String vip, boolean connected) {
        return connected && !this.leaving && this.mayAct() && this.rule.mayHold(vip);
    }

    /** Maintenance, not ready, suspended or shutting down: this node gives its VIPs away, make-before-break like any planned move. */
    boolean steppingDown() {
        return this.maintenance || this.leaving || this.suspended || !this.ready;
    }

    /**
     * Whether this node may keep a VIP it holds until the member taking it over has announced it (a planned move):
     * connected, not paused, the hold rule agrees. Maintenance, not ready and shutting down do not stop that; a
     * pause, a lost quorum or a lost view do.
     */
    boolean mayHoldOver(String vip, boolean connected) {
        return connected && this.mayAct() && this.rule.mayHold(vip);
    }

    /** Whether adding or announcing an address is still right: not from the moment a pause is suspected until the rejoin is done. */
    boolean mayAct() {
        PauseDetector detector = this.pauses;
        return !this.rejoining && (detector == null || !detector.suspectsPause());
    }

    /** A pause was detected: whatever was decided before it is void until the rejoin is done. */
    void paused() {
        this.generation++;
        this.rejoining = true;
    }

    long generation() {
        return this.generation;
    }

    String whyIneligible(VipRuntime vip) {
        return !this.ready ? "the server is not ready" : this.maintenance ? "it is in maintenance"
                : this.leaving ? "it is shutting down" : this.suspended ? "the server is suspended" : this.rejoining ? "it is rejoining the cluster"
                : vip.fault ? "the VIP is in FAULT: " + vip.lastError : !vip.healthy ? "a health check is not UP"
                : !this.rule.quorate() ? "its partition has no quorum" : "unknown";
    }

    @Override
    public void close() {
        PauseDetector detector = this.pauses;
        if (detector != null) {
            detector.close();
        }
        this.rule.close();
    }
}
