package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.havip.engine.EngineCluster.Node;
import dev.havip.engine.EngineCluster.VipDef;

/**
 * Not a timed assertion: measures how long a large cluster (all in this JVM: 30 members and 6 VIPs
 * in the build, 100 and 20 as the benchmark the README names) takes from the crash of a VIP's holder until every survivor reports the same new owner,
 * and prints it. It asserts only the outcome (the expected new owner, agreed by all, no overlap).
 */
@Timeout(300)
class ElectionScaleBenchmarkTest {

    static final int MEMBERS = Integer.getInteger("havip.bench.members", 100);
    static final int VIPS = Integer.getInteger("havip.bench.vips", 20);
    /** Keeps the logger (and its level) alive: 100 engines log thousands of transitions otherwise. */
    private static final Logger ENGINE_LOG = Logger.getLogger("dev.havip");

    private EngineCluster cluster;
    private Level level;
    private java.util.logging.Handler pauseCounter;
    private java.util.concurrent.atomic.AtomicInteger pauses;

    @AfterEach
    void stopEverything() {
        if (this.cluster != null) {
            this.cluster.close();
        }
        ENGINE_LOG.setLevel(this.level);
        if (this.pauseCounter != null) {
            ENGINE_LOG.removeHandler(this.pauseCounter);
            System.out.printf("[bench] pause detections during the run (CPU starvation of the ticker threads): %d%n", this.pauses.get());
        }
    }

    @Test
    void crashOfAHolderInALargeCluster() throws Exception {
        this.level = ENGINE_LOG.getLevel();
        ENGINE_LOG.setLevel(Level.WARNING);
        java.util.concurrent.atomic.AtomicInteger pauses = new java.util.concurrent.atomic.AtomicInteger();
        java.util.logging.Handler counter = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (String.valueOf(record.getMessage()).contains("HAVIP0003")) {
                    pauses.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        ENGINE_LOG.addHandler(counter);
        this.pauseCounter = counter;
        this.pauses = pauses;
        List<VipDef> vips = new ArrayList<>();
        for (int j = 1; j <= VIPS; j++) {
            vips.add(VipDef.auto("vip-" + j));
        }
        // vip-j prefers node-(5j), then the next names in a ring; priorities 250 down to 52
        this.cluster = new EngineCluster("bench", vips, (node, vip) -> {
            int k = Integer.parseInt(node.substring(5));
            int j = Integer.parseInt(vip.substring(4));
            return 250 - Math.floorMod(k - 1 - (5 * j - 1) % MEMBERS, MEMBERS) * 198 / MEMBERS;
        });
        this.cluster.large = true;

        long start = System.nanoTime();
        this.cluster.start("node-1");
        ExecutorService starters = Executors.newFixedThreadPool(8);
        try {
            List<Future<Node>> started = new ArrayList<>();
            for (int k = 2; k <= MEMBERS; k++) {
                String name = "node-" + k;
                started.add(starters.submit(() -> this.cluster.start(name)));
            }
            for (Future<Node> future : started) {
                future.get(90, TimeUnit.SECONDS);
            }
        } finally {
            starters.shutdownNow();
        }
        List<Node> all = this.cluster.live();
        long joined = System.nanoTime();
        for (VipDef vip : vips) {
            this.cluster.awaitOwner(vip.name(), all, this.best(vip.name(), all), Duration.ofSeconds(120));
        }
        long settled = System.nanoTime();
        System.out.printf("[bench] %d members started in %d ms, all %d VIPs on their preferred nodes and agreed after %d ms%n",
                MEMBERS, (joined - start) / 1_000_000, VIPS, (settled - start) / 1_000_000);

        String vip = "vip-" + Math.min(3, VIPS);
        Node holder = this.cluster.node(this.best(vip, all));
        List<Node> survivors = all.stream().filter(n -> n != holder).toList();
        String expected = this.best(vip, survivors);
        EngineCluster.sleep(1000); // let the start-up traffic die down

        long crash = System.nanoTime();
        holder.crash();
        long viewsInstalled = -1;
        long agreed = -1;
        long deadline = crash + TimeUnit.SECONDS.toNanos(30);
        // times are taken when a check has passed (a check of 99 engines takes a few ms)
        java.util.Map<String, Long> viewAt = new java.util.HashMap<>();
        while (System.nanoTime() < deadline && agreed < 0) {
            for (Node n : survivors) {
                if (!viewAt.containsKey(n.name) && n.engine.members().size() == survivors.size()) {
                    viewAt.put(n.name, System.nanoTime());
                }
            }
            if (viewsInstalled < 0 && viewAt.size() == survivors.size()) {
                viewsInstalled = System.nanoTime();
            }
            if (viewsInstalled > 0 && expected.equals(this.cluster.agreedOwner(vip, survivors))) {
                agreed = System.nanoTime();
            }
            Thread.sleep(2);
        }
        if (agreed < 0) {
            java.util.Map<Integer, Long> sizes = survivors.stream().collect(java.util.stream.Collectors.groupingBy(
                    n -> n.engine.members().size(), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
            System.out.printf("[bench] no agreement within 30 s of the crash; view sizes now (size=nodes): %s%n", sizes);
        }
        String owner = this.cluster.awaitOwner(vip, survivors, expected, Duration.ofSeconds(30));
        long took = this.cluster.timeline.events().stream()
                .filter(e -> e.nanos() > crash && e.vip().equals(vip) && e.kind() == Timeline.Kind.TAKE).findFirst().orElseThrow().nanos();
        System.out.printf("[bench] %d members, %d VIPs: crash of %s -> all %d survivors agree on %s for %s after %s"
                + " (new view on all survivors after %s, %s added the address after %d ms)%n",
                MEMBERS, VIPS, holder.name, survivors.size(), owner, vip, since(crash, agreed), since(crash, viewsInstalled), owner,
                (took - crash) / 1_000_000);
        List<Long> views = viewAt.values().stream().map(t -> (t - crash) / 1_000_000).sorted().toList();
        if (!views.isEmpty()) {
            System.out.printf("[bench] %d of %d survivors saw the new view (min %d / median %d / max %d ms); %s saw it after %s"
                    + " and added the address %d ms after the crash%n", views.size(), survivors.size(), views.get(0),
                    views.get(views.size() / 2), views.get(views.size() - 1), owner, since(crash, viewAt.getOrDefault(owner, -1L)),
                    (took - crash) / 1_000_000);
        }
        assertEquals(expected, owner);
        // generous: one JVM carries all 100 members on 2 cores (4.9 s seen; above 30 s, and a failed CI run, while every
        // decision pass copied all 100 members' adverts of all 20 VIPs into maps: see Peers.newestPins)
        assertTrue(agreed > 0, "all survivors agreed within 30 s of the crash");
        assertTrue((settled - start) / 1_000_000 <= 180_000, "start-up settled within 3 minutes");
        // not asserted: on an overloaded machine FD_ALL3 (500 ms) can suspect members that are only
        // starved of CPU; with quorum none both sides of such a false partition hold until the merge
        List<Timeline.Overlap> overlaps = this.cluster.timeline.overlaps();
        overlaps.forEach(o -> System.out.printf("[bench] two holders: %s%n", o));
        List<Timeline.Overlap> afterCrash = this.cluster.timeline.overlaps(crash).stream().filter(o -> o.vip().equals(vip)).toList();
        assertEquals(List.of(), afterCrash, "the failover itself never had two holders");
    }

    private static String since(long from, long at) {
        return at < 0 ? "(not within 30 s)" : (at - from) / 1_000_000 + " ms";
    }

    private String best(String vip, List<Node> among) {
        return among.stream().map(n -> n.name).sorted((a, b) -> {
            int pa = this.cluster.priority.apply(a, vip);
            int pb = this.cluster.priority.apply(b, vip);
            return pa != pb ? Integer.compare(pb, pa) : a.compareTo(b);
        }).findFirst().orElseThrow();
    }
}
