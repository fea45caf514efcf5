package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.havip.cluster.Quorum;
import dev.havip.engine.EngineCluster.Node;
import dev.havip.engine.EngineCluster.VipDef;

/**
 * The failback after a healed link cut, with real JGroups channels and quorum tie-breaker: node-1 (preferred) is
 * cut off and loses its tie-breaker, node-2 takes the VIP; the link comes back and the VIP fails back as a
 * planned handover, make-before-break (node-1 takes before node-2 releases) and without a duplicate-address probe
 * (about a second with arping -D), whichever node coordinates after the merge. The probe still runs where it
 * protects something: the first takeover after a start.
 */
@Timeout(120)
class EngineLinkCutFailbackTest {

    /** Stands in for arping -D: a takeover that probes waits this long first. */
    static final long PROBE_MS = 1000;
    private EngineCluster cluster;

    @AfterEach
    void stopEverything() {
        if (this.cluster != null) {
            this.cluster.close();
        }
    }

    @ParameterizedTest(name = "the cut node coordinates after the merge: {0}")
    @ValueSource(booleans = {true, false})
    void failbackAfterAHealedLinkCutTakesNoProbe(boolean cutNodeCoordinates) throws Exception {
        this.cluster = new EngineCluster("linkcut-" + cutNodeCoordinates, List.of(VipDef.auto("vip-1")), EngineFailoverTest.spread(2));
        this.cluster.quorum = Quorum.TIE_BREAKER;
        // the lower address coordinates a merged view
        Node one = this.cluster.start("node-1", true, node -> {
            node.uuid = cutNodeCoordinates ? 1L : 2L;
            node.duplicateProbeMillis = PROBE_MS;
        });
        Node two = this.cluster.start("node-2", true, node -> {
            node.uuid = cutNodeCoordinates ? 2L : 1L;
            node.duplicateProbeMillis = PROBE_MS;
        });
        List<Node> all = List.of(one, two);
        this.cluster.awaitOwner("vip-1", all, "node-1");
        assertEquals(1, one.movers.get("vip-1").probedTakeovers.get(), "node-1's first takeover after its start probed for a foreign host");

        // node-1's link is cut: it sees nobody and no tie-breaker, node-2 still reaches the tie-breaker
        one.tieBreakerReachable = false;
        this.cluster.partition(List.of(one), List.of(two));
        this.cluster.awaitOwner("vip-1", List.of(two), "node-2");
        this.cluster.await("node-1 to drop the VIP", EngineCluster.DEADLINE, () -> !this.cluster.timeline.holders("vip-1").contains("node-1"), all);

        int probedBefore = one.movers.get("vip-1").probedTakeovers.get();
        long healed = System.nanoTime();
        one.tieBreakerReachable = true;
        this.cluster.heal();
        this.cluster.awaitOwner("vip-1", all, "node-1", Duration.ofSeconds(30));
        String coordinator = one.engine.coordinator().orElseThrow();
        Timeline.Event release = this.last("node-2", Timeline.Kind.RELEASE);
        Timeline.Event take = this.last("node-1", Timeline.Kind.TAKE);
        long overlap = (release.nanos() - take.nanos()) / 1_000_000;
        System.out.printf("[link-cut] %s coordinates after the merge: failback %d ms after the heal, node-1 took %d ms before node-2 released%n",
                coordinator, (take.nanos() - healed) / 1_000_000, overlap);
        assertEquals(cutNodeCoordinates ? "node-1" : "node-2", coordinator, "the merge's coordinator");
        assertEquals(probedBefore, one.movers.get("vip-1").probedTakeovers.get(), "the failback took the VIP from node-2 without a probe");
        // before, the merged view's first table revoked the VIP from node-2 (break-before-make: a gap of 3-14 ms here,
        // 40-50 ms and 3-6 failed client probes in the lab)
        assertTrue(take.nanos() < release.nanos(), "make-before-break: node-1 took the VIP " + (-overlap) + " ms after node-2 released it");
        // the failback is a planned handover: make-before-break, two live holders for a bounded moment at most
        assertTrue(this.cluster.timeline.overlaps(healed).stream().allMatch(o -> o.nodes().size() == 2 && o.endNanos() > 0
                && (o.endNanos() - o.startNanos()) / 1e6 <= EngineFailoverTest.HANDOVER_OVERLAP_BOUND_MS),
                () -> "two holders after the heal, beyond a handover: " + this.cluster.timeline.overlaps(healed));
    }

    private Timeline.Event last(String node, Timeline.Kind kind) {
        List<Timeline.Event> events = this.cluster.timeline.events();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).node().equals(node) && events.get(i).kind() == kind) {
                return events.get(i);
            }
        }
        throw new AssertionError("no " + kind + " by " + node);
    }
}
