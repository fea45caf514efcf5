package dev.havip.testsuite.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of each thread of a process, read from {@code /proc/PID/task/TID/schedstat} (nanoseconds on a CPU, exact;
 * {@code stat}'s utime and stime come in 10 ms ticks, too coarse for threads that wake for microseconds) with the
 * thread's name from {@code comm} (Linux names a Java thread's task after the thread, cut to 15 characters), so that
 * what ha-vip and JGroups cost can be told from the rest of the server. Called on the test thread.
 */
record ThreadCpu(Map<String, Long> nanosByThread) {
    private static final Pattern JGROUPS = Pattern.compile(
            "(?i)(thread-\\d+,.*|.*(jgroups|TQ-|Timer|Connection|TcpServer|NioServer|FD_SOCK|FD_ALL|MERGE|VERIFY|Acceptor|Receiver|GMS|ViewHandler|Bundler).*)");

    static ThreadCpu of(long pid) throws IOException {
        Map<String, Long> nanos = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String name;
                String schedstat;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                    schedstat = Files.readString(task.resolve("schedstat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                // "time on a CPU (ns), time waiting for one (ns), timeslices"
                nanos.merge(name + "#" + task.getFileName(), Long.parseLong(schedstat.strip().split(" ")[0]), Long::sum);
            }
        }
        return new ThreadCpu(Map.copyOf(nanos));
    }

    /** What the threads used between {@code before} and this sample, {@code millis} apart, in % of one core. */
    Share since(ThreadCpu before, long millis) {
        Map<String, Long> used = new HashMap<>();
        this.nanosByThread.forEach((thread, nanos) -> used.put(thread, nanos - before.nanosByThread.getOrDefault(thread, 0L)));
        double scale = 100.0 / 1_000_000 / millis;
        double haVip = scale * sum(used, t -> t.startsWith("ha-vip"));
        double jgroups = scale * sum(used, t -> !t.startsWith("ha-vip") && JGROUPS.matcher(t).matches());
        double total = scale * sum(used, t -> true);
        String busiest = top(used, t -> true) + "; ha-vip: " + top(used, t -> t.startsWith("ha-vip")) + "; JGroups: "
                + top(used, t -> !t.startsWith("ha-vip") && JGROUPS.matcher(t).matches());
        return new Share(haVip, jgroups, total, busiest);
    }

    private static String top(Map<String, Long> used, java.util.function.Predicate<String> which) {
        return used.entrySet().stream().filter(e -> e.getValue() > 0 && which.test(e.getKey().substring(0, e.getKey().lastIndexOf('#'))))
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(6)
                .map(e -> e.getKey().substring(0, e.getKey().lastIndexOf('#')) + " " + e.getValue() / 1_000_000 + " ms")
                .collect(Collectors.joining(", "));
    }

    private static long sum(Map<String, Long> used, java.util.function.Predicate<String> which) {
        return used.entrySet().stream().filter(e -> which.test(e.getKey().substring(0, e.getKey().lastIndexOf('#')))).mapToLong(Map.Entry::getValue).sum();
    }

    /** Percentages of one core; {@code busiest}: the threads that used most (all, ha-vip's, JGroups'), with their CPU time. */
    record Share(double haVip, double jgroups, double total, String busiest) {
    }
}
