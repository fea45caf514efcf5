package dev.havip.testsuite.lab;

import static dev.havip.testsuite.lab.LabFigures.bothMillis;
import static dev.havip.testsuite.lab.LabFigures.count;
import static dev.havip.testsuite.lab.LabFigures.log;
import static dev.havip.testsuite.lab.LabFigures.longestGap;

import java.util.List;

import dev.havip.testsuite.lab.LabFigures.Probe;
import dev.havip.testsuite.lab.LabFigures.Sample;

/**
 * One scenario on a running lab with its instruments on: steady state (node-a holds the VIP and serves the client)
 * → fault on node-a → the client is served again → the fault lasts {@link Scenario#holdMs} → restore → the VIP is
 * back on node-a alone and serves the client. Records what the client and the kernel saw; asserts nothing but
 * that each step happened within its (generous) deadline — the figures are judged by the caller.
 */
final class ScenarioRun {

    /** Probes in a row from one node that count as "served by it". */
    static final int STREAK = 20;

    private ScenarioRun() {
    }

    /**
     * @param faultAt       when the fault was injected (epoch ms)
     * @param servedAt      the first probe of the first streak after the fault (from {@link Scenario#servedBy()})
     * @param restoredAt    when the restore began
     * @param failbackAt    the first probe of node-a's streak after the restore
     * @param settledAt     since when only node-a has the VIP (after the restore)
     * @param aReleasedAt   when node-a's eth0 lost the VIP after the fault (0: it kept it until the failback)
     * @param endAt         end of the recording
     */
    record Outcome(String contender, Scenario scenario, long steadyAt, long faultAt, Probe served, long restoredAt,
            Probe failback, long settledAt, long aReleasedAt, long endAt, List<Probe> probes, List<Sample> samples) {

        /** Client-observed outage of the failover: the longest gap between successful probes from the fault to the restore. */
        long outageMs() {
            return longestGap(this.probes, this.faultAt - 1000, this.restoredAt).millis();
        }

        /** The same after the restore (failback). */
        long failbackGapMs() {
            return longestGap(this.probes, this.restoredAt, this.endAt).millis();
        }

        long failedProbes() {
            return count(this.probes, this.faultAt, this.endAt, Probe::failed);
        }

        /** Failed probes from the fault to the restore (the move itself, in a planned scenario). */
        long failedBeforeRestore() {
            return count(this.probes, this.faultAt, this.restoredAt, Probe::failed);
        }

        long failedAtFailback() {
            return count(this.probes, this.restoredAt, this.endAt, Probe::failed);
        }

        /** Time with the VIP configured on both namespaces' eth0, from the fault to the end. */
        long twoHolderMs() {
            return bothMillis(this.samples, this.faultAt, this.endAt);
        }

        /** Time with the VIP on both eth0 from the fault to the restore (the failover itself, without the failback). */
        long twoHolderBeforeRestoreMs() {
            return bothMillis(this.samples, this.faultAt, this.restoredAt);
        }

        /** Time from the fault to the restore with the VIP on neither eth0 (a handover's gap, or nobody took over). */
        long noHolderMs() {
            return LabFigures.millisWhere(this.samples, this.faultAt, this.restoredAt, s -> !s.a() && !s.b());
        }

        long twoHolderBeforeFaultMs() {
            return bothMillis(this.samples, this.steadyAt, this.faultAt);
        }

        /** Fault → end of the first answer from the node that serves during the fault. */
        long servedAgainMs() {
            return this.served.end() - this.faultAt;
        }

        /** Answers from node-a after node-b started serving and before node-a took the VIP back. */
        long answersFromAWhileAway() {
            return count(this.probes, this.served.start(), this.restoredAt, p -> "node-a".equals(p.result()));
        }

        void print() {
            log("FIGURES %s / %s:", this.contender, this.scenario.title);
            log("  fault -> client served again (by %s):   %6d ms", this.served.result(), this.servedAgainMs());
            log("  client outage (longest gap ok->ok):     %6d ms", this.outageMs());
            log("  VIP on both eth0 (fault -> end):        %6d ms", this.twoHolderMs());
            log("  VIP on neither eth0 (fault -> restore): %6d ms", this.noHolderMs());
            log("  node-a's eth0 lost the VIP after:       %6s", this.aReleasedAt == 0 ? "kept it" : (this.aReleasedAt - this.faultAt) + " ms");
            log("  answers from node-a while away:         %6d", this.answersFromAWhileAway());
            log("  restore -> node-a serves again:         %6d ms", this.failback.end() - this.restoredAt);
            log("  restore -> VIP on node-a alone:         %6d ms", this.settledAt - this.restoredAt);
            log("  failback gap (longest, after restore):  %6d ms", this.failbackGapMs());
            log("  failed probes: %d (%d after the restore)", this.failedProbes(), this.failedAtFailback());
        }
    }

    static Outcome run(Lab lab, Scenario scenario) throws Exception {
        ClientProber client = lab.client;
        Watcher watcher = lab.watcher;
        // steady: from the first of STREAK answers by node-a on (earlier probes may still belong to the last failback)
        long steady = client.awaitStreak("node-a", STREAK, System.currentTimeMillis(), 120_000,
                scenario.title + ": before the fault the client is served by node-a").start();
        if (!watcher.awaitHolders(true, false, 30_000)) {
            throw new AssertionError(scenario.title + ": before the fault only node-a has the VIP: " + watcher.last());
        }
        long fault = System.currentTimeMillis();
        long restored;
        Probe served;
        try {
            scenario.inject(lab, lab.contender);
            served = client.awaitStreak(scenario.servedBy(), STREAK, fault, 60_000, scenario.title + ": the client is served again after the fault");
            long rest = fault + scenario.holdMs - System.currentTimeMillis();
            if (rest > 0) {
                Thread.sleep(rest);
            }
        } finally {
            restored = System.currentTimeMillis();
            scenario.restore(lab, lab.contender);
        }
        long deadline = restored + 180_000;
        Probe failback = client.awaitStreak("node-a", STREAK, restored, deadline - System.currentTimeMillis(),
                scenario.title + ": the client is served by node-a again (failback)");
        long settled = watcher.awaitHoldersAt(true, false, failback.start(), deadline);
        client.awaitStreak("node-a", STREAK, settled, 60_000, scenario.title + ": the client is served by node-a once only node-a has the VIP");
        Thread.sleep(500);
        long end = System.currentTimeMillis();
        List<Sample> samples = watcher.samples();
        long aReleased = Math.max(0, LabFigures.firstWhere(samples, fault, settled, s -> !s.a()));
        Outcome outcome = new Outcome(lab.contender.name(), scenario, steady, fault, served, restored, failback, settled, aReleased, end,
                client.probes().stream().filter(p -> p.start() >= steady && p.start() <= end).toList(),
                samples.stream().filter(s -> s.time() <= end).toList());
        outcome.print();
        return outcome;
    }
}
