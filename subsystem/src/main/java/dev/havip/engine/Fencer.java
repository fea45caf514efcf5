package dev.havip.engine;

import dev.havip.movers.MoverException;

/** Makes sure a vanished holder is really gone before this node takes its VIP ({@code fence-command}). */
@FunctionalInterface
public interface Fencer {

    Fencer NONE = (node, vip) -> { };

    /** @param node the member that held {@code vip} and vanished from the view */
    void fence(String node, String vip) throws MoverException;
}
