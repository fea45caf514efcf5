package dev.havip.election;

import java.util.Map;

/**
 * Turns an election result into this node's action.
 *
 * <p>Planned moves are two-step handovers: the old holder releases and publishes held=false,
 * only then does the new owner take, so there is no moment where both hold the address. A
 * crashed holder simply drops out of the candidates, so the owner takes at once.
 */
public final class HandoverPlanner {

    private HandoverPlanner() {
    }

    /**
     * @param self    this node's name; must be among the input's candidates
     * @param in      the input the result was elected from
     * @param result  the election result for {@code in}
     * @param mayHold whether this node may hold a VIP right now (quorum / tie-breaker gate)
     */
    public static LocalAction plan(String self, VipElectionInput in, ElectionResult result, boolean mayHold) {
        VipElectionInput.requireName("self", self);
        if (in == null || result == null) {
            throw new IllegalArgumentException("input and result must not be null");
        }
        if (!in.vip().equals(result.vip())) {
            throw new IllegalArgumentException("result is for vip " + result.vip() + ", input for vip " + in.vip());
        }
        VipCandidate me = in.candidates().get(self);
        if (me == null) {
            // Our own held flag is what decides RELEASE; guessing it could leave the address up twice.
            throw new IllegalArgumentException("self " + self + " is not among the candidates of vip " + in.vip());
        }
        boolean owner = result.owner().filter(self::equals).isPresent();
        if (me.held()) {
            return action(in, owner && mayHold ? LocalAction.Kind.NONE : LocalAction.Kind.RELEASE);
        }
        if (!owner || !mayHold) {
            return action(in, LocalAction.Kind.NONE);
        }
        return action(in, anotherHolds(self, in) ? LocalAction.Kind.WAIT_FOR_RELEASE : LocalAction.Kind.TAKE);
    }

    private static boolean anotherHolds(String self, VipElectionInput in) {
        for (Map.Entry<String, VipCandidate> e : in.candidates().entrySet()) {
            if (e.getValue().held() && !e.getKey().equals(self)) {
                return true;
            }
        }
        return false;
    }

    private static LocalAction action(VipElectionInput in, LocalAction.Kind kind) {
        return new LocalAction(in.vip(), kind);
    }
}
