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
    void plannedMoveRevokesFirstAndAssignsOnlyAfterTheOldHolderReleased() {
        Coordinator coordinator = new Coordinator("c");
        ClusterMessage.Table table = coordinator.begin(members(state("a", 200, true, false, 0), state("b", 100, true, true, 0)), WEB);
        assertEquals("b", table.owners().get("web"));
        long e = table.epoch();
        // a is preferred and failback-ready: the coordinator revokes b's assignment ...
        ClusterMessage.Table revoked = coordinator.decide(members(state("a", 200, true, false, e), state("b", 100, true, true, e)), WEB, true).orElseThrow();
        assertNull(revoked.owners().get("web"));
        // ... and does nothing while b has not acknowledged, or still holds
        assertEquals(Optional.empty(), coordinator.decide(members(state("a", 200, true, false, revoked.epoch()), state("b", 100, true, true, e)), WEB, true));
        assertEquals(Optional.empty(), coordinator.decide(members(state("a", 200, true, false, revoked.epoch()), state("b", 100, true, true, revoked.epoch())), WEB, true));
        // b released: now a gets it
        ClusterMessage.Table moved = coordinator.decide(members(state("a", 200, true, false, revoked.epoch()), state("b", 100, true, false, revoked.epoch())), WEB, true).orElseThrow();
        assertEquals("a", moved.owners().get("web"));
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
     * Random schedules of eligibility changes, message delays and releases: a member only holds what
     * the newest table it received gives it; the coordinator must never assign a VIP while another
     * member still holds it, so no two members ever hold it at once.
     */
    @Test
    void randomSchedulesNeverProduceTwoHolders() {
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
            for (int step = 0; step < 60; step++) {
                switch (random.nextInt(4)) {
                    case 0 -> { // eligibility flips (health, maintenance)
                        Sim sim = sims.get(random.nextInt(n));
                        sim.eligible = !sim.eligible;
                        if (!sim.eligible && sim.held) {
                            sim.held = false; // releases at once when it may no longer hold
                        }
                    }
                    case 1 -> { // a member receives the newest table sent so far and acts on it
                        if (!inFlight.isEmpty()) {
                            Sim sim = sims.get(random.nextInt(n));
                            ClusterMessage.Table t = inFlight.get(inFlight.size() - 1);
                            if (t.epoch() > sim.ack) {
                                sim.ack = t.epoch();
                                sim.assigned = sim.name.equals(t.owners().get("web"));
                                if (!sim.assigned) {
                                    sim.held = false;
                                } else if (sim.eligible) {
                                    sim.held = true;
                                }
                            }
                        }
                    }
                    default -> coordinator.decide(statesOf(sims), WEB, true).ifPresent(inFlight::add);
                }
                long holders = sims.stream().filter(s -> s.held).count();
                assertFalse(holders > 1, "seed " + seed + " run " + run + " step " + step + ": two holders " + sims);
            }
        }
    }

    static final class Sim {
        final String name;
        final int priority;
        boolean eligible = true;
        boolean held;
        boolean assigned;
        long ack;

        Sim(String name, int priority) {
            this.name = name;
            this.priority = priority;
        }

        @Override
        public String toString() {
            return this.name + (this.held ? "*" : "") + "@" + this.ack;
        }
    }

    private static Map<String, NodeState> statesOf(List<Sim> sims) {
        Map<String, NodeState> states = new TreeMap<>();
        sims.forEach(s -> states.put(s.name, state(s.name, s.priority, s.eligible, s.held, s.ack)));
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
