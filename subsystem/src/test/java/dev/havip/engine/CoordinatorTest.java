package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.NodeState;
import dev.havip.cluster.VipAdvert;
import dev.havip.election.Failback;

/**
 * The coordinator's assignment protocol, without a network: members are simulated by their
 * published states, and a test decides when a member "receives" a table, acts on it and publishes.
 */
class CoordinatorTest {

    static final Map<String, Failback> WEB = Map.of("web", Failback.AUTO);

    @Test
    void firstAssignmentGoesToThePreferredMember() {
        Coordinator coordinator = new Coordinator("c");
        Map<String, NodeState> members = members(state("a", 200, true, false, 0), state("b", 100, true, false, 0));
        ClusterMessage.Table first = coordinator.begin(members, WEB);
        assertTrue(first.owners().isEmpty(), "nothing held, nothing adopted");
        assertEquals(Optional.empty(), coordinator.decide(members, WEB, true), "waits until every member acknowledged the first table");
        members = members(state("a", 200, true, false, first.epoch()), state("b", 100, true, false, first.epoch()));
        assertEquals("a", coordinator.decide(members, WEB, true).orElseThrow().owners().get("web"));
    }

    @Test
    void aLoneMemberWaitsForDiscoveryBeforeAssigning() {
        Coordinator coordinator = new Coordinator("c");
        ClusterMessage.Table first = coordinator.begin(members(state("a", 200, true, false, 0)), WEB);
        Map<String, NodeState> acked = members(state("a", 200, true, false, first.epoch()));
        assertEquals(Optional.empty(), coordinator.decide(acked, WEB, false));
        assertEquals("a", coordinator.decide(acked, WEB, true).orElseThrow().owners().get("web"));
    }

    @Test
    void anAcknowledgementOfAnotherCoordinatorsTableDoesNotCount() {
        Coordinator coordinator = new Coordinator("c");
        ClusterMessage.Table first = coordinator.begin(members(state("a", 200, true, false, "c", 0), state("b", 100, true, false, "old", 50)), WEB);
        Map<String, NodeState> stale = members(state("a", 200, true, false, "c", first.epoch()), state("b", 100, true, false, "old", 50));
        assertTrue(coordinator.lagging(stale.get("b")), "a higher epoch of an old coordinator is still behind");
        assertEquals(Optional.empty(), coordinator.decide(stale, WEB, true), "b has not seen this coordinator's table yet");
    }

    @Test
    void beginAdoptsTheCurrentHolderInsteadOfMovingIt() {
        Coordinator coordinator = new Coordinator("c");
        ClusterMessage.Table first = coordinator.begin(members(state("a", 200, true, false, "old", 7), state("b", 100, true, true, "old", 7)), WEB);
        assertEquals("b", first.owners().get("web"));
        assertTrue(first.epoch() > 7, "epochs only grow across coordinators");
    }

    @Test
    void aPlannedMoveNamesTheNewOwnerAtOnceWhileTheOldHolderStillHolds() {
        Coordinator coordinator = new Coordinator("c");
        ClusterMessage.Table table = coordinator.begin(members(state("a", 200, true, false, 0), state("b", 100, true, true, 0)), WEB);
        assertEquals("b", table.owners().get("web"));
        long e = table.epoch();
        // a is preferred and failback-ready, b may still hold: make-before-break, a is the owner in one step
        ClusterMessage.Table moved = coordinator.decide(members(state("a", 200, true, false, e), state("b", 100, true, true, e)), WEB, true).orElseThrow();
        assertEquals("a", moved.owners().get("web"));
    }

    @Test
    void aFailbackRightAfterAMergeWaitsForTheAcknowledgementsInsteadOfRevoking() {
        Coordinator coordinator = new Coordinator("c");
        // a healed link cut: b held the VIP meanwhile, preferred a comes back with its partition's epoch
        Map<String, NodeState> merged = members(state("a", 200, true, false, "a", 40), state("b", 100, true, true, "b", 41));
        ClusterMessage.Table first = coordinator.begin(merged, WEB);
        assertEquals("b", first.owners().get("web"), "the holder keeps it in the merged view's first table");
        assertEquals(Optional.empty(), coordinator.decide(merged, WEB, true), "not revoked from b while a has not acknowledged the table");
        long e = first.epoch();
        ClusterMessage.Table moved = coordinator.decide(members(state("a", 200, true, false, e), state("b", 100, true, true, e)), WEB, true).orElseThrow();
        assertEquals("a", moved.owners().get("web"), "then a planned handover: a is named while b still holds");
    }

    @Test
    void aHolderSteppingDownHandsOverTooButAnUnhealthyOneReleasesFirst() {
        for (boolean steppingDown : new boolean[] { true, false }) {
            Coordinator coordinator = new Coordinator("c");
            ClusterMessage.Table table = coordinator.begin(members(state("a", 100, true, false, 0), state("b", 200, true, true, 0)), WEB);
            long e = table.epoch();
            // b is no longer eligible: in maintenance (stepping down) or unhealthy
            NodeState b = new NodeState("b", "", steppingDown, "c", e, Map.of("web", new VipAdvert(200, false, false, true, 0)));
            ClusterMessage.Table next = coordinator.decide(members(state("a", 100, true, false, e), b), WEB, true).orElseThrow();
            if (steppingDown) {
                assertEquals("a", next.owners().get("web"), "maintenance/shutdown: a planned handover");
            } else {
                assertNull(next.owners().get("web"), "unhealthy: revoked first");
                // ... and assigned only once b acknowledged and released
                assertEquals(Optional.empty(), coordinator.decide(members(state("a", 100, true, false, next.epoch()),
                        new NodeState("b", "", false, "c", next.epoch(), Map.of("web", new VipAdvert(200, false, false, true, 0)))), WEB, true));
                ClusterMessage.Table assigned = coordinator.decide(members(state("a", 100, true, false, next.epoch()),
                        new NodeState("b", "", false, "c", next.epoch(), Map.of("web", new VipAdvert(200, false, false, false, 0)))), WEB, true).orElseThrow();
                assertEquals("a", assigned.owners().get("web"));
            }
        }
    }

    @Test
    void aHandoverNeverMakesAThirdHolder() {
        Coordinator coordinator = new Coordinator("c");
        ClusterMessage.Table table = coordinator.begin(members(state("a", 100, true, true, 0), state("b", 150, true, false, 0), state("x", 50, true, false, 0)), WEB);
        assertEquals("a", table.owners().get("web"));
        long e = table.epoch();
        ClusterMessage.Table toB = coordinator.decide(members(state("a", 100, true, true, e), state("b", 150, true, false, e), state("x", 50, true, false, e)), WEB, true)
                .orElseThrow();
        assertEquals("b", toB.owners().get("web"));
        // b took it, a still holds over, and now x is preferred: not a third holder, b's assignment is revoked instead
        Map<String, NodeState> both = members(state("a", 100, true, true, toB.epoch()), state("b", 150, true, true, toB.epoch()),
                state("x", 250, true, false, toB.epoch()));
        ClusterMessage.Table next = coordinator.decide(both, WEB, true).orElseThrow();
        assertNull(next.owners().get("web"));
    }

    @Test
    void aHolderThatLeftTheViewIsReplacedAtOnce() {
        Coordinator coordinator = new Coordinator("c");
        ClusterMessage.Table table = coordinator.begin(members(state("a", 200, true, true, 0), state("b", 100, true, false, 0)), WEB);
        assertEquals("a", table.owners().get("web"));
        Map<String, NodeState> survivors = members(state("b", 100, true, false, table.epoch()));
        assertEquals("b", coordinator.decide(survivors, WEB, true).orElseThrow().owners().get("web"));
    }

    /**
     * Random schedules of eligibility changes (health: release at once; stepping down: hand over), message delays
     * and releases: a member holds what the newest table it received gives it, and keeps a VIP it is no longer given
     * only while it may and the new owner has not announced it (make-before-break). Never a third holder; two only
     * during such a handover, one of them the newest table's owner.
     */
    @Test
    void randomSchedulesNeverProduceAThirdHolderNorTwoOutsideAHandover() {
        long seed = Long.getLong("havip.coordinator.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int run = 0; run < 2000; run++) {
            int n = 2 + random.nextInt(4);
            List<Sim> sims = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sims.add(new Sim("n" + i, 1 + random.nextInt(254)));
            }
            Coordinator coordinator = new Coordinator("c");
            List<ClusterMessage.Table> inFlight = new ArrayList<>();
            inFlight.add(coordinator.begin(statesOf(sims), WEB));
            java.util.Set<java.util.Set<String>> handovers = new java.util.HashSet<>();
            String[] lastOwner = { null };
            for (int step = 0; step < 60; step++) {
                switch (random.nextInt(5)) {
                    case 0 -> { // health flips: an unhealthy member releases at once
                        Sim sim = sims.get(random.nextInt(n));
                        sim.eligible = !sim.eligible;
                        if (!sim.eligible) {
                            sim.held = false;
                        }
                    }
                    case 1 -> { // maintenance flips: the member stays healthy but steps down
                        Sim sim = sims.get(random.nextInt(n));
                        sim.steppingDown = !sim.steppingDown;
                    }
                    case 2 -> { // a member receives the newest table sent so far and acts on it
                        if (!inFlight.isEmpty()) {
                            Sim sim = sims.get(random.nextInt(n));
                            ClusterMessage.Table t = inFlight.get(inFlight.size() - 1);
                            if (t.epoch() > sim.ack) {
                                sim.ack = t.epoch();
                                sim.owner = t.owners().get("web");
                                sim.act(sims);
                            }
                        }
                    }
                    case 3 -> sims.get(random.nextInt(n)).act(sims); // a member acts again (e.g. it sees the new owner announced)
                    default -> coordinator.decide(statesOf(sims), WEB, true).ifPresent(table -> {
                        // a table naming a new owner right after one naming another is a handover between those two
                        String before = lastOwner[0];
                        String after = table.owners().get("web");
                        if (before != null && after != null && !before.equals(after)) {
                            handovers.add(java.util.Set.of(before, after));
                        }
                        if (after != null) {
                            lastOwner[0] = after;
                        } else {
                            lastOwner[0] = null;
                        }
                        inFlight.add(table);
                    });
                }
                java.util.Set<String> holders = sims.stream().filter(s -> s.held).map(s -> s.name).collect(java.util.stream.Collectors.toSet());
                assertFalse(holders.size() > 2, "seed " + seed + " run " + run + " step " + step + ": three holders " + sims);
                assertFalse(holders.size() == 2 && !handovers.contains(holders),
                        "seed " + seed + " run " + run + " step " + step + ": two holders " + holders + " that no handover joined " + handovers + ": " + sims);
            }
        }
    }

    static final class Sim {
        final String name;
        final int priority;
        boolean eligible = true;
        boolean steppingDown;
        boolean held;
        String owner;
        long ack;

        Sim(String name, int priority) {
            this.name = name;
            this.priority = priority;
        }

        /** The engine's rule: hold what this member is given; keep what it is no longer given until the new owner holds it. */
        void act(List<Sim> all) {
            boolean mayHold = this.eligible && !this.steppingDown;
            if (this.name.equals(this.owner)) {
                this.held = mayHold || (this.held && this.eligible);
            } else if (this.held) {
                boolean handingOver = this.owner != null && this.eligible;
                boolean ownerHolds = all.stream().anyMatch(s -> s.name.equals(this.owner) && s.held);
                this.held = handingOver && !ownerHolds;
            }
        }

        @Override
        public String toString() {
            return this.name + (this.held ? "*" : "") + (this.steppingDown ? "~" : "") + (this.eligible ? "" : "!") + "@" + this.ack + "->" + this.owner;
        }
    }

    private static Map<String, NodeState> statesOf(List<Sim> sims) {
        Map<String, NodeState> states = new TreeMap<>();
        sims.forEach(s -> states.put(s.name, new NodeState(s.name, "", s.steppingDown, "c", s.ack,
                Map.of("web", new VipAdvert(s.priority, s.eligible && !s.steppingDown, s.eligible && !s.steppingDown, s.held, 0)))));
        return states;
    }

    private static NodeState state(String node, int priority, boolean eligible, boolean held, long ack) {
        return state(node, priority, eligible, held, "c", ack);
    }

    private static NodeState state(String node, int priority, boolean eligible, boolean held, String ackFrom, long ack) {
        return new NodeState(node, "", false, ackFrom, ack, Map.of("web", new VipAdvert(priority, eligible, eligible, held, 0)));
    }

    private static Map<String, NodeState> members(NodeState... states) {
        Map<String, NodeState> members = new TreeMap<>();
        for (NodeState state : states) {
            members.put(state.node(), state);
        }
        return members;
    }
}
