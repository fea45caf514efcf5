package dev.havip.election;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The shared state of one VIP as seen in the current view.
 *
 * @param vip        the virtual-ip resource name
 * @param failback   the VIP's failback mode
 * @param candidates node name to that member's state; only members of the current view
 */
public record VipElectionInput(String vip, Failback failback, SortedMap<String, VipCandidate> candidates) {

    public VipElectionInput {
        vip = requireName("vip", vip);
        if (failback == null) {
            throw new IllegalArgumentException("failback must not be null (vip " + vip + ")");
        }
        if (candidates == null) {
            throw new IllegalArgumentException("candidates must not be null (vip " + vip + ")");
        }
        // Copy into a natural-order map: the caller's map may use any comparator or be mutated
        // later, and every member must see exactly the same input.
        TreeMap<String, VipCandidate> copy = new TreeMap<>();
        for (Map.Entry<String, VipCandidate> e : candidates.entrySet()) {
            String node = requireName("candidates: node name", e.getKey());
            if (e.getValue() == null) {
                throw new IllegalArgumentException("candidates: state of node " + node + " must not be null (vip " + vip + ")");
            }
            if (copy.put(node, e.getValue()) != null) {
                throw new IllegalArgumentException("candidates: duplicate node name " + node + " (vip " + vip + ")");
            }
        }
        candidates = Collections.unmodifiableSortedMap(copy);
    }

    static String requireName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be null or blank, was "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        return value;
    }
}
