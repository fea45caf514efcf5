package dev.havip.testsuite.lab;

import static dev.havip.testsuite.lab.Lab.VIP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import dev.havip.testsuite.lab.ScenarioRun.Outcome;

/**
 * Every scenario of the end-to-end lab against ha-vip, one after the other on one lab (two servers in network
 * namespaces, a client probing the VIP every 10 ms, the kernel's address events of both servers). Each scenario
 * ends with the VIP failed back to node-a ({@code failback=auto}), which is where the next one starts. Asserts
 * what a user relies on, and bounds every figure it prints: within about 10x of the benchmark's medians (README,
 * Performance; {@code LabBenchmark}), so that a regression shows while a loaded CI machine still passes. Faults given
 * through the CLI (undeploy, move, maintenance, shutdown) count from the CLI's start, 1.3-3 s before it acts, so those
 * are judged by the client's outage instead. A timeline PNG of each scenario is written next to the lab's logs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LabScenariosTest {

    private static Lab lab;

    @BeforeAll
    static void startLab() throws Exception {
        lab = Lab.start(new HaVipContender(), "node-a", "node-b").instruments();
    }

    @AfterAll
    static void stopLab() throws InterruptedException {
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void endsOnNodeAAlone() {
        assertTrue(lab.net.hasAddress("a", VIP) && !lab.net.hasAddress("b", VIP), "the VIP ends on node-a alone: " + lab.watcher.last());
    }

    private static Outcome run(Scenario scenario) throws Exception {
        return run(lab, scenario);
    }

    /**
     * One scenario on {@code lab} (its instruments on), its timeline PNG in the lab's directory, and the bounds that every
     * scenario of ha-vip meets whatever its quorum (steady state, failback, time on neither, failed probes).
     */
    static Outcome run(Lab lab, Scenario scenario) throws Exception {
        Outcome o = ScenarioRun.run(lab, scenario);
        Timeline.write(lab.work.resolve(scenario.name().toLowerCase() + ".png"), o);
        assertEquals(0, o.twoHolderBeforeFaultMs(), "never on both in the steady state");
        // benchmark medians: failback gap 20-40 ms, handover gap (on neither) 6-21 ms
        assertTrue(o.failbackGapMs() <= 1_000, "the failback interrupts the client for 1 s at most: " + o.failbackGapMs() + " ms");
        assertTrue(o.failedAtFailback() <= 100, "at most 1 s of failed probes at the failback: " + o.failedAtFailback());
        assertTrue(o.noHolderMs() <= 1_000, "the VIP is on neither server for 1 s at most: " + o.noHolderMs() + " ms");
        assertTrue(o.failedProbes() <= 300, "at most 3 s of failed probes in all: " + o.failedProbes());
        long failback = o.failback().end() - o.restoredAt();
        assertTrue(failback <= 30_000, "node-a serves again within 30 s of the restore (a restart takes 3-5 s): " + failback + " ms");
        assertTrue(o.settledAt() - o.restoredAt() <= 30_000, "the VIP is on node-a alone within 30 s of the restore");
        return o;
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void crash() throws Exception {
        Outcome o = run(Scenario.CRASH);
        // benchmark: 170 ms median, 610 ms at most
        assertTrue(o.servedAgainMs() <= 2_000, "served again within 2 s of the kill: " + o.servedAgainMs() + " ms");
        // the dead JVM's watch (ip -batch -, its pipe closed by the kernel at the JVM's exit) removes the address at once,
        // not after its lifetime (SPEC: a dead JVM must not keep its address; 9.9 s before the watch)
        assertTrue(o.aReleasedAt() != 0 && o.aReleasedAt() - o.faultAt() <= 500,
                "the dead JVM's address is gone within 0.5 s of the kill: " + (o.aReleasedAt() - o.faultAt()) + " ms");
        assertTrue(o.twoHolderMs() <= 500, "the dead holder's address is on its eth0 beside node-b's for 0.5 s at most: " + o.twoHolderMs() + " ms");
        assertEquals(lab.net.mac("a"), lab.net.neighbour("client", VIP).orElse("none"), "after the failback the client reaches node-a's MAC");
        assertEquals(0, o.answersFromAWhileAway(), "once node-b serves, the client is never drawn back to dead node-a's address");
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void linkCut() throws Exception {
        Outcome o = run(Scenario.LINK_CUT);
        // benchmark: 630 ms median; the cut holder drops the VIP 51-108 ms after the peer took it
        assertTrue(o.servedAgainMs() <= 5_000, "served again within 5 s of the cut: " + o.servedAgainMs() + " ms");
        assertTrue(o.aReleasedAt() != 0 && o.aReleasedAt() - o.faultAt() <= 5_000,
                "cut off from its peer and the tie-breaker, node-a drops the VIP within 5 s: " + (o.aReleasedAt() - o.faultAt()) + " ms");
        assertTrue(o.twoHolderMs() <= 2_000, "on both (the cut one unreachable) for 2 s at most: " + o.twoHolderMs() + " ms");
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void serviceDeath() throws Exception {
        Outcome o = run(Scenario.SERVICE_DEATH);
        assertTrue(o.servedAgainMs() <= 10_000, "served again within 10 s of the CLI's start: " + o.servedAgainMs() + " ms");
        // benchmark: 50 ms median
        assertTrue(o.outageMs() <= 1_000, "the undeploy interrupts the client for 1 s at most: " + o.outageMs() + " ms");
        assertEquals(0, o.twoHolderBeforeRestoreMs(), "a failed health check is unplanned: node-a removes the VIP before node-b adds it");
        assertTrue(o.twoHolderMs() <= 3 * HANDOVER_OVERLAP_BOUND_MS, "only the failback (planned) has both, briefly: " + o.twoHolderMs() + " ms");
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void pause() throws Exception {
        Outcome o = run(Scenario.PAUSE);
        assertTrue(o.served().end() < o.restoredAt(), "node-b serves the client while node-a is stopped");
        // benchmark: 639 ms median; the paused holder's release after it resumes: 1-48 ms (EnginePauseTest)
        assertTrue(o.servedAgainMs() <= 5_000, "served again within 5 s of the SIGSTOP: " + o.servedAgainMs() + " ms");
        // the frozen JVM renews nothing: its kernel drops the address 2 s after the last renewal (every 0.5 s), checking up
        // to 0.25 s late; 3.0-3.15 s with the 3 s lifetime, 4.4 s with the 10 s one, when only the pause detection after
        // SIGCONT removed it
        assertTrue(o.aReleasedAt() != 0 && o.aReleasedAt() - o.faultAt() <= 3_000,
                "frozen node-a's kernel drops the VIP within 3 s of the SIGSTOP: " + (o.aReleasedAt() - o.faultAt()) + " ms");
        assertTrue(o.aReleasedAt() < o.restoredAt(), "before node-a resumes");
        assertTrue(o.twoHolderMs() <= 2_750, "on both (the frozen one silent) for 2.75 s at most: " + o.twoHolderMs() + " ms");
        assertEquals(0, o.answersFromAWhileAway(), "between node-b's takeover and the failback node-a never answers");
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void plannedMove() throws Exception {
        planned(run(Scenario.MOVE));
    }

    @Test
    @org.junit.jupiter.api.Order(6)
    void plannedMaintenance() throws Exception {
        planned(run(Scenario.MAINTENANCE));
    }

    @Test
    @org.junit.jupiter.api.Order(7)
    void plannedShutdown() throws Exception {
        planned(run(Scenario.SHUTDOWN));
    }

    /** SPEC: planned moves are make-before-break, both serve for tens of ms; CI's margin for a loaded machine. */
    static final long HANDOVER_OVERLAP_BOUND_MS = 200;

    private static void planned(Outcome o) {
        System.out.printf("[lab] %s: on both %d ms in all; failed probes: %d at the move, %d at the failback%n", o.scenario(), o.twoHolderMs(),
                o.failedBeforeRestore(), o.failedAtFailback());
        // the move and the failback are both handovers: on both only for that moment (twice). A probe whose handshake
        // straddled the client's ARP switch was reset by the new holder (0-2 per move, up to 5 on a loaded machine) until
        // the new holder passed such connections on to the old one (HandoverForwarding): 0 in 15 of 15 benchmark runs.
        // Issue 16's bound: at most 2 each
        assertTrue(o.twoHolderMs() <= 5 * HANDOVER_OVERLAP_BOUND_MS, "a planned move is make-before-break, on both only briefly: " + o.twoHolderMs() + " ms");
        // graceful shutdown: the handover is done in WildFly's suspend, before the request controller, the HTTP listener
        // or the deployments stop (before that, once 11 failed probes: they stopped under the VIP mid-handover)
        assertTrue(o.failedBeforeRestore() <= 2, "at most 2 failed probes at the planned move: " + o.failedBeforeRestore());
        assertTrue(o.failedAtFailback() <= 2, "at most 2 failed probes at the failback: " + o.failedAtFailback());
        // benchmark: 30-41 ms median
        assertTrue(o.outageMs() <= 500, "a planned move interrupts the client for 500 ms at most: " + o.outageMs() + " ms");
        assertTrue(o.servedAgainMs() <= 10_000, "node-b serves within 10 s of the CLI's start: " + o.servedAgainMs() + " ms");
        assertTrue(o.aReleasedAt() != 0 && o.aReleasedAt() - o.faultAt() <= 10_000, "node-a hands the VIP over within 10 s of the CLI's start");
    }

    /** Both reach the tie-breaker and the client: no reachability check can decide (SPEC); recorded, then healed. */
    @Test
    @org.junit.jupiter.api.Order(8)
    void partition() throws Exception {
        Outcome o = run(Scenario.PARTITION);
        // benchmark: 14 ms median, 17 ms at most
        assertTrue(o.outageMs() <= 1_000, "the client keeps being answered during the partition: longest gap " + o.outageMs() + " ms");
        assertTrue(o.servedAgainMs() <= 1_000, "answered within 1 s of the partition: " + o.servedAgainMs() + " ms");
        // both hold it for the whole partition (no reachability check can decide) and until the merge after it
        assertTrue(o.twoHolderMs() <= Scenario.PARTITION.holdMs + 10_000, "on both for the partition and the merge at most: "
                + o.twoHolderMs() + " ms");
    }

    /** {@code failback=manual}: node-b keeps the VIP after node-a is back, until the operator moves it home. */
    @Test
    @org.junit.jupiter.api.Order(9)
    void manualFailback() throws Exception {
        String failback = "/subsystem=ha-vip/virtual-ip=web:write-attribute(name=failback,value=%s){allow-resource-service-restart=true}";
        ClientProber client = lab.client;
        try {
            lab.a.cli(failback.formatted("manual"));
            lab.b.cli(failback.formatted("manual"));
            // the write restarts the VIP's service, on the holder too: that may hand the VIP to node-b, where manual now
            // keeps it (CI, 2026-12-07): the operator puts it home first
            lab.a.cli("/subsystem=ha-vip/virtual-ip=web:move(node=node-a)");
            lab.a.cli("/subsystem=ha-vip/virtual-ip=web:clear");
            client.awaitStreak("node-a", ScenarioRun.STREAK, System.currentTimeMillis(), 60_000, "node-a serves before the cut");
            assertTrue(lab.watcher.awaitHolders(true, false, 30_000), "only node-a has the VIP before the cut");
            long cut = System.currentTimeMillis();
            lab.net.cut("a");
            try {
                client.awaitStreak("node-b", ScenarioRun.STREAK, cut, 30_000, "node-b serves after the cut");
            } finally {
                lab.net.restore("a");
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (!lab.b.cli("/subsystem=ha-vip:read-attribute(name=members)").contains("node-a")) {
                assertTrue(System.currentTimeMillis() < deadline, "node-a rejoins node-b's cluster within 60 s");
                Thread.sleep(500);
            }
            long rejoined = System.currentTimeMillis();
            Thread.sleep(5_000);
            long end = System.currentTimeMillis();
            LabFigures.log("manual failback: %d ms after node-a rejoined, answers from node-a %d, from node-b %d; holders now %s", end - rejoined,
                    LabFigures.count(client.probes(), rejoined, end, p -> "node-a".equals(p.result())),
                    LabFigures.count(client.probes(), rejoined, end, p -> "node-b".equals(p.result())), lab.watcher.last());
            assertTrue(lab.watcher.samples().stream().filter(x -> x.time() >= rejoined).allMatch(x -> x.b() && !x.a()),
                    "with failback=manual the VIP stays on node-b after node-a is back: " + lab.watcher.last());
            assertEquals(0, LabFigures.count(client.probes(), rejoined, end, p -> !"node-b".equals(p.result())),
                    "node-b answers every probe after node-a is back");
            lab.a.cli("/subsystem=ha-vip/virtual-ip=web:move(node=node-a)");
            client.awaitStreak("node-a", ScenarioRun.STREAK, end, 30_000, "the operator's move brings the VIP home");
        } finally {
            lab.a.cli(failback.formatted("auto"));
            lab.b.cli(failback.formatted("auto"));
            lab.a.cli("/subsystem=ha-vip/virtual-ip=web:clear");
            client.awaitStreak("node-a", ScenarioRun.STREAK, System.currentTimeMillis(), 60_000, "node-a serves at the end");
            assertTrue(lab.watcher.awaitHolders(true, false, 30_000), "only node-a has the VIP at the end");
        }
    }
}
