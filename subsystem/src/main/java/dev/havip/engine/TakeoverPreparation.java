package dev.havip.engine;

/**
 * What must be ready on this node before it adds a VIP's address in a planned handover (the old holder still
 * serves meanwhile): e.g. the VIP's hot-standby deployments, so that no client meets a half-started app. Runs on
 * a mover thread; may block, bounded by the implementation; an exception is logged and the takeover goes on.
 */
@FunctionalInterface
public interface TakeoverPreparation {

    TakeoverPreparation NONE = vip -> {
    };

    void beforePlannedTakeover(String vip) throws Exception;
}
