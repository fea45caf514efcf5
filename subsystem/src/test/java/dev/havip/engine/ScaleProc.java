package dev.havip.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** What /proc says about a member process: CPU time (whole and per thread) and resident memory. Any thread. */
final class ScaleProc {

    private ScaleProc() {
    }

    /** CPU time per thread ("name#tid") from /proc/PID/task/TID/schedstat, in nanoseconds. */
    static Map<String, Long> threadNanos(long pid) throws java.io.IOException {
        Map<String, Long> nanos = new HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    nanos.put(Files.readString(task.resolve("comm")).strip() + "#" + task.getFileName(),
                            Long.parseLong(Files.readString(task.resolve("schedstat")).strip().split(" ")[0]));
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return nanos;
    }

    /** User and system CPU time of the process, in clock ticks (100 a second). */
    static long cpuTicks(long pid) {
        try {
            String[] f = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).replaceFirst(".*\\) ", "").split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
