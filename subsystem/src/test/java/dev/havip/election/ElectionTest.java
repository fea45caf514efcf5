package dev.havip.election;

import static dev.havip.election.ElectionResult.Reason.FAILBACK;
import static dev.havip.election.ElectionResult.Reason.NO_CURRENT_HOLDER;
import static dev.havip.election.ElectionResult.Reason.NO_ELIGIBLE_MEMBER;
import static dev.havip.election.ElectionResult.Reason.PINNED;
import static dev.havip.election.ElectionResult.Reason.PREFERRED;
import static dev.havip.election.ElectionResult.Reason.STICKY_CURRENT_HOLDER;
import static dev.havip.election.Failback.AUTO;
import static dev.havip.election.Failback.MANUAL;
import static dev.havip.election.Fixtures.c;
import static dev.havip.election.Fixtures.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class ElectionTest {

    private static void assertOwner(String owner, ElectionResult.Reason reason, VipElectionInput in) {
        ElectionResult r = Election.elect(in);
        assertEquals(new ElectionResult("web", Optional.ofNullable(owner), reason), r, in.toString());
    }

    @Test
    void highestPriorityWins() {
        assertOwner("b", NO_CURRENT_HOLDER, input(AUTO, Map.of("a", c(100, "E"), "b", c(200, "E"), "c", c(150, "E"))));
    }

    @Test
    void tieGoesToLowestNameByStringOrder() {
        // "node10" < "node2" as strings: the rule is String.compareTo, not numeric order.
        assertOwner("node10", NO_CURRENT_HOLDER, input(MANUAL, Map.of("node2", c(100, "E"), "node10", c(100, "E"))));
        assertOwner("B", NO_CURRENT_HOLDER, input(AUTO, Map.of("a", c(7, "E"), "B", c(7, "E"))));
    }

    @Test
    void ineligibleMembersNeverOwnEvenWithHigherPriority() {
        assertOwner("b", NO_CURRENT_HOLDER, input(AUTO, Map.of("a", c(254, "RH"), "b", c(1, "E"))));
    }

    @Test
    void preferredHolderKeepsIt() {
        assertOwner("a", PREFERRED, input(AUTO, Map.of("a", c(200, "EH"), "b", c(100, "ER"))));
        assertOwner("a", PREFERRED, input(MANUAL, Map.of("a", c(200, "EH"), "b", c(100, "ER"))));
    }

    @Test
    void pinBeatsPriorityAndAutoFailback() {
        VipElectionInput in = input(AUTO, Map.of("a", c(200, "ERH"), "b", c(50, "E", 1)));
        assertOwner("b", PINNED, in);
    }

    @Test
    void newestPinWins() {
        assertOwner("b", PINNED, input(MANUAL, Map.of("a", c(100, "EH", 4), "b", c(100, "E", 9), "c", c(200, "E"))));
    }

    @Test
    void ineligiblePinnedMemberIsIgnored() {
        assertOwner("a", NO_CURRENT_HOLDER, input(AUTO, Map.of("a", c(200, "E"), "b", c(50, "R", 3))));
    }

    @Test
    void supersededPinDoesNotComeBackWhenNewestPinnedMemberIsIneligible() {
        // c carries an older pin (epoch 1) than b (epoch 3); b is ineligible, so nobody is pinned.
        assertOwner("a", NO_CURRENT_HOLDER, input(AUTO, Map.of("a", c(200, "E"), "b", c(50, "", 3), "c", c(60, "E", 1))));
    }

    @Test
    void autoFailbackWaitsUntilPreferredIsFailbackReady() {
        assertOwner("b", STICKY_CURRENT_HOLDER, input(AUTO, Map.of("a", c(200, "E"), "b", c(100, "EH"))));
        assertOwner("a", FAILBACK, input(AUTO, Map.of("a", c(200, "ER"), "b", c(100, "EH"))));
    }

    @Test
    void autoFailbackOnlyLooksAtThePreferredMember() {
        // b is ready but is not the preferred one; the holder keeps it until a is ready.
        assertOwner("c", STICKY_CURRENT_HOLDER,
                input(AUTO, Map.of("a", c(200, "E"), "b", c(150, "ER"), "c", c(100, "EH"))));
    }

    @Test
    void withoutHolderThePreferredTakesEvenIfNotFailbackReady() {
        assertOwner("a", NO_CURRENT_HOLDER, input(AUTO, Map.of("a", c(200, "E"), "b", c(100, "ER"))));
    }

    @Test
    void manualKeepsCurrentHolder() {
        assertOwner("b", STICKY_CURRENT_HOLDER, input(MANUAL, Map.of("a", c(200, "ER"), "b", c(100, "EH"))));
    }

    @Test
    void manualWithoutHolderElectsBestRanked() {
        assertOwner("a", NO_CURRENT_HOLDER, input(MANUAL, Map.of("a", c(200, "E"), "b", c(100, "ER"))));
    }

    @Test
    void manualHolderThatBecomesIneligibleLosesIt() {
        assertOwner("a", NO_CURRENT_HOLDER, input(MANUAL, Map.of("a", c(200, "E"), "b", c(250, "H"))));
    }

    @Test
    void mergeWithTwoHoldersResolvesToBestRankedHolder() {
        assertOwner("b", STICKY_CURRENT_HOLDER, input(MANUAL, Map.of("a", c(100, "EH"), "b", c(150, "EH"), "c", c(200, "ER"))));
        // Equal priorities: the lower name is the holder; the preferred c is not ready yet.
        assertOwner("a", STICKY_CURRENT_HOLDER, input(AUTO, Map.of("a", c(100, "EH"), "b", c(100, "EH"), "c", c(200, "E"))));
        assertOwner("a", PREFERRED, input(AUTO, Map.of("a", c(100, "EH"), "b", c(100, "EH"))));
    }

    @Test
    void noEligibleMemberMeansNoOwner() {
        assertOwner(null, NO_ELIGIBLE_MEMBER, input(AUTO, Map.of("a", c(200, "RH", 5), "b", c(100, "R"))));
        assertOwner(null, NO_ELIGIBLE_MEMBER, input(MANUAL, Map.of()));
    }

    @Test
    void electAllKeysResultsByVip() {
        VipElectionInput web = input(AUTO, Map.of("a", c(200, "E")));
        VipElectionInput db = new VipElectionInput("db", MANUAL, new TreeMap<>(Map.of("b", c(1, "EH"))));
        Map<String, ElectionResult> all = Election.electAll(List.of(web, db));
        assertEquals(List.of("db", "web"), List.copyOf(all.keySet()));
        assertEquals(Optional.of("a"), all.get("web").owner());
        assertEquals(Optional.of("b"), all.get("db").owner());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Election.electAll(List.of(web, web)));
        assertEquals(true, e.getMessage().contains("web"), e.getMessage());
    }

    @Test
    void inputIsCopiedIntoNaturalOrder() {
        TreeMap<String, VipCandidate> source = new TreeMap<>(Comparator.reverseOrder());
        source.put("a", c(100, "E"));
        source.put("b", c(100, "E"));
        VipElectionInput in = new VipElectionInput("web", AUTO, source);
        source.put("0", c(254, "E"));
        assertNull(in.candidates().comparator());
        assertEquals(List.of("a", "b"), List.copyOf(in.candidates().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> in.candidates().put("z", c(1, "E")));
        assertEquals(Optional.of("a"), Election.elect(in).owner());
    }
}
