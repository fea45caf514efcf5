package dev.havip.election;

import static dev.havip.election.Failback.AUTO;
import static dev.havip.election.Failback.MANUAL;
import static dev.havip.election.Fixtures.c;
import static dev.havip.election.Fixtures.input;
import static dev.havip.election.LocalAction.Kind.NONE;
import static dev.havip.election.LocalAction.Kind.RELEASE;
import static dev.havip.election.LocalAction.Kind.TAKE;
import static dev.havip.election.LocalAction.Kind.WAIT_FOR_RELEASE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class HandoverPlannerTest {

    private static LocalAction.Kind plan(String self, VipElectionInput in, boolean mayHold) {
        LocalAction a = HandoverPlanner.plan(self, in, Election.elect(in), mayHold);
        assertEquals("web", a.vip());
        return a.kind();
    }

    @Test
    void failbackReleasesBeforeTaking() {
        VipElectionInput before = input(AUTO, Map.of("a", c(200, "ER"), "b", c(100, "EH")));
        assertEquals(Optional.of("a"), Election.elect(before).owner());
        assertEquals(RELEASE, plan("b", before, true));
        assertEquals(WAIT_FOR_RELEASE, plan("a", before, true));

        VipElectionInput released = input(AUTO, Map.of("a", c(200, "ER"), "b", c(100, "E")));
        assertEquals(TAKE, plan("a", released, true));
        assertEquals(NONE, plan("b", released, true));

        VipElectionInput after = input(AUTO, Map.of("a", c(200, "ERH"), "b", c(100, "E")));
        assertEquals(NONE, plan("a", after, true));
        assertEquals(NONE, plan("b", after, true));
    }

    @Test
    void ownerWaitsWhileAnIneligibleMemberStillHolds() {
        VipElectionInput in = input(MANUAL, Map.of("a", c(100, "E"), "b", c(200, "H")));
        assertEquals(WAIT_FOR_RELEASE, plan("a", in, true));
        assertEquals(RELEASE, plan("b", in, true));
    }

    @Test
    void ownerTakesAtOnceWhenTheCrashedHolderIsGone() {
        // The holder b crashed and dropped out of the view: nobody reports held.
        VipElectionInput in = input(AUTO, Map.of("a", c(100, "E"), "c", c(50, "E")));
        assertEquals(TAKE, plan("a", in, true));
        assertEquals(NONE, plan("c", in, true));
    }

    @Test
    void releaseWhenNotAllowedToHold() {
        VipElectionInput in = input(AUTO, Map.of("a", c(200, "ERH"), "b", c(100, "E")));
        assertEquals(RELEASE, plan("a", in, false));
        assertEquals(NONE, plan("a", in, true));
    }

    @Test
    void ownerDoesNotTakeWhenNotAllowedToHold() {
        VipElectionInput in = input(AUTO, Map.of("a", c(200, "E")));
        assertEquals(NONE, plan("a", in, false));
        assertEquals(TAKE, plan("a", in, true));
    }

    @Test
    void extraHolderAfterMergeReleases() {
        VipElectionInput in = input(MANUAL, Map.of("a", c(100, "EH"), "b", c(150, "EH")));
        assertEquals(RELEASE, plan("a", in, true));
        assertEquals(NONE, plan("b", in, true));
    }

    @Test
    void holderReleasesWhenNobodyIsEligible() {
        VipElectionInput in = input(AUTO, Map.of("a", c(200, "H"), "b", c(100, "")));
        assertEquals(RELEASE, plan("a", in, true));
        assertEquals(NONE, plan("b", in, true));
    }

    @Test
    void rejectsUnknownSelfAndMismatchedResult() {
        VipElectionInput in = input(AUTO, Map.of("a", c(200, "E")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HandoverPlanner.plan("x", in, Election.elect(in), true));
        assertTrue(e.getMessage().contains("self"), e.getMessage());
        ElectionResult other = new ElectionResult("db", Optional.of("a"), ElectionResult.Reason.PREFERRED);
        e = assertThrows(IllegalArgumentException.class, () -> HandoverPlanner.plan("a", in, other, true));
        assertTrue(e.getMessage().contains("vip"), e.getMessage());
    }
}
