package dev.havip.engine;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.havip.cluster.Peers;
import dev.havip.cluster.VipAdvert;
import dev.havip.election.Election;

/**
 * Operator pins ({@code takeover}, {@code move}, {@code release}, {@code clear}): the newest pin of a VIP
 * wins. Each member carries its own pin in its advert; this node's lives in its {@link VipRuntime}.
 * Decision thread only.
 */
final class Pins {

    private Pins() {
    }

    /** The newest pin epoch of the VIP, this node's included: a new pin takes the next one. */
    static long newest(VipRuntime own, Map<String, VipAdvert> others) {
        long newestOther = others.values().stream().mapToLong(VipAdvert::pinEpoch).max().orElse(0);
        return Math.max(own != null ? own.pinEpoch : 0, newestOther);
    }

    /** A newer pin elsewhere ({@code newestOther}: the newest other member's, or null) supersedes this node's: it ends. */
    static boolean supersede(VipRuntime own, Peers.Pin newestOther) {
        if (own.pinEpoch > 0 && newestOther != null && newestOther.epoch() > own.pinEpoch) {
            own.pinEpoch = 0;
            return true;
        }
        return false;
    }

    /** The member carrying the newest pin of the VIP, this node included. */
    static Optional<String> pinnedTo(String self, VipRuntime own, Peers.Pin newestOther) {
        Peers.Pin mine = own.pinEpoch > 0 ? new Peers.Pin(self, own.pinEpoch) : null;
        Peers.Pin newest = mine == null ? newestOther : newestOther == null ? mine : Peers.newer(mine, newestOther);
        return Optional.ofNullable(newest).map(Peers.Pin::node);
    }

    /** Where {@code release} hands the VIP: the eligible other member the election ranks first. */
    static Optional<String> nextHolder(Map<String, VipAdvert> others) {
        Map<String, Integer> priorities = new TreeMap<>();
        others.forEach((node, advert) -> {
            if (advert.eligible()) {
                priorities.put(node, advert.priority());
            }
        });
        return Election.best(priorities);
    }
}
