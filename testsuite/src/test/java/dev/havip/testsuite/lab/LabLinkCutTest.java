package dev.havip.testsuite.lab;

import static dev.havip.testsuite.lab.Lab.VIP;
import static dev.havip.testsuite.lab.LabFigures.bothMillis;
import static dev.havip.testsuite.lab.LabFigures.count;
import static dev.havip.testsuite.lab.LabFigures.log;
import static dev.havip.testsuite.lab.LabFigures.longestGap;
import static dev.havip.testsuite.lab.LabFigures.masterSince;
import static dev.havip.testsuite.lab.LabFigures.medianStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.havip.testsuite.lab.LabFigures.Gap;
import dev.havip.testsuite.lab.LabFigures.Probe;
import dev.havip.testsuite.lab.LabFigures.Sample;

/**
 * The end-to-end lab ({@link Lab}), scenario "link cut of the holder": node-a's port on the hub goes down (no FIN,
 * no RST; node-a sees no carrier). node-a then reaches neither node-b nor the tie-breaker and must drop the VIP
 * (quorum=tie-breaker); node-b takes over. The link comes back; the VIP fails back to node-a (failback=auto) and
 * ends on exactly one server. The time the VIP was configured on both namespaces is printed, not asserted.
 */
class LabLinkCutTest {

    /** How long the link stays cut: long enough for both sides to have decided. */
    static final long CUT_MS = 6_000;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void linkCutOfTheHolder() throws Exception {
        try (Lab lab = Lab.start("node-a", "node-b").instruments()) {
            this.scenario(lab);
        }
    }

    private void scenario(Lab l) throws Exception {
        NetLab lab = l.net;
        LabServer b = l.b;
        Watcher watcher = l.watcher;
        ClientProber client = l.client;
        // 1. node-a holds the VIP and the client is served by node-a
        long start = l.awaitSteadyOnA();

        // 2. cut node-a's link at the hub
        long cut = System.currentTimeMillis();
        lab.cut("a");
        Probe firstB;
        String neighbour;
        long released;
        long restored;
        try {
            firstB = client.awaitStreak("node-b", 20, cut, 30_000, "the client is served by node-b after the cut");
            neighbour = lab.neighbour("client", VIP);
            released = watcher.awaitHolderOfA(false, cut, cut + 30_000);
            long rest = cut + CUT_MS - System.currentTimeMillis();
            if (rest > 0) {
                Thread.sleep(rest);
            }
        } finally {
            // 3. restore the link (whatever happened above)
            restored = System.currentTimeMillis();
            lab.restore("a");
        }
        long master = masterSince(b, cut);
        Probe firstA = client.awaitStreak("node-a", 50, restored, 90_000, "the client is served by node-a again (failback)");
        // node-a may take the VIP before the merge (alone, tie-breaker reachable): wait until only node-a has it
        long settled = watcher.awaitHoldersAt(true, false, firstA.start(), restored + 90_000);
        Probe settledA = client.awaitStreak("node-a", 50, settled, 30_000, "the client is served by node-a once only node-a has the VIP");
        boolean oneHolder = watcher.awaitHolders(true, false, 5_000);
        Thread.sleep(1000);
        long end = System.currentTimeMillis();
        l.stopInstruments();

        // figures
        List<Probe> probes = client.probes();
        List<Sample> samples = watcher.samples();
        Gap cutGap = longestGap(probes, cut - 1000, firstB.end() + 1000);
        Gap failbackGap = longestGap(probes, restored, end);
        Gap overall = longestGap(probes, start, end);
        long failedAtCut = count(probes, cut, firstB.end(), Probe::failed);
        long failedWhileCut = count(probes, firstB.end(), restored, Probe::failed);
        long failedAtFailback = count(probes, restored, end, Probe::failed);
        long failedTotal = count(probes, start, end, Probe::failed);
        long bothWhileCut = bothMillis(samples, cut, restored);
        long bothAfterRestore = bothMillis(samples, restored, end);
        long bothBefore = bothMillis(samples, start, cut);
        long cutToB = firstB.end() - cut;
        long restoreToA = firstA.end() - restored;
        log("FIGURES link cut of the holder (%d probes, %d address samples, median sample step %d ms):", count(probes, start, end, p -> true),
                samples.size(), medianStep(samples));
        log("  cut -> node-b MASTER (node-b's history):           %6d ms", master - cut);
        log("  cut -> first answer from node-b:                   %6d ms", cutToB);
        log("  client outage at the cut (longest gap ok->ok):     %6d ms (%s)", cutGap.millis(), cutGap);
        log("  failed probes at the cut:                          %6d", failedAtCut);
        log("  failed probes later while cut:                     %6d", failedWhileCut);
        log("  cut -> node-a removed the address (tie-breaker):   %6d ms", released - cut);
        log("  VIP configured on both while cut:                  %6d ms", bothWhileCut);
        log("  VIP configured on both after the link came back:   %6d ms", bothAfterRestore);
        log("  client's ARP entry for the VIP after takeover:     %s (node-a %s, node-b %s)", neighbour, lab.mac("a"), lab.mac("b"));
        log("  restore -> first answer from node-a:               %6d ms", restoreToA);
        log("  restore -> VIP only on node-a (settled):           %6d ms", settled - restored);
        log("  answers from node-b after node-a's first answer:   %6d", count(probes, firstA.start(), end, p -> "node-b".equals(p.result())));
        log("  client outage after the restore (longest gap):     %6d ms (%s)", failbackGap.millis(), failbackGap);
        log("  failed probes after the restore:                   %6d", failedAtFailback);
        log("  whole run: failed probes %d, longest gap %d ms", failedTotal, overall.millis());

        // what a user relies on (generous bounds: loaded CI)
        assertTrue(cutToB <= 15_000, "the client is served again within 15 s of the cut, took " + cutToB + " ms");
        assertEquals(lab.mac("b"), neighbour, "the client followed node-b's gratuitous ARP");
        assertTrue(released - cut <= 15_000, "cut off from peer and tie-breaker, node-a drops the VIP: took " + (released - cut) + " ms");
        assertEquals(0, bothBefore, "never on both servers before the cut");
        assertTrue(failbackGap.millis() <= 10_000, "after the link came back the client is interrupted briefly at most: " + failbackGap);
        assertTrue(oneHolder, "the VIP ends on node-a only: " + watcher.last());
        assertTrue(lab.hasAddress("a", VIP) && !lab.hasAddress("b", VIP), "at the end only node-a has the VIP");
        assertTrue(probes.stream().filter(p -> p.start() > settledA.end()).allMatch(p -> "node-a".equals(p.result())),
                "once settled, every probe is answered by node-a");
    }
}
