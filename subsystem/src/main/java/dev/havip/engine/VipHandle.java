package dev.havip.engine;

/**
 * One incarnation of a VIP in the engine, as {@link HaVipEngine#addVip} returns it: removing by
 * handle removes exactly that incarnation, even when a restarted service has already added the
 * VIP again under the same name (the old service's stop and the new one's start are not ordered).
 */
public interface VipHandle {

    String name();
}
