package dev.havip.engine;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.havip.logging.Guarded;
import dev.havip.logging.HaVipLogger;
import dev.havip.movers.Director;
import dev.havip.movers.Mover;
import dev.havip.movers.MoverException;
import dev.havip.movers.Movers;
import dev.havip.movers.VipSpec;
import dev.havip.net.IpAddresses;
import dev.havip.net.NodeName;

/**
 * Makes the decisions so: takeover, release, refresh, an LVS director's real servers, and the fault
 * back-off. Called on the decision thread; each VIP's operation runs on a bounded pool of mover threads
 * ({@code ha-vip-mover-NODE}), one at a time per VIP, and its outcome goes back to the decision thread.
 * Slow native commands never run on the decision thread.
 */
final class MoverRuns {

    /** Mover threads per engine: a takeover's duplicate-address probe takes about a second, so several VIPs move in parallel. */
    static final int THREADS = 16;
    static final int QUEUE = 4096;
    /** The owner's announcement after a merge, before the other partition's holder removes its copy. */
    private static final String MERGE_ANNOUNCEMENT = "announcement after a merge";

    @FunctionalInterface
    interface MoverTask {
        void run() throws Exception;
    }

    private final String node;
    private final Fencer fencer;
    private final Eligibility eligibility;
    private final DecisionThread decisions;
    private final Map<String, VipRuntime> vips;
    private final Runnable reconcile;
    private final ThreadPoolExecutor pool;
    /** Readied before a planned takeover adds the address (set once, before the engine starts). */
    volatile TakeoverPreparation preparation = TakeoverPreparation.NONE;
    /** The pause generation the current decision pass started in: what it starts is void after a pause. */
    private long decidedIn;

    /** @param reconcile a decision pass, run on the decision thread when an operation is done */
    MoverRuns(String node, Fencer fencer, Eligibility eligibility, DecisionThread decisions, Map<String, VipRuntime> vips, Runnable reconcile) {
        this.node = node;
        this.fencer = fencer;
        this.eligibility = eligibility;
        this.decisions = decisions;
        this.vips = vips;
        this.reconcile = reconcile;
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), Threads.daemon("ha-vip-mover-" + node));
        this.pool.allowCoreThreadTimeOut(true);
    }

    /**
     * A new VIP's runtime, with a mover that stays quiet while a pause is suspected. An address found on the
     * interface now is left over from an earlier run (this node owns nothing yet) and is removed. Runs
     * commands: called on a management thread or at start, never on the decision thread.
     */
    VipRuntime prepare(VipConfig config, Function<VipSpec, Mover> movers, int defaultPriority) {
        Mover mover;
        try {
            mover = movers.apply(config.spec());
        } catch (RuntimeException e) {
            HaVipLogger.ROOT_LOGGER.moverFailed("setup", config.name(), e.getMessage());
            mover = Movers.unavailable(e.getMessage());
        }
        try {
            if (mover.isHeld()) {
                mover.release();
                HaVipLogger.ROOT_LOGGER.staleAddressRemoved(config.name(), config.spec().address().toString());
            }
        } catch (Exception e) {
            HaVipLogger.ROOT_LOGGER.moverFailed("start-up cleanup", config.name(), e.getMessage());
        }
        // background announcements stop as soon as a pause is suspected, before the detector drops the address
        mover.guard(this.eligibility::mayAct);
        // with leases (quorum=witness) the address runs out with the lease, even if this JVM freezes
        mover.limit(() -> this.eligibility.rule().holdsUntilNanos(config.name()));
        mover.prepareTakeover();
        return new VipRuntime(config, mover, defaultPriority);
    }

    /** A decision pass starts in this pause generation. */
    void pass(long generation) {
        this.decidedIn = generation;
    }

    /**
     * This node's part for one VIP: hold it exactly when the current coordinator assigned it here and this
     * node may hold it. A node that may not (or no longer) hold releases at once, unless it hands the VIP over
     * in a planned move ({@code holdOver}: until the new owner announced it); a pending coordinator change keeps
     * what is held but takes nothing new. {@code liveHolder}: the cluster address of a member of the view that says it
     * holds the VIP ("" if it published none), null if none does.
     */
    void act(VipRuntime vip, boolean assignedHere, boolean tableCurrent, boolean canHold, boolean holdOver, String liveHolder, long now) {
        if (vip.busy) {
            return;
        }
        if (vip.held) {
            if (holdOver) {
                return; // a planned move: the new owner has not announced the address yet
            }
            if (!canHold || (tableCurrent && !assignedHere)) {
                HaVipLogger.ROOT_LOGGER.debugf("VIP %s: releasing (may hold %s, table current %s, assigned here %s)", vip.name(), canHold, tableCurrent, assignedHere);
                vip.reannounce = false;
                this.run(vip, "release", vip.mover::release, false);
            } else {
                long refresh = vip.config.spec().garpRefreshInterval().toNanos();
                boolean afterMerge = vip.reannounce && tableCurrent;
                if (afterMerge || vip.announceNow || (refresh > 0 && now - vip.lastRefreshNanos >= refresh)) {
                    vip.announceNow = false;
                    vip.lastRefreshNanos = now;
                    this.run(vip, afterMerge ? MERGE_ANNOUNCEMENT : "refresh", vip.mover::refresh, true);
                }
            }
        } else if (assignedHere && canHold) {
            vip.taking = true;
            String vanished = vip.vanishedHolder;
            // after another member held it, whoever still answers for the address is that member: the owner before
            // us in the tables, a member whose last state said it held the address when it vanished, or a member of
            // the view that said it held it (tables naming them may never have reached us: it took the VIP just before
            // it crashed, or while we were cut off)
            boolean fromLiveMember = liveHolder != null;
            boolean fromMember = vanished != null || fromLiveMember || vip.memberHolder != null
                    || (vip.previousOwner != null && !vip.previousOwner.equals(this.node));
            // a live member still holds it: a planned handover, so what the VIP serves gets ready before its address comes here
            boolean planned = vanished == null && fromLiveMember;
            HaVipLogger.ROOT_LOGGER.debugf("VIP %s: taking over (live holder %s, vanished holder %s, from a member %s)", vip.name(), liveHolder, vanished, fromMember);
            this.run(vip, "takeover", () -> {
                if (vanished != null) {
                    this.fence(vanished, vip.name());
                }
                if (planned) {
                    try {
                        this.preparation.beforePlannedTakeover(vip.name());
                    } catch (Exception e) {
                        HaVipLogger.ROOT_LOGGER.moverFailed("preparation", vip.name(), e.getMessage());
                    }
                }
                InetAddress holder = planned ? holderAddress(liveHolder) : null;
                if (holder != null) {
                    vip.mover.takeoverFromLiveMember(holder);
                } else if (fromMember) {
                    vip.mover.takeoverFromMember();
                } else {
                    vip.mover.takeover();
                }
            }, true);
        }
    }

    /** The live holder's cluster address, or null when it published none (or something that is not an address). */
    private static InetAddress holderAddress(String published) {
        try {
            return published.isEmpty() ? null : IpAddresses.parseLiteral(published);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An LVS director sends the VIP's traffic to these members (cluster addresses), once they differ from the last set. */
    void direct(VipRuntime vip, Director director, List<String> servers) {
        if (servers.equals(vip.realServers)) {
            return;
        }
        vip.realServers = servers;
        List<InetAddress> addresses = new ArrayList<>();
        for (String server : servers) {
            try {
                InetAddress address = IpAddresses.parseLiteral(server);
                // direct routing needs a member address of the VIP's own family
                if (IpAddresses.isIpv4(address) == vip.config.spec().address().isIpv4()) {
                    addresses.add(address);
                }
            } catch (IllegalArgumentException e) {
                HaVipLogger.ROOT_LOGGER.moverFailed("real servers", vip.name(), e.getMessage());
            }
        }
        this.run(vip, "real servers", () -> director.setRealServers(addresses), true);
    }

    /** Removes the address on a mover thread (a VIP that stopped being managed while its takeover ran). */
    void releaseLater(VipRuntime vip) {
        try {
            this.pool.execute(Guarded.task("release of " + vip.name(), () -> retire(vip)));
        } catch (RejectedExecutionException e) {
            retire(vip);
        }
    }

    /**
     * A VIP no longer managed here: what its mover readied for takeovers ended, then its address removed (in this order,
     * so the release does not ready another takeover only to have it ended).
     */
    static void retire(VipRuntime vip) {
        vip.mover.close();
        releaseQuietly(vip);
    }

    static void releaseQuietly(VipRuntime vip) {
        try {
            vip.mover.release();
        } catch (Exception e) {
            HaVipLogger.ROOT_LOGGER.moverFailed("release", vip.name(), e.getMessage());
        }
    }

    void shutdown() {
        this.pool.shutdownNow();
    }

    /** The fence command gets only a name that passes the node-name rule: a hostile name never reaches it. */
    private void fence(String vanished, String vip) throws MoverException {
        if (!NodeName.isValid(vanished)) {
            HaVipLogger.ROOT_LOGGER.fenceNameRefused(vip, vanished.replaceAll("[^A-Za-z0-9._-]", "?"));
            throw new MoverException("the vanished holder's name is not a valid node name; not fenced, not taken over");
        }
        this.fencer.fence(vanished, vip);
    }

    private void run(VipRuntime vip, String what, MoverTask task, boolean holdsAfter) {
        vip.busy = true;
        long startedIn = this.decidedIn;
        try {
            this.pool.execute(() -> this.runOnMoverThread(vip, what, task, holdsAfter, startedIn));
        } catch (RejectedExecutionException e) {
            vip.busy = false;
            vip.taking = false;
            HaVipLogger.ROOT_LOGGER.moverFailed(what, vip.name(), "no mover thread accepted it (" + e.getMessage() + ")");
        }
    }

    private void runOnMoverThread(VipRuntime vip, String what, MoverTask task, boolean holdsAfter, long startedIn) {
        // decided before a pause was handled: adding or announcing now would undo the drop
        if (holdsAfter && (!this.eligibility.mayAct() || startedIn != this.eligibility.generation())) {
            this.decisions.execute("skipped " + what, () -> {
                vip.busy = false;
                vip.taking = false;
                this.reconcile.run();
            });
            return;
        }
        String error = null;
        try {
            task.run();
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            error = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        String failure = error;
        this.decisions.execute(what + " done", () -> this.done(vip, what, holdsAfter, failure, startedIn));
    }

    private void done(VipRuntime vip, String what, boolean holdsAfter, String error, long startedIn) {
        vip.busy = false;
        vip.taking = false;
        if (this.vips.get(vip.name()) != vip) {
            // removeVip ran meanwhile: whatever this added must go again
            if (holdsAfter && error == null) {
                this.releaseLater(vip);
            }
            return;
        }
        long now = System.nanoTime();
        if (error != null && "takeover".equals(what) && vip.owner != null && !vip.owner.equals(this.node)) {
            // e.g. the preferred server became ready while this one's duplicate-address probe ran, was named and added the
            // address, and the probe heard it answer: not a foreign host, and no reason to keep this server out of the VIP
            HaVipLogger.ROOT_LOGGER.takeoverOvertaken(vip.name(), vip.owner, error);
        } else if (error != null) {
            HaVipLogger.ROOT_LOGGER.moverFailed(what, vip.name(), error);
            vip.faulted(what + " failed: " + error, now);
        } else {
            vip.succeeded();
            vip.held = holdsAfter;
            if (holdsAfter && ("takeover".equals(what) || MERGE_ANNOUNCEMENT.equals(what))) {
                vip.reannounce = false; // just announced: the other holder of a merge may let go now
            }
            if (!holdsAfter) {
                vip.realServers = List.of(); // the next takeover sets up the LVS service from scratch
            } else {
                vip.vanishedHolder = null;
                vip.memberHolder = null;
                vip.lastRefreshNanos = now;
            }
        }
        if (vip.held && startedIn != this.eligibility.generation()) {
            // a pause happened while the address was being added: drop it again
            this.run(vip, "release", vip.mover::release, false);
        }
        this.reconcile.run();
    }
}
