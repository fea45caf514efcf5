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
 * The end-to-end lab ({@link Lab}), scenario "SIGSTOP of the holder": node-a's JVM is stopped for 5 s (a GC
 * pause or VM freeze), node-b takes over meanwhile; after SIGCONT node-a's pause detector must drop the VIP at
 * once (its kernel kept the address during the pause), the client must never be answered by node-a until the
 * failback, and the VIP then fails back to node-a.
 */
class LabPauseTest {

    static final long PAUSE_MS = 5_000;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void pauseOfTheHolder() throws Exception {
        try (Lab lab = Lab.start("node-a", "node-b").instruments()) {
            this.scenario(lab);
        }
    }

    private void scenario(Lab l) throws Exception {
        NetLab lab = l.net;
        LabServer a = l.a;
        LabServer b = l.b;
        Watcher watcher = l.watcher;
        ClientProber client = l.client;
        // 1. node-a holds the VIP and the client is served by node-a
        long start = l.awaitSteadyOnA();

        // 2. SIGSTOP node-a for PAUSE_MS
        long paused = a.pause();
        Probe firstB;
        String neighbour;
        long resumed;
        try {
            firstB = client.awaitStreak("node-b", 20, paused, PAUSE_MS, "the client is served by node-b during the pause");
            neighbour = lab.neighbour("client", VIP);
            long rest = paused + PAUSE_MS - System.currentTimeMillis();
            if (rest > 0) {
                Thread.sleep(rest);
            }
        } finally {
            resumed = a.resume();
        }
        Thread.sleep(300);
        String neighbourAfterResume = lab.neighbour("client", VIP);

        // 3. node-a notices its pause and drops the VIP, then the VIP fails back to it
        long released = watcher.awaitHolderOfA(false, resumed, resumed + 30_000);
        long regained = watcher.awaitHolderOfA(true, released, released + 120_000);
        Probe firstA = client.awaitStreak("node-a", 50, released, 120_000, "the client is served by node-a again (failback)");
        boolean oneHolder = watcher.awaitHolders(true, false, 30_000);
        Thread.sleep(1000);
        long end = System.currentTimeMillis();
        long masterB = masterSince(b, paused);
        long masterA = masterSince(a, resumed);
        l.stopInstruments();

        // figures
        List<Probe> probes = client.probes();
        List<Sample> samples = watcher.samples();
        Gap pauseGap = longestGap(probes, paused - 1000, firstB.end() + 1000);
        Gap failbackGap = longestGap(probes, firstB.end(), end);
        long failedResumeToFailback = count(probes, resumed, regained, Probe::failed);
        Gap overall = longestGap(probes, start, end);
        long failedAtPause = count(probes, paused, firstB.end(), Probe::failed);
        long failedUntilFailback = count(probes, firstB.end(), regained, Probe::failed);
        long failedAtFailback = count(probes, regained - 1000, end, Probe::failed);
        long failedTotal = count(probes, start, end, Probe::failed);
        long answersFromAOutOfTurn = count(probes, firstB.start(), regained - 200, p -> "node-a".equals(p.result()));
        long bothPaused = bothMillis(samples, paused, released);
        long bothAfterRelease = bothMillis(samples, released, end);
        long bothBefore = bothMillis(samples, start, paused);
        long pauseToB = firstB.end() - paused;
        log("FIGURES SIGSTOP of the holder for %d ms (%d probes, %d address samples, median sample step %d ms):", PAUSE_MS,
                count(probes, start, end, p -> true), samples.size(), medianStep(samples));
        log("  pause -> node-b MASTER (node-b's history):         %6d ms", masterB - paused);
        log("  pause -> first answer from node-b:                 %6d ms", pauseToB);
        log("  client outage at the pause (longest gap ok->ok):   %6d ms (%s)", pauseGap.millis(), pauseGap);
        log("  failed probes at the pause:                        %6d", failedAtPause);
        log("  failed probes after that until the failback:       %6d", failedUntilFailback);
        log("  VIP configured on both (stopped node-a + node-b):  %6d ms (pause %d ms; stopped node-a's kernel keeps it)", bothPaused, PAUSE_MS);
        log("  resume -> node-a released the address:             %6d ms", released - resumed);
        log("  answers from node-a between b's takeover and failback: %d", answersFromAOutOfTurn);
        log("  client's ARP entry for the VIP 300 ms after resume: %s", neighbourAfterResume);
        log("  failed probes between resume and failback:         %6d", failedResumeToFailback);
        log("  VIP configured on both after node-a released it:   %6d ms", bothAfterRelease);
        log("  client's ARP entry for the VIP after takeover:     %s (node-a %s, node-b %s)", neighbour, lab.mac("a"), lab.mac("b"));
        log("  resume -> node-a MASTER again (node-a's history):  %6d ms", masterA - resumed);
        log("  resume -> first answer from node-a (failback):     %6d ms", firstA.end() - resumed);
        log("  client outage from b serving to end (longest gap):  %6d ms (%s)", failbackGap.millis(), failbackGap);
        log("  failed probes at the failback:                     %6d", failedAtFailback);
        log("  whole run: failed probes %d, longest gap %d ms", failedTotal, overall.millis());

        // what a user relies on (generous bounds: loaded CI)
        assertTrue(firstB.end() < resumed, "node-b serves the client during the pause, took " + pauseToB + " ms");
        assertEquals(lab.mac("b"), neighbour, "the client followed node-b's gratuitous ARP");
        assertTrue(released - resumed <= 5_000, "node-a drops the VIP within seconds of resuming: took " + (released - resumed) + " ms");
        assertEquals(0, answersFromAOutOfTurn, "between node-b's takeover and the failback the client is never answered by node-a");
        assertEquals(0, bothBefore, "never on both servers before the pause");
        assertTrue(failbackGap.millis() <= 5_000, "after the takeover the client is interrupted briefly at most: " + failbackGap);
        assertTrue(oneHolder, "the VIP ends on node-a only: " + watcher.last());
        assertTrue(lab.hasAddress("a", VIP) && !lab.hasAddress("b", VIP), "at the end only node-a has the VIP");
        assertTrue(probes.stream().filter(p -> p.start() > firstA.end()).allMatch(p -> "node-a".equals(p.result())),
                "after the failback every probe is answered by node-a");
    }
}
