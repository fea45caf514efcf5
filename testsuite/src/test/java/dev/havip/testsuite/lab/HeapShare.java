package dev.havip.testsuite.lab;

import java.nio.file.Path;

import dev.havip.lab.Commands;

/**
 * The heap that ha-vip's and JGroups' objects take in a running server: {@code jcmd PID GC.class_histogram} (a full
 * GC first, so live objects only), summed by package. Shallow sizes: the byte arrays that JGroups' buffers point to
 * count as {@code [B}, not as JGroups. Called on the test thread.
 */
record HeapShare(long haVip, long jgroups, long total) {

    static HeapShare of(long pid) {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String histogram = Commands.run(60, jcmd, Long.toString(pid), "GC.class_histogram");
        long haVip = 0;
        long jgroups = 0;
        long total = 0;
        for (String line : histogram.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals("Total")) {
                total = Long.parseLong(f[2]);
            } else if (f.length >= 4 && f[0].endsWith(":")) {
                long bytes = Long.parseLong(f[2]);
                if (f[3].startsWith("dev.havip.")) {
                    haVip += bytes;
                } else if (f[3].startsWith("org.jgroups.")) {
                    jgroups += bytes;
                }
            }
        }
        if (total == 0) {
            throw new AssertionError("no class histogram from jcmd " + pid + ": " + histogram);
        }
        return new HeapShare(haVip, jgroups, total);
    }
}
