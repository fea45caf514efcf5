package dev.havip.testsuite.lab;

import java.util.List;
import java.util.function.Predicate;

/** What the lab's instruments recorded (client probes, address samples) and the figures computed from them. */
final class LabFigures {

    private LabFigures() {
    }

    record Probe(long start, long end, String result) {
        boolean ok() {
            return !this.result.startsWith("FAIL");
        }

        boolean failed() {
            return !this.ok();
        }
    }

    /** The holders from {@code time} on (until the next sample). */
    record Sample(long time, boolean a, boolean b, boolean both) {
    }

    record Gap(long from, long to, long millis) {
        @Override
        public String toString() {
            return "between successful probes started at +" + (this.from % 100_000) + " and +" + (this.to % 100_000) + " (epoch ms mod 100 s)";
        }
    }

    static Gap longestGap(List<Probe> probes, long from, long to) {
        Gap longest = new Gap(from, from, 0);
        Probe previous = null;
        for (Probe p : probes) {
            if (p.start < from || p.start > to || !p.ok()) {
                continue;
            }
            if (previous != null && p.start - previous.start > longest.millis) {
                longest = new Gap(previous.start, p.start, p.start - previous.start);
            }
            previous = p;
        }
        return longest;
    }

    static long count(List<Probe> probes, long from, long to, Predicate<Probe> filter) {
        return probes.stream().filter(p -> p.start >= from && p.start <= to).filter(filter).count();
    }

    /** Time within [from, to) during which both had the address (samples are state changes, the last one "now"). */
    static long bothMillis(List<Sample> samples, long from, long to) {
        return millisWhere(samples, from, to, Sample::both);
    }

    /** Time within [from, to) during which the holders matched {@code state}. */
    static long millisWhere(List<Sample> samples, long from, long to, Predicate<Sample> state) {
        long total = 0;
        for (int i = 0; i + 1 < samples.size(); i++) {
            if (state.test(samples.get(i))) {
                total += Math.max(0, Math.min(to, samples.get(i + 1).time()) - Math.max(from, samples.get(i).time()));
            }
        }
        return total;
    }

    /** The first moment in [from, to) at which the holders matched {@code state}, or -1. */
    static long firstWhere(List<Sample> samples, long from, long to, Predicate<Sample> state) {
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            boolean overlaps = s.time() < to && (i + 1 == samples.size() || samples.get(i + 1).time() > from);
            if (overlaps && state.test(s)) {
                return Math.max(s.time(), from);
            }
        }
        return -1;
    }

    static void printHistory(LabServer server) {
        try {
            if (server.running()) {
                log("%s's history:%n%s", server.name, server.cli("/subsystem=ha-vip:history(limit=8)"));
            }
        } catch (AssertionError e) {
            log("no history from %s: %s", server.name, e.getMessage());
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("[lab] " + format + "%n", args);
    }
}
