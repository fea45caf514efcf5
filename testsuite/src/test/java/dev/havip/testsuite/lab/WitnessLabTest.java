package dev.havip.testsuite.lab;

import static dev.havip.testsuite.lab.Lab.VIP;
import static dev.havip.testsuite.lab.LabFigures.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import dev.havip.testsuite.lab.LabFigures.Probe;
import dev.havip.testsuite.lab.ScenarioRun.Outcome;

/**
 * {@code quorum=witness} in the namespace lab ({@link WitnessHaVipContender}: the witness in a host of its own on the
 * hub, which both servers reach whatever happens between them). The partition that no reachability check can decide
 * (both servers still reach the hub and the client, not each other) has one holder: the VIP never is on both eth0 and
 * only node-a ever answers the client. A crash fails over without two holders and without waiting for a lease. The
 * witness itself going away (kill -9) and coming back (a fresh witness grants nothing for one lease) moves nothing:
 * node-a keeps its leases from the majority of the servers. Every figure is printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WitnessLabTest {

    /** Two of the witness's leases. */
    static final long QUIET_MS = 2 * WitnessProcess.LEASE_MS;

    private static WitnessHaVipContender contender;
    private static Lab lab;

    @BeforeAll
    static void startLab() throws Exception {
        contender = new WitnessHaVipContender();
        lab = Lab.start(contender, "node-a", "node-b").instruments();
        for (LabServer server : List.of(lab.a, lab.b)) {
            assertTrue(lines(server, "HAVIP0022") >= 1, server.name + " connected to the witness at boot (HAVIP0022)");
        }
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

    /** Both reach the witness, the hub and the client, not each other: the witness decides, node-a keeps the VIP. */
    @Test
    @Order(1)
    void partitionHasOneHolder() throws Exception {
        Outcome o = LabScenariosTest.run(lab, Scenario.PARTITION);
        Map<String, Long> answers = answerers(o.probes(), o.faultAt(), o.endAt());
        long bOnEth0 = LabFigures.millisWhere(o.samples(), o.faultAt(), o.endAt(), s -> s.b());
        log("witness / partition: VIP on both %d ms, on node-b's eth0 %d ms, node-a's eth0 lost it: %s; answers from fault to end %s; "
                + "longest client gap %d ms; failed probes %d", o.twoHolderMs(), bOnEth0,
                o.aReleasedAt() == 0 ? "never" : (o.aReleasedAt() - o.faultAt()) + " ms after the partition", answers, o.outageMs(), o.failedProbes());
        assertEquals(0, o.twoHolderMs(), "with the witness the partition never has the VIP on both eth0 (kernel events)");
        assertEquals(0, bOnEth0, "node-b, without the witness's grant, never adds the VIP");
        assertEquals(List.of("node-a"), List.copyOf(answers.keySet()), "only node-a answers the client, during the partition and after it");
        assertTrue(o.outageMs() <= 1_000, "the client keeps being answered during the partition: longest gap " + o.outageMs() + " ms");
        // the next scenario starts from one view again (MERGE3 merges the two partitions some seconds after the heal)
        long mergedA = awaitView(lab.a, o.restoredAt(), 60_000);
        long mergedB = awaitView(lab.b, o.restoredAt(), 60_000);
        log("witness / partition: one view of both servers again %d ms (node-a) and %d ms (node-b) after the heal", mergedA - o.restoredAt(),
                mergedB - o.restoredAt());
    }

    /** kill -9 of node-a: node-b takes over with the witness's grant (node-a's connection closed), never beside node-a. */
    @Test
    @Order(2)
    void crashFailsOverWithoutTwoHolders() throws Exception {
        Outcome o = LabScenariosTest.run(lab, Scenario.CRASH);
        long bOnEth0 = LabFigures.firstWhere(o.samples(), o.faultAt(), o.restoredAt(), s -> s.b());
        log("witness / crash: served again by %s after %d ms; client outage %d ms; node-a's eth0 lost the VIP after %s; node-b's eth0 has it "
                + "after %s; VIP on both: %d ms fault -> restore, %d ms fault -> end (the failback's handover included); failed probes %d",
                o.served().result(), o.servedAgainMs(), o.outageMs(), o.aReleasedAt() == 0 ? "never" : (o.aReleasedAt() - o.faultAt()) + " ms",
                bOnEth0 < 0 ? "never" : (bOnEth0 - o.faultAt()) + " ms", o.twoHolderBeforeRestoreMs(), o.twoHolderMs(), o.failedProbes());
        assertEquals(0, o.twoHolderBeforeRestoreMs(), "the crashed holder's address is gone before node-b adds it (kernel events)");
        assertTrue(o.outageMs() <= 1_500, "the client is answered again within 1.5 s of the kill: longest gap " + o.outageMs() + " ms");
        // the failback is a planned handover (make-before-break, both for tens of ms): LabScenariosTest's bound for those
        assertTrue(o.twoHolderMs() <= 5 * LabScenariosTest.HANDOVER_OVERLAP_BOUND_MS, "only the failback's handover has both, briefly: "
                + o.twoHolderMs() + " ms");
    }

    /** The witness dies (kill -9) and comes back on the same port, the pair whole: nothing moves, no probe fails. */
    @Test
    @Order(3)
    void witnessAwayAndBackMovesNothing() throws Exception {
        WitnessProcess witness = contender.witness();
        lab.client.awaitStreak("node-a", ScenarioRun.STREAK, System.currentTimeMillis(), 60_000, "node-a serves before the witness dies");
        assertTrue(lab.watcher.awaitHolders(true, false, 30_000), "only node-a has the VIP before the witness dies");
        List<String> historyBefore = newestHistory();
        long unreachableBefore = lines(lab.a, "HAVIP0023") + lines(lab.b, "HAVIP0023");
        long connectedBefore = lines(lab.a, "HAVIP0022") + lines(lab.b, "HAVIP0022");

        long killed = System.currentTimeMillis();
        witness.kill();
        Thread.sleep(QUIET_MS);
        long away = System.currentTimeMillis();
        String awayFigures = still("witness killed", killed, away);
        long unreachable = lines(lab.a, "HAVIP0023") + lines(lab.b, "HAVIP0023") - unreachableBefore;
        log("witness / killed: %s; lines HAVIP0023 on the servers since: %d (node-a %s, node-b %s after the kill)", awayFigures, unreachable,
                after(lab.a, "HAVIP0023", killed), after(lab.b, "HAVIP0023", killed));

        long grantsBefore = witness.lines("HAVIPW0002");
        long restarted = witness.start();
        Thread.sleep(QUIET_MS);
        long end = System.currentTimeMillis();
        String backFigures = still("witness restarted", restarted, end);
        long connected = lines(lab.a, "HAVIP0022") + lines(lab.b, "HAVIP0022") - connectedBefore;
        long grants = witness.lines("HAVIPW0002") - grantsBefore;
        log("witness / restarted: %s; HAVIP0022 on the servers since: %d (node-a %s, node-b %s after the restart); grants by the new witness "
                + "(HAVIPW0002): %d", backFigures, connected, after(lab.a, "HAVIP0022", restarted), after(lab.b, "HAVIP0022", restarted), grants);
        List<String> historyAfter = newestHistory();
        log("witness / newest history entries before %s, after %s", historyBefore, historyAfter);

        // the holder renews with the witness every 0.4 s: it notices; node-b asks for nothing and notices only when it does
        assertTrue(!"never".equals(after(lab.a, "HAVIP0023", killed)), "node-a, which renews its lease, noticed the witness was gone (HAVIP0023)");
        assertTrue(!"never".equals(after(lab.a, "HAVIP0022", restarted)), "node-a connected to the restarted witness within " + QUIET_MS
                + " ms (HAVIP0022)");
        assertTrue(grants >= 1, "after its quiet first lease the restarted witness granted the VIP again, see " + witness.log());
        assertEquals(historyBefore, historyAfter, "no state transition on either server while the witness was away and back");
    }

    /** Asserts and describes [from, to): the VIP stayed on node-a alone (kernel events), every probe answered by node-a. */
    private static String still(String what, long from, long to) {
        List<Probe> probes = lab.client.probes();
        long failed = LabFigures.count(probes, from, to, Probe::failed);
        Map<String, Long> answers = answerers(probes, from, to);
        long moved = LabFigures.firstWhere(lab.watcher.samples(), from, to, s -> !s.a() || s.b());
        String figures = String.format("%d ms: VIP %s, answers %s, failed probes %d, longest client gap %d ms", to - from,
                moved < 0 ? "on node-a alone throughout" : "moved " + (moved - from) + " ms in", answers, failed,
                LabFigures.longestGap(probes, from, to).millis());
        assertEquals(-1, moved, what + ": the VIP stays on node-a alone (kernel events): " + figures);
        assertEquals(0, failed, what + ": no probe fails: " + figures);
        assertEquals(List.of("node-a"), List.copyOf(answers.keySet()), what + ": only node-a answers: " + figures);
        return figures;
    }

    /** Answers per node among the successful probes started in [from, to]. */
    private static Map<String, Long> answerers(List<Probe> probes, long from, long to) {
        return probes.stream().filter(p -> p.start() >= from && p.start() <= to && p.ok())
                .collect(Collectors.groupingBy(Probe::result, TreeMap::new, Collectors.counting()));
    }

    /** The newest history entry of each server (both CLI JVMs at once). */
    private static List<String> newestHistory() {
        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> newest(lab.a));
        return List.of(a.join(), newest(lab.b));
    }

    private static String newest(LabServer server) {
        List<org.jboss.dmr.ModelNode> entries = LabServer.historyEntries(server.cli("/subsystem=ha-vip:history(limit=1)"));
        return server.name + ": " + (entries.isEmpty() ? "none" : entries.get(0).toJSONString(true));
    }

    /** How many lines of the server's log so far contain {@code code}. */
    private static long lines(LabServer server, String code) throws IOException {
        return logLines(server).stream().filter(l -> l.contains(code)).count();
    }

    /** When the server first logged {@code code} at or after {@code since}, as "N ms" after it (server.log's clock), or "never". */
    private static String after(LabServer server, String code, long since) throws IOException {
        long at = firstLogged(server, since, line -> line.contains(code));
        return at < 0 ? "never" : (at - since) + " ms";
    }

    /** Waits until the server logs a cluster view of both servers (HAVIP0010) at or after {@code since}; returns when it did. */
    private static long awaitView(LabServer server, long since, long timeout) throws Exception {
        long deadline = System.currentTimeMillis() + timeout;
        while (System.currentTimeMillis() < deadline) {
            long at = firstLogged(server, since, l -> l.contains("HAVIP0010") && l.contains("node-a") && l.matches(".*\\]: \\[node-., node-.\\]$"));
            if (at >= 0) {
                return at;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(server.name + " saw no view of both servers within " + timeout + " ms of " + since + ", see its server.log");
    }

    /** The time stamp of the server's first log line at or after {@code since} that matches (server.log's clock; -1: none). */
    private static long firstLogged(LabServer server, long since, java.util.function.Predicate<String> match) throws IOException {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        for (String line : logLines(server)) {
            if (line.length() > 23 && match.test(line)) {
                try {
                    long at = LocalDateTime.parse(line.substring(0, 23), format).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
                    if (at >= since - 5) { // the same machine's clock, in ms: a stamp may round down a little
                        return at;
                    }
                } catch (java.time.format.DateTimeParseException e) {
                    // not a plain log line
                }
            }
        }
        return -1;
    }

    private static List<String> logLines(LabServer server) throws IOException {
        Path log = server.baseDir().resolve("log/server.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : List.of();
    }
}
