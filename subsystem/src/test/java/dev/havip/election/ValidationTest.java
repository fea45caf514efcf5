package dev.havip.election;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ValidationTest {

    private static void assertRejected(String field, Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().contains(field), "message should name '" + field + "': " + ex.getMessage());
    }

    private static TreeMap<String, VipCandidate> one(String node) {
        TreeMap<String, VipCandidate> m = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        m.put(node, new VipCandidate(100, true, false, false, 0));
        return m;
    }

    @Test
    void priorityRange() {
        assertRejected("priority", () -> new VipCandidate(0, true, false, false, 0));
        assertRejected("priority", () -> new VipCandidate(255, true, false, false, 0));
        assertRejected("priority", () -> new VipCandidate(-1, true, false, false, 0));
        assertDoesNotThrow(() -> new VipCandidate(1, true, false, false, 0));
        assertDoesNotThrow(() -> new VipCandidate(254, true, false, false, 0));
    }

    @Test
    void pinEpochNotNegative() {
        assertRejected("pinEpoch", () -> new VipCandidate(100, true, false, false, -1));
        assertRejected("pinEpoch", () -> new VipCandidate(100, true, false, false, Long.MIN_VALUE));
        assertDoesNotThrow(() -> new VipCandidate(100, true, false, false, Long.MAX_VALUE));
    }

    @Test
    void vipName() {
        assertRejected("vip", () -> new VipElectionInput(null, Failback.AUTO, one("a")));
        assertRejected("vip", () -> new VipElectionInput("", Failback.AUTO, one("a")));
        assertRejected("vip", () -> new VipElectionInput(" \t", Failback.AUTO, one("a")));
        assertRejected("vip", () -> new ElectionResult(" ", Optional.empty(), ElectionResult.Reason.NO_ELIGIBLE_MEMBER));
    }

    @Test
    void nodeNames() {
        assertRejected("node name", () -> new VipElectionInput("web", Failback.AUTO, one(null)));
        assertRejected("node name", () -> new VipElectionInput("web", Failback.AUTO, one("")));
        assertRejected("node name", () -> new VipElectionInput("web", Failback.AUTO, one("   ")));
        assertRejected("owner", () -> new ElectionResult("web", Optional.of(" "), ElectionResult.Reason.PINNED));
    }

    @Test
    void missingParts() {
        assertRejected("failback", () -> new VipElectionInput("web", null, one("a")));
        assertRejected("candidates", () -> new VipElectionInput("web", Failback.MANUAL, null));
        TreeMap<String, VipCandidate> nullState = new TreeMap<>();
        nullState.put("a", null);
        assertRejected("candidates", () -> new VipElectionInput("web", Failback.MANUAL, nullState));
        assertRejected("owner", () -> new ElectionResult("web", null, ElectionResult.Reason.PINNED));
        assertRejected("reason", () -> new ElectionResult("web", Optional.of("a"), null));
        assertRejected("input", () -> Election.elect(null));
        assertRejected("inputs", () -> Election.electAll(null));
    }

    @Test
    void reasonMustMatchOwner() {
        assertRejected("reason", () -> new ElectionResult("web", Optional.empty(), ElectionResult.Reason.PINNED));
        assertRejected("reason", () -> new ElectionResult("web", Optional.of("a"), ElectionResult.Reason.NO_ELIGIBLE_MEMBER));
    }
}
