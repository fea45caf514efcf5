package dev.havip.engine;

import dev.havip.logging.Guarded;
import dev.havip.logging.HaVipLogger;

/**
 * What this node does when its JVM was paused longer than the failure timeout: the peers have declared it
 * dead and one of them may hold its VIPs, so it drops every address first (on the pause-detector thread,
 * before anything else acts on the stale view), forgets what it knew, and rejoins (thread
 * {@code ha-vip-rejoin}); JGroups does not tell a resumed member that it was excluded.
 */
final class PauseResponse {

    private final EngineParts parts;
    private final Runnable reconcile;

    PauseResponse(EngineParts parts, Runnable reconcile) {
        this.parts = parts;
        this.reconcile = reconcile;
    }

    /** Called on the pause-detector thread with the pause's length. */
    void paused(long millis) {
        if (this.parts.member().view().members().size() <= 1) {
            // alone in the view: no member could have declared us dead and taken over meanwhile
            HaVipLogger.ROOT_LOGGER.pausedAlone(millis);
            return;
        }
        this.parts.eligibility().paused();
        HaVipLogger.ROOT_LOGGER.paused(millis);
        // what the peers told us before the pause is stale; after the rejoin every member re-publishes
        this.parts.peers().clear();
        this.parts.vips().values().forEach(MoverRuns::releaseQuietly);
        this.parts.decisions().execute("after a pause", () -> {
            this.parts.assignments().forget();
            this.parts.vips().values().forEach(vip -> vip.held = false);
            this.reconcile.run();
        });
        Thread rejoin = new Thread(Guarded.task("rejoin", this::rejoin), "ha-vip-rejoin");
        rejoin.setDaemon(true);
        rejoin.start();
    }

    private void rejoin() {
        try {
            this.parts.member().rejoin();
        } catch (Exception e) {
            HaVipLogger.ROOT_LOGGER.rejoinFailed(e.toString());
        } finally {
            this.parts.eligibility().rejoining = false;
            this.parts.decisions().execute("publish after rejoin", () -> {
                this.parts.publisher().force();
                this.reconcile.run();
            });
        }
    }
}
