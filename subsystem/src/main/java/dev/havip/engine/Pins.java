package dev.havip.engine;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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

    /** A newer pin elsewhere supersedes this node's: it ends. */
    static boolean supersede(VipRuntime own, Map<String, VipAdvert> others) {
        long newestOther = others.values().stream().mapToLong(VipAdvert::pinEpoch).max().orElse(0);
        if (own.pinEpoch > 0 && newestOther > own.pinEpoch) {
            own.pinEpoch = 0;
            return true;
        }
        return false;
    }

    /** The member carrying the newest pin of the VIP, this node included. */
    static Optional<String> pinnedTo(String self, VipRuntime own, Map<String, VipAdvert> others) {
        Map<String, Long> epochs = new TreeMap<>();
        others.forEach((node, advert) -> epochs.put(node, advert.pinEpoch()));
        epochs.put(self, own.pinEpoch);
        return epochs.entrySet().stream().filter(e -> e.getValue() > 0).max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
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
