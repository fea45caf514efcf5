package dev.havip.election;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides one owner per VIP from the members' published state.
 *
 * <p>Pure and deterministic: the answer depends only on the input values (ties are broken by
 * explicit rules, never by iteration order), so every member computes the same owner.
 */
public final class Election {

    /** Highest priority first, ties to the lowest node name. */
    static final Comparator<Map.Entry<String, VipCandidate>> RANK =
            Comparator.<Map.Entry<String, VipCandidate>>comparingInt(e -> -e.getValue().priority())
                    .thenComparing(Map.Entry::getKey);

    private Election() {
    }

    /** The member the election ranks first by priority alone: the highest, ties to the lowest node name. */
    public static Optional<String> best(Map<String, Integer> priorities) {
        return priorities.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), new VipCandidate(e.getValue(), true, true, false, 0)))
                .min(RANK).map(Map.Entry::getKey);
    }

    public static ElectionResult elect(VipElectionInput in) {
        if (in == null) {
            throw new IllegalArgumentException("input must not be null");
        }
        Map.Entry<String, VipCandidate> preferred = null; // best-ranked eligible member
        Map.Entry<String, VipCandidate> holder = null;    // best-ranked eligible member holding it
        Map.Entry<String, VipCandidate> pinned = null;    // newest pin among all members
        for (Map.Entry<String, VipCandidate> e : in.candidates().entrySet()) {
            VipCandidate c = e.getValue();
            if (c.pinned() && (pinned == null || newerPin(e, pinned))) {
                pinned = e;
            }
            if (!c.eligible()) {
                continue; // an ineligible member may still hold the address, but it cannot own
            }
            if (preferred == null || RANK.compare(e, preferred) < 0) {
                preferred = e;
            }
            // After a partition merge several may hold it: the best-ranked one counts as holder.
            if (c.held() && (holder == null || RANK.compare(e, holder) < 0)) {
                holder = e;
            }
        }
        if (preferred == null) {
            return result(in, null, ElectionResult.Reason.NO_ELIGIBLE_MEMBER);
        }
        // The newest pin wins; if its member is ineligible the pin is void, older pins were
        // superseded by it and do not come back.
        if (pinned != null && pinned.getValue().eligible()) {
            return result(in, pinned.getKey(), ElectionResult.Reason.PINNED);
        }
        if (holder == null) {
            return result(in, preferred.getKey(), ElectionResult.Reason.NO_CURRENT_HOLDER);
        }
        if (holder.getKey().equals(preferred.getKey())) {
            return result(in, preferred.getKey(), ElectionResult.Reason.PREFERRED);
        }
        if (in.failback() == Failback.AUTO && preferred.getValue().failbackReady()) {
            return result(in, preferred.getKey(), ElectionResult.Reason.FAILBACK);
        }
        return result(in, holder.getKey(), ElectionResult.Reason.STICKY_CURRENT_HOLDER);
    }

    /**
     * Elects every VIP.
     *
     * @return results keyed by VIP name, in name order
     * @throws IllegalArgumentException if two inputs name the same VIP
     */
    public static Map<String, ElectionResult> electAll(Collection<VipElectionInput> inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException("inputs must not be null");
        }
        TreeMap<String, ElectionResult> out = new TreeMap<>();
        for (VipElectionInput in : inputs) {
            ElectionResult r = elect(in);
            if (out.put(r.vip(), r) != null) {
                throw new IllegalArgumentException("vip " + r.vip() + " appears more than once");
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Epochs should be unique per operator action; if two members still carry the same one,
     * prefer an eligible member and then rank, so the choice stays deterministic.
     */
    private static boolean newerPin(Map.Entry<String, VipCandidate> a, Map.Entry<String, VipCandidate> b) {
        long ea = a.getValue().pinEpoch();
        long eb = b.getValue().pinEpoch();
        if (ea != eb) {
            return ea > eb;
        }
        boolean ga = a.getValue().eligible();
        if (ga != b.getValue().eligible()) {
            return ga;
        }
        return RANK.compare(a, b) < 0;
    }

    private static ElectionResult result(VipElectionInput in, String owner, ElectionResult.Reason reason) {
        return new ElectionResult(in.vip(), Optional.ofNullable(owner), reason);
    }
}
