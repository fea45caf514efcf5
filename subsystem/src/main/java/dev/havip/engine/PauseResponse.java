package dev.havip.engine;

import java.util.Map;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.Peers;
import dev.havip.logging.Guarded;
import dev.havip.logging.HaVipLogger;

/**
 * What this node does when its JVM was paused longer than the failure timeout: the peers have declared it
 * dead and one of them may hold its VIPs, so it drops every address first (on the pause-detector thread,
 * before anything else acts on the stale view), forgets what it knew, and rejoins (thread
 * {@code ha-vip-rejoin}); JGroups does not tell a resumed member that it was excluded.
 */
final class PauseResponse {

    private final ClusterMember member;
    private final Peers peers;
    private final Map<String, VipRuntime> vips;
    private final DecisionThread decisions;
    private final Assignments assignments;
    private final Eligibility eligibility;
    private final Publisher publisher;
    private final Runnable reconcile;

    PauseResponse(ClusterMember member, Peers peers, Map<String, VipRuntime> vips, DecisionThread decisions, Assignments assignments,
            Eligibility eligibility, Publisher publisher, Runnable reconcile) {
        this.member = member;
        this.peers = peers;
        this.vips = vips;
        this.decisions = decisions;
        this.assignments = assignments;
        this.eligibility = eligibility;
        this.publisher = publisher;
        this.reconcile = reconcile;
    }

    /** Called on the pause-detector thread with the pause's length. */
    void paused(long millis) {
        if (this.member.view().members().size() <= 1) {
            // alone in the view: no member could have declared us dead and taken over meanwhile
            HaVipLogger.ROOT_LOGGER.pausedAlone(millis);
            return;
        }
        this.eligibility.paused();
        HaVipLogger.ROOT_LOGGER.paused(millis);
        // what the peers told us before the pause is stale; after the rejoin every member re-publishes
        this.peers.clear();
        this.vips.values().forEach(MoverRuns::releaseQuietly);
        this.decisions.execute("after a pause", () -> {
            this.assignments.forget();
            this.vips.values().forEach(vip -> vip.held = false);
            this.reconcile.run();
        });
        Thread rejoin = new Thread(Guarded.task("rejoin", this::rejoin), "ha-vip-rejoin");
        rejoin.setDaemon(true);
        rejoin.start();
    }

    private void rejoin() {
        try {
            this.member.rejoin();
        } catch (Exception e) {
            HaVipLogger.ROOT_LOGGER.rejoinFailed(e.toString());
        } finally {
            this.eligibility.rejoining = false;
            this.decisions.execute("publish after rejoin", () -> {
                this.publisher.force();
                this.reconcile.run();
            });
        }
    }
}
