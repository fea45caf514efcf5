package dev.havip.engine;

import java.util.Set;

import java.util.function.BooleanSupplier;

import dev.havip.movers.Mover;
import dev.havip.movers.MoverException;

/**
 * A mover that holds the VIP in memory and writes every action to the shared {@link Timeline}.
 * Once its node has crashed it refuses everything: a dead machine neither adds nor removes an
 * address (the address died with it, see {@link EngineCluster.Node#crash()}).
 */
class RecordingMover implements Mover {

    private final String node;
    private final String vip;
    private final Timeline timeline;
    private final BooleanSupplier crashed;
    private final EngineCluster.Node owner;
    private volatile boolean held;
    /** Takeovers that probed for a foreign host first (not known to come from a member). */
    final java.util.concurrent.atomic.AtomicInteger probedTakeovers = new java.util.concurrent.atomic.AtomicInteger();

    RecordingMover(String node, String vip, Timeline timeline, BooleanSupplier crashed, EngineCluster.Node owner) {
        this.node = node;
        this.vip = vip;
        this.timeline = timeline;
        this.crashed = crashed;
        this.owner = owner;
        // left over from an earlier run: the address is already on the interface when the engine starts
        this.held = owner != null && owner.staleAtStart.contains(vip);
    }

    @Override
    public void takeover() throws MoverException {
        this.probedTakeovers.incrementAndGet();
        long probe = this.owner != null ? this.owner.duplicateProbeMillis : 0;
        if (probe > 0) {
            EngineCluster.sleep(probe); // like arping -D: only a takeover not known to come from a member probes
            Set<String> answering = this.timeline.holders(this.vip);
            if (!answering.isEmpty()) {
                throw new MoverException("address " + this.vip + " is already in use by another host (" + answering + ")"); // it answered the probe
            }
        }
        this.takeoverFromMember();
    }

    @Override
    public void takeoverFromMember() throws MoverException {
        this.refuseIfCrashed();
        if (this.owner != null && this.owner.brokenTakeovers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("a bug in the mover");
        }
        if (this.owner != null && this.owner.failingTakeovers.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new MoverException("'/usr/sbin/ip addr replace' exited with status 2: RTNETLINK answers: Operation not permitted");
        }
        long probe = this.owner != null ? this.owner.takeoverProbeMillis : 0;
        if (probe > 0) {
            // like a duplicate-address probe (arping -D) before the address is added
            this.owner.takeoverStarted.countDown();
            try {
                Thread.sleep(probe);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MoverException("interrupted");
            }
        }
        synchronized (this.timeline) {
            this.timeline.record(this.node, this.vip, Timeline.Kind.TAKE);
            this.held = true;
        }
    }

    @Override
    public void refresh() throws MoverException {
        this.refuseIfCrashed();
        this.timeline.record(this.node, this.vip, Timeline.Kind.REFRESH);
    }

    @Override
    public void release() throws MoverException {
        this.refuseIfCrashed();
        synchronized (this.timeline) {
            this.timeline.record(this.node, this.vip, Timeline.Kind.RELEASE);
            this.held = false;
        }
    }

    @Override
    public boolean isHeld() {
        return this.held;
    }

    /** The machine died: whatever it held is gone from the network. */
    void crash() {
        synchronized (this.timeline) {
            if (this.held) {
                this.timeline.record(this.node, this.vip, Timeline.Kind.CRASH);
                this.held = false;
            }
        }
    }

    private void refuseIfCrashed() throws MoverException {
        if (this.crashed.getAsBoolean()) {
            throw new MoverException(this.node + " has crashed");
        }
    }
}
