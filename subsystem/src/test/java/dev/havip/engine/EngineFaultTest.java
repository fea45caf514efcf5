package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.havip.engine.EngineCluster.Node;
import dev.havip.engine.EngineCluster.VipDef;

/**
 * What a failing native command and a leftover address do to ownership, with real JGroups
 * channels: a takeover that fails puts the VIP in FAULT with the command's error, the peer takes
 * over meanwhile, and the failing node retries after its back-off; an address found at start is
 * removed before anything else.
 */
@Timeout(120)
class EngineFaultTest {

    private EngineCluster cluster;

    @AfterEach
    void stopEverything() {
        if (this.cluster != null) {
            this.cluster.close();
        }
    }

    @Test
    void failingTakeoverFaultsLetsThePeerTakeOverAndIsRetried() throws Exception {
        this.cluster = new EngineCluster("fault", List.of(VipDef.auto("vip-1")), EngineFailoverTest.spread(2));
        Node one = this.cluster.start("node-1", true, node -> node.failingTakeovers.set(2));
        Node two = this.cluster.start("node-2");
        List<Node> all = List.of(one, two);

        // node-1 is preferred but its command fails: FAULT, and node-2 holds the VIP meanwhile
        this.cluster.await("node-1 in FAULT", EngineCluster.DEADLINE, () -> one.engine.vip("vip-1").orElseThrow().state() == VipState.FAULT, all);
        VipStatus fault = one.engine.vip("vip-1").orElseThrow();
        assertTrue(fault.lastError().orElse("").contains("Operation not permitted"), "last-error names the command's error: " + fault.lastError());
        this.cluster.await("node-2 holding while node-1 is in FAULT", EngineCluster.DEADLINE,
                () -> this.cluster.timeline.holders("vip-1").contains("node-2"), all);

        // the retries (1 s, then 2 s back-off) end with the preferred node holding it again
        this.cluster.awaitOwner("vip-1", all, "node-1", Duration.ofSeconds(30));
        assertEquals(0, one.failingTakeovers.get(), "both failing attempts were made");
        // the failback to node-1 after its retry is a planned handover: make-before-break, a bounded overlap
        assertTrue(this.cluster.timeline.overlapsBeyondHandovers(EngineFailoverTest.HANDOVER_OVERLAP_BOUND_MS).isEmpty(),
                () -> "two holders outside a handover: " + this.cluster.timeline.overlaps());
        System.out.printf("[fault] takeovers by node-1 failed twice, node-2 held the VIP in between; node-1 holds it after its retries%n");
    }

    @Test
    void aTakeoverOvertakenByThePreferredMembersIsNoFault() throws Exception {
        this.cluster = new EngineCluster("overtaken", List.of(VipDef.auto("vip-1")), EngineFailoverTest.spread(2));
        // node-2 starts alone and probes for a foreign host before its first takeover (arping -D, here 3 s)
        Node two = this.cluster.start("node-2", true, node -> node.duplicateProbeMillis = 3000);
        this.cluster.await("node-2's probe", EngineCluster.DEADLINE, () -> two.movers.get("vip-1").probedTakeovers.get() > 0, List.of(two));
        // meanwhile the preferred node-1 joins, is named and takes it; node-2's probe then hears node-1 answer
        Node one = this.cluster.start("node-1");
        List<Node> all = List.of(one, two);
        this.cluster.awaitOwner("vip-1", all, "node-1");
        EngineCluster.sleep(3500); // past node-2's probe
        List<Transition> faults = two.engine.history(100).stream().filter(Transition.class::isInstance).map(Transition.class::cast)
                .filter(t -> t.to() == VipState.FAULT).toList();
        assertTrue(faults.isEmpty(), () -> "node-2's overtaken takeover is no fault: " + faults);
        assertEquals(VipState.BACKUP, two.engine.vip("vip-1").orElseThrow().state());
        assertEquals(java.util.Set.of("node-1"), this.cluster.timeline.holders("vip-1"));
    }

    @Test
    void theDirectorSendsTrafficToTheEligibleMembersOnly() throws Exception {
        this.cluster = new EngineCluster("director", List.of(VipDef.auto("vip-1")), EngineFailoverTest.spread(3));
        List<Node> all = List.of(
                this.cluster.start("node-1", true, node -> node.director = true),
                this.cluster.start("node-2", true, node -> node.director = true),
                this.cluster.start("node-3", true, node -> node.director = true));
        this.cluster.awaitOwner("vip-1", all, "node-1");
        RecordingDirector director = (RecordingDirector) all.get(0).movers.get("vip-1");
        this.cluster.await("three real servers", EngineCluster.DEADLINE, () -> director.realServers.size() == 3, all);
        all.get(2).engine.setMaintenance(true);
        this.cluster.await("node-3 taken out of the LVS service", EngineCluster.DEADLINE, () -> director.realServers.size() == 2, all);
        assertEquals("node-1", this.cluster.awaitOwner("vip-1", all, "node-1"), "the VIP itself stays");
    }

    @Test
    void anAddressFoundAtStartIsRemovedFirst() throws Exception {
        this.cluster = new EngineCluster("stale", List.of(VipDef.auto("vip-1")), EngineFailoverTest.spread(2));
        Node two = this.cluster.start("node-2", true, node -> node.staleAtStart.add("vip-1"));
        Timeline.Event first = this.cluster.timeline.events().get(0);
        assertEquals("node-2", first.node());
        assertEquals(Timeline.Kind.RELEASE, first.kind(), "the stale address goes before the node does anything else");
        Node one = this.cluster.start("node-1");
        this.cluster.awaitOwner("vip-1", List.of(one, two), "node-1");
    }
}
