package dev.havip.testsuite.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
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
    private static final Predicate<String> ANY = thread -> true;
    private static final Predicate<String> HA_VIP = thread -> thread.startsWith("ha-vip");
    /** JGroups' threads by their names (pool threads are "thread-N,cluster,node"), ha-vip's own excluded. */
    private static final Predicate<String> JGROUPS = HA_VIP.negate().and(Pattern.compile(
            "(?i)(thread-\\d+,.*|.*(jgroups|TQ-|Timer|Connection|TcpServer|NioServer|FD_SOCK|FD_ALL|MERGE|VERIFY|Acceptor|Receiver|GMS|ViewHandler|Bundler).*)")
            .asMatchPredicate());

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
        String busiest = top(used, ANY) + "; ha-vip: " + top(used, HA_VIP) + "; JGroups: " + top(used, JGROUPS);
        return new Share(scale * sum(used, HA_VIP), scale * sum(used, JGROUPS), scale * sum(used, ANY), busiest);
    }

    /** The thread's name from a key "name#tid" (the id keeps threads of the same name apart). */
    private static String name(Map.Entry<String, Long> thread) {
        return thread.getKey().substring(0, thread.getKey().lastIndexOf('#'));
    }

    private static String top(Map<String, Long> used, Predicate<String> which) {
        return used.entrySet().stream().filter(e -> e.getValue() > 0 && which.test(name(e)))
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(6)
                .map(e -> name(e) + " " + e.getValue() / 1_000_000 + " ms")
                .collect(Collectors.joining(", "));
    }

    private static long sum(Map<String, Long> used, Predicate<String> which) {
        return used.entrySet().stream().filter(e -> which.test(name(e))).mapToLong(Map.Entry::getValue).sum();
    }

    /** Percentages of one core; {@code busiest}: the threads that used most (all, ha-vip's, JGroups'), with their CPU time. */
    record Share(double haVip, double jgroups, double total, String busiest) {
    }
}
