package dev.havip.subsystem;

import java.util.concurrent.CompletionStage;

import org.jboss.as.server.suspend.ServerResumeContext;
import org.jboss.as.server.suspend.ServerSuspendContext;
import org.jboss.as.server.suspend.SuspendableActivity;

import dev.havip.engine.HaVipEngine;
import dev.havip.logging.HaVipLogger;

/**
 * WildFly's suspend (also the first step of {@code :shutdown} and of SIGTERM): a suspended server refuses requests, so
 * its VIPs go to a peer first, make-before-break, while this server still serves; {@code :resume} makes it a candidate
 * again. Registered first among the suspendable activities, so {@link #prepare} runs on the thread that starts the
 * suspend (the management thread), before the request controller's.
 */
final class SuspendHandover implements SuspendableActivity {

    /** The longest a suspend waits for the handover (it takes tens of ms with a peer, none without). */
    static final long WAIT_MS = 5_000;

    private final HaVipEngine engine;

    SuspendHandover(HaVipEngine engine) {
        this.engine = engine;
    }

    /**
     * Hands the VIPs over and returns when none is held here (at most {@link #WAIT_MS}). Blocking on purpose: a
     * shutdown with suspend-timeout 0 (the default of {@code :shutdown}) does not wait for prepare stages, it stops
     * the server as soon as {@code suspend} returns; the handover must be done by then, or the HTTP listener and the
     * deployments stop under a VIP this server still holds.
     */
    @Override
    public CompletionStage<Void> prepare(ServerSuspendContext context) {
        this.engine.setSuspended(true);
        if (!this.engine.awaitNoneHeld(WAIT_MS)) {
            HaVipLogger.ROOT_LOGGER.suspendHandoverIncomplete(WAIT_MS);
        }
        return COMPLETED;
    }

    /** Also called alone when the server boots or starts suspended (nothing to hand over then). */
    @Override
    public CompletionStage<Void> suspend(ServerSuspendContext context) {
        this.engine.setSuspended(true);
        return COMPLETED;
    }

    @Override
    public CompletionStage<Void> resume(ServerResumeContext context) {
        this.engine.setSuspended(false);
        return COMPLETED;
    }
}
