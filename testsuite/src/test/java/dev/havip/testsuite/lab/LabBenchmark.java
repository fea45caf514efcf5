package dev.havip.testsuite.lab;

import static dev.havip.testsuite.lab.LabFigures.log;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Test;

import dev.havip.testsuite.lab.ScenarioRun.Outcome;

/**
 * The benchmark of the end-to-end lab (not a test: run by {@code ./benchmark.sh [runs]}): every scenario
 * {@code benchmark.runs} times against ha-vip (on the plain stack, then on {@code ha-vip-secure}, then with {@code quorum=witness}), then against keepalived with its default and its tuned settings, on
 * the same lab with the same servers, client and watcher. Prints a table of medians per scenario and contender
 * (client-observed outage, time with the VIP on both servers, failed probes) and writes it, every single run
 * (CSV) and a timeline PNG of each scenario's first run to {@code target/benchmark/}.
 */
class LabBenchmark {

    private final Path out = Path.of(System.getProperty("havip.testsuite.target", "target"), "benchmark");
    private List<String> scenarios = List.of();
    private final Map<String, List<Outcome>> results = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    @Test
    void haVipAgainstKeepalived() throws Exception {
        int runs = Integer.getInteger("benchmark.runs", 3);
        Files.createDirectories(this.out);
        // ha-vip on the layer's plain stack, then on ha-vip-secure (TLS): what security costs; then quorum=witness (a witness
        // in a host of its own): what the partition's single holder costs the other scenarios
        List<Contender> contenders = new ArrayList<>(List.of(new HaVipContender(), new SecureHaVipContender(), new WitnessHaVipContender()));
        if (KeepalivedContender.installed()) {
            contenders.add(new KeepalivedContender(false));
            contenders.add(new KeepalivedContender(true));
        } else {
            log("keepalived is not installed (%s): ha-vip only", KeepalivedContender.KEEPALIVED);
        }
        // -Dbenchmark.contenders=ha-vip,keepalived-tuned: only these (default: all)
        List<String> only = List.of(System.getProperty("benchmark.contenders", "").split(",")).stream().filter(s -> !s.isBlank()).toList();
        // -Dbenchmark.scenarios=LINK_CUT,CRASH: only these (default: all)
        this.scenarios = List.of(System.getProperty("benchmark.scenarios", "").split(",")).stream().filter(s -> !s.isBlank()).toList();
        for (Contender contender : contenders) {
            if (only.isEmpty() || only.contains(contender.name())) {
                this.measure(contender, runs);
            }
        }
        String table = this.table(runs);
        System.out.println(table);
        Files.writeString(this.out.resolve("results.md"), table);
        this.writeCsv();
        log("written: %s (table), runs.csv, timeline PNGs", this.out.toAbsolutePath());
        assertTrue(this.failures.stream().noneMatch(f -> f.startsWith("ha-vip")), "every ha-vip run completed (both stacks): " + this.failures);
    }

    /** All scenarios {@code runs} times on one lab; a failed run is recorded and the lab rebuilt for the rest. */
    private void measure(Contender contender, int runs) throws Exception {
        Lab lab = null;
        try {
            for (int run = 1; run <= runs; run++) {
                for (Scenario scenario : Scenario.values()) {
                    if (!contender.scenarios().contains(scenario) || (!this.scenarios.isEmpty() && !this.scenarios.contains(scenario.name()))) {
                        continue;
                    }
                    if (lab == null) {
                        lab = Lab.start(contender).instruments();
                    }
                    log("=== %s, run %d of %d: %s", contender.name(), run, runs, scenario.title);
                    try {
                        Outcome o = ScenarioRun.run(lab, scenario);
                        this.results.computeIfAbsent(key(contender.name(), scenario), k -> new ArrayList<>()).add(o);
                        if (run == 1) {
                            Timeline.write(this.out.resolve(contender.name() + "-" + scenario.name().toLowerCase().replace('_', '-') + ".png"), o);
                        }
                    } catch (Exception | AssertionError e) {
                        String failure = contender.name() + " / " + scenario.title + " (run " + run + "): " + e.getMessage();
                        log("FAILED %s", failure);
                        this.failures.add(failure);
                        lab.close();
                        lab = null;
                    }
                }
            }
        } finally {
            if (lab != null) {
                lab.close();
            }
        }
    }

    private static String key(String contender, Scenario scenario) {
        return contender + "|" + scenario.name();
    }

    private String table(int runs) {
        StringBuilder t = new StringBuilder();
        t.append(String.format("%n## ha-vip vs keepalived, %d run(s) per scenario (medians; min-max in brackets)%n%n", runs));
        t.append("| scenario | system | runs | client outage ms | VIP on both ms | of which during the fault | failed probes | failback gap ms |\n");
        t.append("|---|---|---|---|---|---|---|---|\n");
        for (Scenario scenario : Scenario.values()) {
            for (String contender : List.of("ha-vip", "ha-vip-secure", "ha-vip-witness", "keepalived-default", "keepalived-tuned")) {
                List<Outcome> all = this.results.get(key(contender, scenario));
                if (all == null) {
                    continue;
                }
                t.append(String.format("| %s | %s | %d | %s | %s | %s | %s | %s |%n", scenario.title, contender, all.size(),
                        stat(all, Outcome::outageMs), stat(all, Outcome::twoHolderMs), stat(all, Outcome::twoHolderBeforeRestoreMs),
                        stat(all, Outcome::failedProbes), stat(all, Outcome::failbackGapMs)));
            }
        }
        t.append("\nclient outage: longest gap between successful probes (a new TCP connection every 10 ms, 300 ms connect timeout)\n"
                + "from the fault to the restore; VIP on both: time with the address on both servers' eth0 (kernel events) from the\n"
                + "fault to the end of the failback (whose planned handover is make-before-break), of which during the fault: from the\n"
                + "fault to the restore; failed probes: from the fault to the end of the failback.\n");
        if (!this.failures.isEmpty()) {
            t.append("\nFailed runs (not in the table):\n");
            this.failures.forEach(f -> t.append("- ").append(f).append('\n'));
        }
        return t.toString();
    }

    private static String stat(List<Outcome> all, ToLongFunction<Outcome> figure) {
        long[] values = all.stream().mapToLong(figure).sorted().toArray();
        long median = values.length % 2 == 1 ? values[values.length / 2] : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        return values.length == 1 ? Long.toString(median) : median + " (" + values[0] + "-" + values[values.length - 1] + ")";
    }

    private void writeCsv() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("contender,scenario,outage_ms,two_holders_ms,two_holders_during_fault_ms,no_holder_ms,failed_probes,served_again_ms,failback_gap_ms,failed_at_failback");
        this.results.values().forEach(all -> all.forEach(o -> lines.add(String.join(",", o.contender(), o.scenario().name(),
                Long.toString(o.outageMs()), Long.toString(o.twoHolderMs()), Long.toString(o.twoHolderBeforeRestoreMs()), Long.toString(o.noHolderMs()),
                Long.toString(o.failedProbes()),
                Long.toString(o.servedAgainMs()), Long.toString(o.failbackGapMs()), Long.toString(o.failedAtFailback())))));
        Files.write(this.out.resolve("runs.csv"), lines);
    }
}
