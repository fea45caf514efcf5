package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Test;

/**
 * Issue 17's benchmark, not run by the build: {@code mvn -o -pl subsystem test -Dtest=ScaleProcessesBenchmark
 * -Dhavip.scale.members=2,10,25,50,100 -Dhavip.scale.faults=10} ({@link ScaleMember}'s properties set the stack's timings).
 * For each member count a {@link ScaleRun}: N member processes on loopback, 20 VIPs; the idle cost; {@code faults} kills
 * (-9) and as many SIGSTOPs of members holding VIPs, with the time until their VIPs are held again and until every
 * survivor agrees. Writes {@code target/scale/scale.csv} and {@code scale.png} (agreement time against member count),
 * then fails if a VIP was on two live members during a fault, if a failback kept it on two for longer than
 * {@link #HANDOVER_BOUND_MS}, or if a kill's agreement took longer than {@link #GOAL_MS}. Test thread.
 */
class ScaleProcessesBenchmark {

    private static final int BASE_PORT = 17_800;
    /** Issue 17: failover agreed within a second. */
    static final long GOAL_MS = 1_000;
    /**
     * A failback is a planned move (make-before-break): the new holder adds and announces, the old one removes after
     * seeing that and a 30 ms drain; a few decision passes and two state messages on a machine with 2 cores for all members.
     */
    static final long HANDOVER_BOUND_MS = 500;

    /** One member count's figures. */
    record Row(int members, long bootMs, ScaleRun.Idle idle, List<ScaleRun.Fault> kills, List<ScaleRun.Fault> stops,
            List<ScaleHolds.Overlap> faultOverlaps, long longestFailbackOverlapMs) {
    }

    @Test
    void faultsOfMembersHoldingVips() throws Exception {
        int[] counts = Arrays.stream(System.getProperty("havip.scale.members", "10").split(",")).mapToInt(Integer::parseInt).toArray();
        int faults = Integer.getInteger("havip.scale.faults", 10);
        int vips = Integer.getInteger("havip.scale.vips", 20);
        Path out = Files.createDirectories(Path.of("target", "scale"));
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < counts.length; r++) {
            rows.add(run(counts[r], vips, faults, BASE_PORT + 200 * r, Files.createDirectories(out.resolve("members-" + counts[r]))));
        }
        write(out, rows);
        for (Row row : rows) {
            assertTrue(row.faultOverlaps().isEmpty(), row.members() + " members: a VIP on two live members during a fault: " + row.faultOverlaps());
            assertTrue(row.longestFailbackOverlapMs() <= HANDOVER_BOUND_MS,
                    row.members() + " members: a failback kept a VIP on two members for " + row.longestFailbackOverlapMs() + " ms");
            assertTrue(max(row.kills(), ScaleRun.Fault::agreedMs) <= GOAL_MS, row.members() + " members: a kill's agreement over " + GOAL_MS + " ms");
        }
    }

    private static Row run(int members, int vips, int faults, int basePort, Path logs) throws Exception {
        try (ScaleRun run = new ScaleRun(members, vips, basePort, logs)) {
            long boot = run.start();
            System.out.printf("[scale] %d members, %d VIPs: every VIP on its preferred member %d ms after the first start%n", members, vips, boot);
            ScaleRun.Idle idle = run.idle();
            System.out.printf("[scale] %d members idle: resident memory %d MB median, %d MB max per member; CPU of all members %.1f %% of one core"
                    + " (m000's busiest threads over 10 s: %s)%n", members, idle.rssMedianMb(), idle.rssMaxMb(), idle.cpuPercentOfACore(), idle.busiestThreads());
            int holding = Math.min(members, vips); // members 0..holding-1 prefer VIPs
            List<ScaleRun.Fault> kills = new ArrayList<>();
            List<ScaleRun.Fault> stops = new ArrayList<>();
            for (int f = 0; f < 2 * faults; f++) {
                boolean stop = f % 2 == 1;
                ScaleRun.Fault fault = run.fault((f * 7 + 1) % holding, stop);
                (stop ? stops : kills).add(fault);
                System.out.printf("[scale] %d members, %s of %s at %d (held %s): held again after %d ms, all %d survivors agree after %d ms%n", members,
                        fault.kind(), ScaleMember.name(fault.victim()), fault.atMs(), fault.vips(), fault.heldAgainMs(), members - 1, fault.agreedMs());
            }
            ScaleRun.Overlaps overlaps = run.overlaps();
            List<ScaleHolds.Overlap> during = overlaps.duringFaults();
            List<ScaleHolds.Overlap> failbacks = overlaps.failbacks();
            long longest = failbacks.stream().mapToLong(ScaleHolds.Overlap::millis).max().orElse(0);
            System.out.printf("[scale] %d members: kill -9 held again %s, agreed %s; SIGSTOP held again %s, agreed %s (median, max ms);"
                    + " on two live members during faults: %d; failbacks on two members for %s ms (median, max of %d; bound %d);"
                    + " while the start settled (views merging): %d%n", members,
                    medianMax(kills, ScaleRun.Fault::heldAgainMs), medianMax(kills, ScaleRun.Fault::agreedMs), medianMax(stops, ScaleRun.Fault::heldAgainMs),
                    medianMax(stops, ScaleRun.Fault::agreedMs), during.size(),
                    failbacks.isEmpty() ? "-" : medianMaxOf(failbacks.stream().mapToLong(ScaleHolds.Overlap::millis).toArray()), failbacks.size(),
                    HANDOVER_BOUND_MS, overlaps.whileStarting());
            failbacks.stream().filter(o -> o.millis() > HANDOVER_BOUND_MS).forEach(o -> System.out.println("[scale] failback over the bound: " + o));
            return new Row(members, boot, idle, kills, stops, during, longest);
        }
    }

    private static void write(Path out, List<Row> rows) throws java.io.IOException {
        List<String> csv = new ArrayList<>(List.of("members,boot_ms,rss_median_mb,rss_max_mb,idle_cpu_percent_all,kill_held_median_ms,kill_held_max_ms,"
                + "kill_agreed_median_ms,kill_agreed_max_ms,stop_held_median_ms,stop_held_max_ms,stop_agreed_median_ms,stop_agreed_max_ms,"
                + "fault_overlaps,failback_overlap_max_ms"));
        for (Row r : rows) {
            csv.add(String.join(",", List.of(Integer.toString(r.members()), Long.toString(r.bootMs()), Long.toString(r.idle().rssMedianMb()),
                    Long.toString(r.idle().rssMaxMb()), String.format("%.1f", r.idle().cpuPercentOfACore()),
                    Long.toString(median(r.kills(), ScaleRun.Fault::heldAgainMs)), Long.toString(max(r.kills(), ScaleRun.Fault::heldAgainMs)),
                    Long.toString(median(r.kills(), ScaleRun.Fault::agreedMs)), Long.toString(max(r.kills(), ScaleRun.Fault::agreedMs)),
                    Long.toString(median(r.stops(), ScaleRun.Fault::heldAgainMs)), Long.toString(max(r.stops(), ScaleRun.Fault::heldAgainMs)),
                    Long.toString(median(r.stops(), ScaleRun.Fault::agreedMs)), Long.toString(max(r.stops(), ScaleRun.Fault::agreedMs)),
                    Integer.toString(r.faultOverlaps().size()), Long.toString(r.longestFailbackOverlapMs()))));
        }
        Files.write(out.resolve("scale.csv"), csv);
        // the PNG is drawn from the CSV just written, as ScaleChart's main draws several runs' CSVs
        ScaleChart.fromCsv(out.resolve("scale.png"), "ha-vip, one process per member on 2 cores, 20 VIPs: fault -> all survivors agree on every owner",
                List.of(out.resolve("scale.csv")));
        System.out.println("[scale] wrote " + out.resolve("scale.csv").toAbsolutePath() + " and scale.png");
    }

    private static long median(List<ScaleRun.Fault> faults, ToLongFunction<ScaleRun.Fault> figure) {
        long[] sorted = faults.stream().mapToLong(figure).sorted().toArray();
        return sorted.length == 0 ? 0 : sorted[sorted.length / 2];
    }

    private static long max(List<ScaleRun.Fault> faults, ToLongFunction<ScaleRun.Fault> figure) {
        return faults.stream().mapToLong(figure).max().orElse(0);
    }

    private static String medianMax(List<ScaleRun.Fault> faults, ToLongFunction<ScaleRun.Fault> figure) {
        return medianMaxOf(faults.stream().mapToLong(figure).toArray());
    }

    private static String medianMaxOf(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? "-" : sorted[sorted.length / 2] + ", " + sorted[sorted.length - 1];
    }
}
