package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import dev.havip.election.Failback;
import dev.havip.engine.EngineCluster.Node;
import dev.havip.engine.EngineCluster.VipDef;

/**
 * A holder that is frozen (SIGSTOP, long GC, VM freeze) long enough for the others to exclude it
 * and take over still has the address when it resumes. It must drop every VIP before it does
 * anything else, rejoin, and then the cluster must end with exactly one holder per VIP.
 */
@Timeout(90)
class EnginePauseTest {

    private EngineCluster cluster;

    @AfterEach
    void stopEverything() {
        if (this.cluster != null) {
            this.cluster.close();
        }
    }

    /**
     * A pause just over the threshold that the peers did not notice (a long GC): the node still
     * drops its VIPs and rejoins; nobody may hold a VIP twice on the way, and it ends with its VIPs.
     */
    @org.junit.jupiter.api.Test
    void shortPauseThePeersDidNotNotice(TestInfo info) throws Exception {
        List<VipDef> vips = List.of(VipDef.auto("vip-1"), VipDef.auto("vip-2"));
        this.cluster = new EngineCluster("short-pause", vips, (node, vip) -> switch (node) {
            case "node-1" -> 250;
            case "node-2" -> 230;
            default -> 210;
        });
        Node paused = this.cluster.start("node-1");
        List<Node> all = List.of(paused, this.cluster.start("node-2"), this.cluster.start("node-3"));
        for (VipDef vip : vips) {
            this.cluster.awaitOwner(vip.name(), all, "node-1");
        }
        for (int round = 1; round <= 3; round++) {
            long resumed = System.nanoTime();
            this.cluster.note("node-1's clock jumps 600 ms");
            paused.clockOffset.addAndGet(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(600));
            this.cluster.await("node-1 to drop its addresses", EngineCluster.DEADLINE,
                    () -> this.cluster.timeline.eventsOf("node-1", resumed).stream().filter(e -> e.kind() == Timeline.Kind.RELEASE).count() >= 2, all);
            for (VipDef vip : vips) {
                this.cluster.awaitOwner(vip.name(), all, "node-1", Duration.ofSeconds(20));
            }
            // node-1 dropped its addresses at once; getting them back is a planned handover (make-before-break, bounded)
            List<Timeline.Overlap> overlaps = this.cluster.timeline.overlapsBeyondHandovers(EngineFailoverTest.HANDOVER_OVERLAP_BOUND_MS);
            assertTrue(overlaps.isEmpty(), () -> "two holders outside a handover: " + overlaps + "\n" + this.cluster.describe(all));
        }
    }

    @ParameterizedTest(name = "{0} thread runs first after the resume")
    @ValueSource(strings = { "decision", "pause-detector" })
    void pausedHolderReleasesEverythingFirstAndRejoins(String first, TestInfo info) throws Exception {
        // node-1 prefers both VIPs, then node-2, then node-3; addresses are refreshed on every pass (50 ms), so the pass the freeze stops in has decided a refresh
        List<VipDef> vips = List.of(new VipDef("vip-1", Failback.AUTO, Duration.ZERO, Duration.ofMillis(50)),
                new VipDef("vip-2", Failback.AUTO, Duration.ZERO, Duration.ofMillis(50)));
        this.cluster = new EngineCluster("pause-" + first, vips,
                (node, vip) -> switch (node) {
                    case "node-1" -> 250;
                    case "node-2" -> 230;
                    default -> 210;
                });
        Node paused = this.cluster.start("node-1");
        List<Node> all = List.of(paused, this.cluster.start("node-2"), this.cluster.start("node-3"));
        List<Node> others = all.subList(1, 3);
        for (VipDef vip : vips) {
            this.cluster.awaitOwner(vip.name(), all, "node-1");
        }
        this.cluster.await("node-1 to refresh its addresses", EngineCluster.DEADLINE,
                () -> this.cluster.timeline.eventsOf("node-1", 0).stream().anyMatch(e -> e.kind() == Timeline.Kind.REFRESH), all);
        Set<String> held = this.cluster.timeline.heldBy("node-1");
        assertEquals(Set.of("vip-1", "vip-2"), held);

        org.jgroups.Address before = paused.address();
        long frozen = System.nanoTime();
        paused.freeze();
        this.cluster.note("node-1 frozen");
        for (VipDef vip : vips) {
            this.cluster.awaitOwner(vip.name(), others, "node-2");
        }
        long takenOver = System.nanoTime();
        long pausedMillis = (System.nanoTime() - frozen) / 1_000_000 + 200;
        EngineCluster.sleep(200);

        this.cluster.note("node-1 resumes after " + pausedMillis + " ms");
        long resumed = paused.resume(pausedMillis, first.equals("pause-detector"));
        this.cluster.await("node-1 to drop its addresses", EngineCluster.DEADLINE,
                () -> this.cluster.timeline.heldBy("node-1").isEmpty(), all);

        // its first actions after the resume are releases of everything it held; nothing else comes before them
        List<Timeline.Event> after = this.cluster.timeline.eventsOf("node-1", resumed);
        Set<String> released = new TreeSet<>();
        long lastRelease = 0;
        long firstRelease = Long.MAX_VALUE;
        for (Timeline.Event e : after) {
            if (released.containsAll(held)) {
                break;
            }
            assertEquals(Timeline.Kind.RELEASE, e.kind(), () -> "node-1 acted before it had released everything: " + after
                    + "\n" + this.cluster.describe(all));
            released.add(e.vip());
            lastRelease = e.nanos();
            firstRelease = Math.min(firstRelease, e.nanos());
        }
        assertEquals(held, released);
        System.out.printf("[pause] node-1 frozen %d ms (others took over %d ms after the freeze); after the resume it released"
                + " %s first, %.1f ms (first) / %.1f ms (last) after the resume (%s thread first)%n", pausedMillis, (takenOver - frozen) / 1_000_000,
                held, (firstRelease - resumed) / 1e6, (lastRelease - resumed) / 1e6, first);
        assertTrue((lastRelease - resumed) / 1e6 <= 1000, "released everything within 1 s of the resume (1-48 ms seen)");
        assertTrue((takenOver - frozen) / 1_000_000 <= EngineFailoverTest.FAILOVER_BOUND_MS, "the others took over within the failover bound");

        // it rejoins, and (failback auto) gets its VIPs back by a handover: one holder per VIP
        for (VipDef vip : vips) {
            this.cluster.awaitOwner(vip.name(), all, "node-1", Duration.ofSeconds(20));
        }
        // the failback is a planned handover, make-before-break (SPEC): two live holders for a bounded moment at most
        List<Timeline.Overlap> sinceRelease = this.cluster.timeline.overlaps(lastRelease);
        assertTrue(sinceRelease.stream().allMatch(o -> o.nodes().size() == 2 && o.endNanos() > 0
                && (o.endNanos() - o.startNanos()) / 1e6 <= EngineFailoverTest.HANDOVER_OVERLAP_BOUND_MS),
                () -> "two holders after node-1 released, beyond a handover: " + sinceRelease + "\n" + this.cluster.describe(all));
        for (Timeline.Overlap overlap : this.cluster.timeline.overlaps()) {
            if (overlap.startNanos() >= lastRelease) {
                continue; // the failback's handover, checked above
            }
            System.out.printf("[pause] two holders while node-1 was frozen: %s%n", overlap);
            assertFalse(overlap.endNanos() < 0 || overlap.endNanos() > lastRelease, overlap.toString());
        }
        List<Timeline.Event> stray = this.cluster.timeline.strayRefreshes();
        assertTrue(stray.isEmpty(), () -> "refreshed an address it did not hold: " + stray + "\n" + this.cluster.describe(all));
        List<Transition> faults = paused.engine.history(100).stream().filter(Transition.class::isInstance).map(Transition.class::cast)
                .filter(t -> t.to() == VipState.FAULT).toList();
        assertTrue(faults.isEmpty(), () -> "a pause is not a fault of the VIP: " + faults);
        for (Node node : all) {
            assertEquals(Set.of("node-1", "node-2", "node-3"), new TreeSet<>(node.engine.members()), node.name + " sees everyone");
        }
        // it came back by leaving and joining again (a new JGroups address), not by a merge of its stale view
        assertFalse(before.equals(paused.address()), "node-1 rejoined with a new address");
        long back = (System.nanoTime() - resumed) / 1_000_000;
        System.out.printf("[pause] node-1 rejoined and holds its VIPs again %d ms after the resume%n", back);
        assertTrue(back <= 20_000, "back " + back + " ms after the resume");
    }
}
