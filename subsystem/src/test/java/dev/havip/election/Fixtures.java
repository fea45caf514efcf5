package dev.havip.election;

import java.util.Map;
import java.util.TreeMap;

/** Short builders for readable example tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** flags: E = eligible, R = failback-ready, H = held. */
    static VipCandidate c(int priority, String flags) {
        return c(priority, flags, 0);
    }

    static VipCandidate c(int priority, String flags, long pinEpoch) {
        return new VipCandidate(priority, flags.contains("E"), flags.contains("R"), flags.contains("H"), pinEpoch);
    }

    static VipElectionInput input(Failback failback, Map<String, VipCandidate> candidates) {
        return new VipElectionInput("web", failback, new TreeMap<>(candidates));
    }
}
