package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.havip.cluster.Quorum;
import dev.havip.election.Failback;
import dev.havip.engine.EngineCluster.Node;
import dev.havip.engine.EngineCluster.VipDef;

/**
 * The engine's user-visible behaviour on real JGroups channels (in one JVM): election at start,
 * failover after a crash, failback, operator handovers, partitions and merges, majority quorum.
 * Every test checks the mover timeline: no two nodes ever held a VIP at once, except where the
 * quorum rule allows it (a partition with quorum none).
 */
@Timeout(120)
class EngineFailoverTest {

    private EngineCluster cluster;

    @AfterEach
    void stopEverything() {
        if (this.cluster != null) {
            this.cluster.close();
        }
    }

    /**
     * node-k's priority for vip-j: node-j prefers vip-j (250), then node-(j+1) (230), and so on;
     * so every VIP has a distinct preferred node and a known order of successors.
     */
    /** In one JVM a crash is noticed after FD_ALL3 (500 ms) + VERIFY_SUSPECT2 (100 ms): 0.6-1 s seen; generous bounds. */
    static final long FAILOVER_BOUND_MS = 5000;
    /** Take to release in a planned handover (make-before-break, both hold meanwhile): 0.6-15 ms seen. SPEC: tens of ms. */
    static final double HANDOVER_OVERLAP_BOUND_MS = 200;
    /** A merge needs MERGE3 (up to 3 s, twice) and the discovery grace: 4.8-6.2 s seen. */
    static final long MERGE_BOUND_MS = 20_000;

    static BiFunction<String, String, Integer> spread(int nodes) {
        return (node, vip) -> {
            int k = Integer.parseInt(node.substring(node.indexOf('-') + 1));
            int j = Integer.parseInt(vip.substring(vip.indexOf('-') + 1));
            return 250 - Math.floorMod(k - j, nodes) * 20;
        };
    }

    private EngineCluster cluster(TestInfo info, int nodes, List<VipDef> vips) {
        this.cluster = new EngineCluster(info.getTestMethod().orElseThrow().getName() + nodes, vips, spread(nodes));
        return this.cluster;
    }

    private List<Node> startAll(int nodes) throws Exception {
        List<Node> started = new ArrayList<>();
        for (int k = 1; k <= nodes; k++) {
            started.add(this.cluster.start("node-" + k));
        }
        return started;
    }

    /**
     * Two holders only in planned handovers (make-before-break): two live nodes, for a bounded moment, never three.
     * A crashed node's address dies with it, so an unplanned takeover shows no overlap at all.
     */
    private void assertOnlyHandoverOverlaps() {
        List<Timeline.Overlap> beyond = this.cluster.timeline.overlapsBeyondHandovers(HANDOVER_OVERLAP_BOUND_MS);
        assertTrue(beyond.isEmpty(), () -> "two nodes held a VIP outside a bounded handover: " + beyond + "\n" + this.cluster.describe(this.cluster.live()));
    }

    /** The highest-priority node among the given ones for the VIP (ties to the lowest name). */
    private String best(String vip, List<Node> among) {
        return among.stream().map(n -> n.name)
                .sorted((a, b) -> {
                    int pa = this.cluster.priority.apply(a, vip);
                    int pb = this.cluster.priority.apply(b, vip);
                    return pa != pb ? Integer.compare(pb, pa) : a.compareTo(b);
                }).findFirst().orElseThrow();
    }

    // ---- start, crash, restart ----

    /**
     * Start: one owner per VIP, agreed by all. Crash of node-1 (holder of vip-1): exactly one new
     * owner, the best survivor, agreed by all survivors. Restart of node-1 (same name, new engine):
     * with failback auto vip-1 returns only after the node is ready and failback-delay has passed;
     * with manual it stays where it is.
     */
    @ParameterizedTest(name = "{0} nodes, failback {1}")
    @CsvSource({ "2, AUTO", "5, AUTO", "2, MANUAL", "5, MANUAL" })
    void crashOfTheHolderAndRestartOfThePreferredNode(int n, Failback failback, TestInfo info) throws Exception {
        Duration delay = Duration.ofMillis(1000);
        List<VipDef> vips = new ArrayList<>();
        for (int j = 1; j <= Math.min(n, 3); j++) {
            vips.add(new VipDef("vip-" + j, failback, delay, Duration.ZERO));
        }
        this.cluster(info, n, vips);
        // node-1 starts alone and takes everything, then the others join
        Node first = this.cluster.start("node-1");
        for (VipDef vip : vips) {
            this.cluster.awaitOwner(vip.name(), List.of(first), "node-1");
        }
        List<Node> all = new ArrayList<>(List.of(first));
        for (int k = 2; k <= n; k++) {
            all.add(this.cluster.start("node-" + k));
        }
        for (VipDef vip : vips) {
            // node-1 starts alone and takes everything; with auto each VIP then goes to its preferred node (after the delay)
            this.cluster.awaitOwner(vip.name(), all, failback == Failback.AUTO ? this.best(vip.name(), all) : "node-1");
        }
        assertOnlyHandoverOverlaps();

        Node holder = this.cluster.node("node-1");
        Set<String> lost = this.cluster.timeline.heldBy("node-1");
        assertTrue(lost.contains("vip-1"), "node-1 holds vip-1");
        java.util.Map<String, Integer> probedBefore = new java.util.HashMap<>();
        this.cluster.live().forEach(s -> s.movers.forEach((vip, mover) -> probedBefore.put(s.name + "/" + vip, mover.probedTakeovers.get())));
        long crash = System.nanoTime();
        holder.crash();
        List<Node> survivors = this.cluster.live();
        for (String vip : lost) {
            String owner = this.cluster.awaitOwner(vip, survivors, this.best(vip, survivors));
            long agreedAfter = (System.nanoTime() - crash) / 1_000_000;
            System.out.printf("[failover] %d nodes, %s: crash of node-1 -> all %d survivors agree on %s for %s after %d ms%n",
                    n, failback, survivors.size(), owner, vip, agreedAfter);
            assertTrue(agreedAfter <= FAILOVER_BOUND_MS, "failover took " + agreedAfter + " ms");
            assertEquals(this.best(vip, survivors), owner, vip);
            this.cluster.await(owner + " holds " + vip, EngineCluster.DEADLINE, () -> this.cluster.timeline.heldBy(owner).contains(vip), survivors);
            RecordingMover mover = this.cluster.node(owner).movers.get(vip);
            assertEquals(probedBefore.getOrDefault(owner + "/" + vip, 0), mover.probedTakeovers.get(),
                    owner + " took " + vip + " from crashed node-1 without probing for a foreign host (node-1's kernel would answer)");
        }
        assertOnlyHandoverOverlaps();

        // the preferred node comes back, but is not ready yet (still booting)
        Node again = this.cluster.start("node-1", false);
        List<Node> everyone = this.cluster.live();
        String interim = this.best("vip-1", survivors);
        this.cluster.await("node-1 to see the cluster", EngineCluster.DEADLINE,
                () -> interim.equals(this.cluster.agreedOwner("vip-1", everyone)), everyone);
        EngineCluster.sleep(700);
        assertEquals(interim, this.cluster.agreedOwner("vip-1", everyone), "a node that is not ready takes nothing back");
        assertTrue(this.cluster.timeline.heldBy("node-1").isEmpty());

        long ready = System.nanoTime();
        again.engine.setReady(true);
        if (failback == Failback.AUTO) {
            this.cluster.awaitOwner("vip-1", everyone, "node-1");
            long took = this.cluster.timeline.eventsOf("node-1", ready).stream()
                    .filter(e -> e.vip().equals("vip-1") && e.kind() == Timeline.Kind.TAKE).findFirst().orElseThrow().nanos();
            long afterReady = (took - ready) / 1_000_000;
            System.out.printf("[failback] %d nodes: vip-1 back on node-1 %d ms after it became ready (failback-delay %d ms)%n",
                    n, afterReady, delay.toMillis());
            assertTrue(afterReady >= delay.toMillis() - 5, "failback waited for failback-delay, took after " + afterReady + " ms");
            assertTrue(afterReady <= delay.toMillis() + FAILOVER_BOUND_MS, "failback took " + afterReady + " ms after node-1 was ready");
        } else {
            EngineCluster.sleep(delay.toMillis() + 1000);
            for (String vip : lost) {
                this.cluster.awaitOwner(vip, everyone, this.best(vip, survivors)); // stays with manual failback
            }
            assertTrue(this.cluster.timeline.heldBy("node-1").isEmpty(), "node-1 took nothing back");
        }
        assertOnlyHandoverOverlaps();
    }

    // ---- operator handovers ----

    /**
     * move, clear, release, takeover, maintenance: each is a handover to the expected node, agreed
     * by all, make-before-break: the new holder's TAKE comes before the old holder's RELEASE, within a
     * bounded overlap.
     */
    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = { 2, 5 })
    void operatorHandoversTakeBeforeRelease(int n, TestInfo info) throws Exception {
        List<VipDef> vips = List.of(VipDef.auto("vip-1"), VipDef.auto("vip-2"));
        this.cluster(info, n, vips);
        List<Node> all = this.startAll(n);
        this.cluster.awaitOwner("vip-1", all, "node-1");
        this.cluster.awaitOwner("vip-2", all, "node-2");
        String last = "node-" + n;

        // move vip-1 (asked on another node than holder or target); refused until node-2 has heard
        // from the target (it may have joined a moment ago), so retried like an operator would
        this.handover("vip-1", "node-1", last, () -> this.retrying(() -> this.cluster.node("node-2").engine.move("vip-1", last)));
        assertEquals(last, this.cluster.node("node-1").vip("vip-1").pinnedTo().orElse(null));
        // a move pins, even under failback auto: wait a little and check it stays
        EngineCluster.sleep(500);
        assertEquals(last, this.cluster.agreedOwner("vip-1", all));
        // clear: back to the preferred node
        this.handover("vip-1", last, "node-1", () -> this.cluster.node("node-1").engine.clear("vip-1"));
        // release on the holder: the next best eligible node takes it. Which one node-2 picks depends on what the
        // others said they are at that moment (a real JVM pause on a loaded machine makes a node rejoin, ineligible for a
        // moment), so the pin is read back: it names another node, and that node takes the VIP over
        String best = this.best("vip-2", all.stream().filter(x -> !x.name.equals("node-2")).toList());
        long released = System.nanoTime();
        this.cluster.node("node-2").engine.release("vip-2");
        this.cluster.await("node-2 to show the release's pin", EngineCluster.DEADLINE,
                () -> this.cluster.node("node-2").vip("vip-2").pinnedTo().isPresent(), all);
        String next = this.cluster.node("node-2").vip("vip-2").pinnedTo().orElseThrow();
        if (!next.equals(best)) {
            System.out.printf("[handover] release of vip-2 on node-2 pinned it to %s, not to the best other node %s (not eligible then)%n", next, best);
        }
        assertTrue(!next.equals("node-2"), "a release hands the VIP to another node");
        this.handover("vip-2", "node-2", next, () -> { }, released);
        // takeover on the preferred node
        this.handover("vip-2", next, "node-2", () -> this.cluster.node("node-2").engine.takeover("vip-2"));
        this.cluster.node("node-2").engine.clear("vip-2");
        // maintenance on the holder of vip-1
        String successor = this.best("vip-1", all.stream().filter(x -> !x.name.equals("node-1")).toList());
        this.handover("vip-1", "node-1", successor, () -> this.cluster.node("node-1").engine.setMaintenance(true));
        assertEquals(VipState.MAINTENANCE, this.cluster.node("node-1").vip("vip-1").state());
        this.handover("vip-1", successor, "node-1", () -> this.cluster.node("node-1").engine.setMaintenance(false));
        // graceful shutdown of a holder is a handover too
        this.handover("vip-2", "node-2", this.best("vip-2", all.stream().filter(x -> !x.name.equals("node-2")).toList()),
                () -> this.cluster.node("node-2").close());
        assertOnlyHandoverOverlaps();
    }

    @FunctionalInterface
    interface Op {
        void run() throws Exception;
    }

    private void retrying(Op op) throws Exception {
        long end = System.nanoTime() + EngineCluster.DEADLINE.toNanos();
        while (true) {
            try {
                op.run();
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() - end > 0) {
                    throw e;
                }
                EngineCluster.sleep(50);
            }
        }
    }

    private void handover(String vip, String from, String to, Op op) throws Exception {
        this.handover(vip, from, to, op, System.nanoTime());
    }

    /** @param before when the handover was asked for (events from then on count) */
    private void handover(String vip, String from, String to, Op op, long before) throws Exception {
        op.run();
        this.cluster.awaitOwner(vip, this.cluster.live(), to);
        List<Timeline.Event> events = this.cluster.timeline.events().stream().filter(e -> e.nanos() >= before && e.vip().equals(vip)).toList();
        Timeline.Event release = events.stream().filter(e -> e.node().equals(from) && e.kind() == Timeline.Kind.RELEASE).findFirst()
                .orElseThrow(() -> new AssertionError(from + " never released " + vip + ": " + events));
        Timeline.Event take = events.stream().filter(e -> e.node().equals(to) && e.kind() == Timeline.Kind.TAKE).findFirst()
                .orElseThrow(() -> new AssertionError(to + " never took " + vip + ": " + events));
        assertTrue(take.seq() < release.seq(), () -> "make-before-break: take before release: " + events);
        double overlap = (release.nanos() - take.nanos()) / 1e6;
        System.out.printf("[handover] %s %s -> %s: both held it for %.1f ms (take before release)%n", vip, from, to, overlap);
        assertTrue(overlap <= HANDOVER_OVERLAP_BOUND_MS, "handover overlap " + overlap + " ms");
        assertOnlyHandoverOverlaps();
    }

    /**
     * addVip at runtime: one owner, the preferred node. removeVip on the holder: it releases (the
     * address goes before anyone else adds it) and the best remaining node takes over; removed
     * everywhere, nobody holds it.
     */
    @Test
    void addAndRemoveVipAtRuntime(TestInfo info) throws Exception {
        this.cluster(info, 3, List.of(VipDef.auto("vip-1")));
        List<Node> all = this.startAll(3);
        this.cluster.awaitOwner("vip-1", all, "node-1");
        VipDef added = VipDef.auto("vip-2");
        for (Node node : all) {
            node.engine.addVip(node.config(added, 1));
        }
        this.cluster.awaitOwner("vip-2", all, "node-2");
        long before = System.nanoTime();
        this.cluster.node("node-2").engine.removeVip("vip-2");
        assertTrue(this.cluster.node("node-2").engine.vip("vip-2").isEmpty());
        List<Node> managing = List.of(this.cluster.node("node-1"), this.cluster.node("node-3"));
        this.cluster.await("node-3 to take vip-2", EngineCluster.DEADLINE,
                () -> this.cluster.timeline.holders("vip-2").equals(Set.of("node-3"))
                        && managing.stream().allMatch(x -> "node-3".equals(x.vip("vip-2").owner().orElse(null))), all);
        List<Timeline.Event> events = this.cluster.timeline.events().stream().filter(e -> e.nanos() >= before && e.vip().equals("vip-2")).toList();
        assertEquals(List.of("node-2 RELEASE", "node-3 TAKE"), events.stream().map(e -> e.node() + " " + e.kind()).toList());
        for (Node node : managing) {
            node.engine.removeVip("vip-2");
        }
        assertEquals(Set.of(), this.cluster.timeline.holders("vip-2"));
        this.cluster.awaitOwner("vip-1", all, "node-1");
        assertOnlyHandoverOverlaps();
    }

    /** removeVip while the takeover of that VIP is still running: the address must not stay up, unmanaged. */
    @Test
    void removeVipWhileItIsBeingTaken(TestInfo info) throws Exception {
        this.cluster(info, 2, List.of(VipDef.auto("vip-1")));
        List<Node> all = this.startAll(2);
        this.cluster.awaitOwner("vip-1", all, "node-1");
        Node node = this.cluster.node("node-1");
        node.takeoverProbeMillis = 300;
        node.engine.addVip(node.config(VipDef.auto("vip-2"), 1));
        assertTrue(node.takeoverStarted.await(10, java.util.concurrent.TimeUnit.SECONDS), "the takeover of vip-2 started");
        node.engine.removeVip("vip-2");
        this.cluster.await("the address of the removed vip-2 to be gone", Duration.ofSeconds(5),
                () -> this.cluster.timeline.events().stream().anyMatch(e -> e.vip().equals("vip-2") && e.kind() == Timeline.Kind.TAKE)
                        && this.cluster.timeline.holders("vip-2").isEmpty(), all);
    }

    // ---- partitions ----

    /**
     * quorum none: during a partition each side elects its own owner (that is what "none" means);
     * after the merge exactly one owner remains, the preferred one, and every other node released.
     */
    @ParameterizedTest(name = "{0} nodes")
    @ValueSource(ints = { 2, 5 })
    void partitionAndMergeWithoutQuorum(int n, TestInfo info) throws Exception {
        List<VipDef> vips = List.of(VipDef.auto("vip-1"), VipDef.auto("vip-2"));
        this.cluster(info, n, vips);
        List<Node> all = this.startAll(n);
        for (VipDef vip : vips) {
            this.cluster.awaitOwner(vip.name(), all, this.best(vip.name(), all));
        }
        List<Node> left = all.subList(0, n / 2);
        List<Node> right = all.subList(n / 2, n);
        long cut = System.nanoTime();
        this.cluster.partition(left, right);
        for (VipDef vip : vips) {
            this.cluster.awaitOwner(vip.name(), left, this.best(vip.name(), left));
            this.cluster.awaitOwner(vip.name(), right, this.best(vip.name(), right));
        }
        long healed = System.nanoTime();
        this.cluster.heal();
        for (VipDef vip : vips) {
            String owner = this.cluster.awaitOwner(vip.name(), all, this.best(vip.name(), all), Duration.ofSeconds(25));
            long alone = (System.nanoTime() - healed) / 1_000_000;
            System.out.printf("[merge] %d nodes: %s on %s alone %d ms after the links came back%n", n, vip.name(), owner, alone);
            assertTrue(alone <= MERGE_BOUND_MS, "one holder only " + alone + " ms after the heal");
        }
        List<Timeline.Overlap> overlaps = this.cluster.timeline.overlaps();
        for (Timeline.Overlap overlap : overlaps) {
            System.out.printf("[merge] %d nodes: two holders during the partition (quorum none): %s%n", n, overlap);
            assertTrue(overlap.startNanos() >= cut && overlap.endNanos() > 0, "only the partition may have two holders: " + overlap);
        }
        // every node that is not the owner has released
        for (VipDef vip : vips) {
            assertEquals(Set.of(this.best(vip.name(), all)), this.cluster.timeline.holders(vip.name()));
        }
        // make-before-break at the merge: the owner announced before the other side's holder removed its copy (clients
        // that followed that holder are drawn back first; break-before-make cost a SYN retransmission, 1 s, in the lab)
        for (VipDef vip : vips) {
            String owner = this.best(vip.name(), all);
            List<Timeline.Event> after = this.cluster.timeline.events().stream().filter(e -> e.vip().equals(vip.name()) && e.nanos() >= healed).toList();
            long firstRelease = after.stream().filter(e -> e.kind() == Timeline.Kind.RELEASE && !e.node().equals(owner))
                    .mapToLong(Timeline.Event::seq).min().orElseThrow();
            assertTrue(after.stream().anyMatch(e -> e.node().equals(owner) && e.kind() == Timeline.Kind.REFRESH && e.seq() < firstRelease),
                    owner + " announces " + vip.name() + " before the other partition's holder releases it: " + after);
        }
        // and then the owner announced again at once (no refresh interval here: only the release can trigger it),
        // so clients that followed the other side's announcements come back without waiting for a refresh
        for (VipDef vip : vips) {
            String owner = this.best(vip.name(), all);
            long lastRelease = this.cluster.timeline.events().stream()
                    .filter(e -> e.vip().equals(vip.name()) && e.kind() == Timeline.Kind.RELEASE && !e.node().equals(owner))
                    .mapToLong(Timeline.Event::seq).max().orElseThrow();
            this.cluster.await(owner + " announces " + vip.name() + " after the other holder released it", Duration.ofSeconds(5),
                    () -> this.cluster.timeline.events().stream().anyMatch(e -> e.vip().equals(vip.name()) && e.node().equals(owner)
                            && e.kind() == Timeline.Kind.REFRESH && e.seq() > lastRelease), all);
        }
    }

    /**
     * One-way link failure: the others stop hearing node-1 (the holder) and exclude it, but node-1
     * still hears them, so it is never told and keeps its old, full view: even with quorum
     * majority it goes on holding until MERGE3 repairs the views after the link is back. Measured
     * and printed, not pretended to be zero; asserts the outcome after the repair.
     */
    @Test
    void oneWayLinkFailureTwoHolderTime(TestInfo info) throws Exception {
        this.cluster(info, 3, List.of(VipDef.auto("vip-1")));
        this.cluster.quorum = Quorum.MAJORITY;
        List<Node> all = this.startAll(3);
        this.cluster.awaitOwner("vip-1", all, "node-1");
        Node deaf = this.cluster.node("node-1");
        long cut = System.nanoTime();
        for (Node other : all.subList(1, 3)) {
            other.discard.addIgnoreMember(deaf.address());
        }
        this.cluster.awaitOwner("vip-1", all.subList(1, 3), "node-2");
        EngineCluster.sleep(2000);
        boolean stillHeld = this.cluster.timeline.holders("vip-1").contains("node-1");
        System.out.printf("[one-way] 2 s after node-2 took vip-1, node-1 %s (its view: %s, quorate %s)%n",
                stillHeld ? "STILL holds it" : "has released it", deaf.engine.members(), deaf.engine.quorate());
        long healed = System.nanoTime();
        this.cluster.heal();
        this.cluster.awaitOwner("vip-1", all, "node-1", Duration.ofSeconds(25));
        for (Timeline.Overlap overlap : this.cluster.timeline.overlaps()) {
            System.out.printf("[one-way] two holders: %s (link cut %.0f ms before it started, back %.0f ms before it ended)%n", overlap,
                    (overlap.startNanos() - cut) / 1e6, (overlap.endNanos() - healed) / 1e6);
        }
    }

    /** quorum majority, 5 nodes split 3/2 with the holders on the minority side: the minority drops everything. */
    @Test
    void majorityQuorumMinorityHoldsNothing(TestInfo info) throws Exception {
        List<VipDef> vips = List.of(VipDef.auto("vip-1"), VipDef.auto("vip-2"), VipDef.auto("vip-3"));
        this.cluster(info, 5, vips);
        this.cluster.quorum = Quorum.MAJORITY;
        List<Node> all = this.startAll(5);
        for (VipDef vip : vips) {
            this.cluster.awaitOwner(vip.name(), all, this.best(vip.name(), all));
        }
        List<Node> minority = all.subList(0, 2);
        List<Node> majority = all.subList(2, 5);
        this.cluster.partition(minority, majority);
        for (VipDef vip : vips) {
            this.cluster.awaitNobodyHolds(vip.name(), minority);
            this.cluster.awaitOwner(vip.name(), majority, this.best(vip.name(), majority));
        }
        for (Node node : minority) {
            assertTrue(!node.engine.quorate(), node.name + " is not quorate");
        }
        List<Timeline.Overlap> overlaps = this.cluster.timeline.overlaps();
        overlaps.forEach(o -> System.out.printf("[majority] two holders until the minority noticed: %s%n", o));
        this.cluster.heal();
        for (VipDef vip : vips) {
            this.cluster.awaitOwner(vip.name(), all, this.best(vip.name(), all), Duration.ofSeconds(25));
        }
    }
}
