package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Issue 17's benchmark (not run by the build: {@code mvn -o -pl subsystem test -Dtest=ScaleProcessesBenchmark
 * -Dhavip.scale.members=25}, FD_ALL3 with {@code -Dhavip.scale.fd-interval=50 -Dhavip.scale.fd-timeout=200}, the
 * two-server stack's): N {@link ScaleMember} processes on loopback, 20 VIPs spread over them; once all agree, a
 * member holding VIPs is killed (kill -9) and the survivors' own reports give the time until each of its VIPs is held
 * again and until every survivor agrees on every owner; then it restarts and its VIPs fail back. A VIP held by two
 * live members from the crash to the agreement fails the run. Prints the figures, the members' resident memory and
 * their CPU while idle. Test thread starts and kills; one reader thread per member parses its reports.
 */
class ScaleProcessesBenchmark {

    private static final int BASE_PORT = 17_800;
    private static final long CONVERGE_MS = 300_000;

    private int members;
    private int vips;
    private final Map<Integer, Process> processes = new HashMap<>();
    /** Per member, its latest report: VIP -> owner, and the VIPs it holds. */
    private final Map<Integer, Map<String, String>> owners = new HashMap<>();
    private final Map<Integer, Set<String>> held = new HashMap<>();
    private final Map<String, Long> heldAgainAt = new HashMap<>();
    private volatile int crashed = -1;
    private final List<String> twoHolders = new ArrayList<>();

    @Test
    void crashesOfMembersHoldingVips() throws Exception {
        this.members = Integer.getInteger("havip.scale.members", 10);
        this.vips = Integer.getInteger("havip.scale.vips", 20);
        int crashes = Integer.getInteger("havip.scale.crashes", 3);
        Path logs = Files.createDirectories(Path.of("target", "scale-" + this.members));
        try {
            long boot = System.currentTimeMillis();
            for (int i = 0; i < this.members; i++) {
                this.start(i, logs);
            }
            this.awaitAgreement(-1, System.currentTimeMillis() + CONVERGE_MS);
            System.out.printf("[scale] %d members, %d VIPs: all agree %d ms after the first start%n", this.members, this.vips,
                    System.currentTimeMillis() - boot);
            this.printIdleCost();
            List<Long> heldTimes = new ArrayList<>();
            List<Long> agreeTimes = new ArrayList<>();
            for (int c = 0; c < crashes; c++) {
                int victim = (c * 7 + 1) % this.members;
                Set<String> its;
                synchronized (this) {
                    its = new TreeSet<>(this.held.getOrDefault(victim, Set.of()));
                    this.heldAgainAt.clear();
                    this.crashed = victim;
                }
                long killed = System.currentTimeMillis();
                this.processes.get(victim).destroyForcibly();
                long agreed = this.awaitAgreement(victim, killed + 60_000);
                long lastHeld;
                synchronized (this) {
                    assertTrue(this.heldAgainAt.keySet().containsAll(its), "every VIP of the crashed member is held again: " + its);
                    lastHeld = its.stream().mapToLong(v -> this.heldAgainAt.get(v)).max().orElse(killed) - killed;
                    this.crashed = -1;
                }
                heldTimes.add(lastHeld);
                agreeTimes.add(agreed - killed);
                System.out.printf("[scale] crash %d of %s (held %s): its VIPs held again after %d ms, all %d survivors agree after %d ms%n",
                        c + 1, ScaleMember.name(victim), its, lastHeld, this.members - 1, agreed - killed);
                this.processes.get(victim).waitFor(10, TimeUnit.SECONDS);
                synchronized (this) {
                    this.owners.remove(victim);
                    this.held.remove(victim);
                }
                this.start(victim, logs);
                this.awaitAgreement(-1, System.currentTimeMillis() + CONVERGE_MS);
            }
            System.out.printf("[scale] %d members, %d VIPs, %d crashes: VIPs held again after %s ms (median, max), all agree after %s ms%n",
                    this.members, this.vips, crashes, medianMax(heldTimes), medianMax(agreeTimes));
            assertTrue(this.twoHolders.isEmpty(), "a VIP held by two live members after a crash: " + this.twoHolders);
        } finally {
            this.processes.values().forEach(Process::destroyForcibly);
        }
    }

    private void start(int index, Path logs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx48m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv4Stack=true"));
        for (String timing : List.of("fd-interval", "fd-timeout", "verify-timeout", "merge-max", "poll-ms")) {
            String value = System.getProperty("havip.scale." + timing);
            if (value != null) {
                command.add("-Dhavip.scale." + timing + "=" + Long.parseLong(value));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScaleMember.class.getName(),
                Integer.toString(index), Integer.toString(this.members), Integer.toString(this.vips), Integer.toString(BASE_PORT)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(logs.resolve(ScaleMember.name(index) + ".err").toFile());
        Process process = builder.start();
        this.processes.put(index, process);
        Thread reader = new Thread(() -> this.read(index, process), "scale reader " + index);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(int index, Process process) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ", 3);
                if (f.length == 3 && f[0].equals("owners")) {
                    this.report(index, Long.parseLong(f[1]), f[2]);
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("[scale] reader " + index + ": " + e);
        }
    }

    private synchronized void report(int index, long time, String list) {
        Map<String, String> mine = new HashMap<>();
        Set<String> holding = new TreeSet<>();
        for (String entry : list.split(",")) {
            String[] kv = entry.split("=", 2);
            boolean here = kv[1].endsWith("*");
            mine.put(kv[0], here ? kv[1].substring(0, kv[1].length() - 1) : kv[1]);
            if (here) {
                holding.add(kv[0]);
            }
        }
        this.owners.put(index, mine);
        this.held.put(index, holding);
        if (this.crashed >= 0 && index != this.crashed) {
            for (String vip : holding) {
                this.heldAgainAt.putIfAbsent(vip, time);
                List<String> holders = this.held.entrySet().stream().filter(e -> e.getKey() != this.crashed && e.getValue().contains(vip))
                        .map(e -> ScaleMember.name(e.getKey())).sorted().toList();
                if (holders.size() > 1) {
                    this.twoHolders.add(vip + " by " + holders + " at " + time + " (reported by " + ScaleMember.name(index) + ")");
                }
            }
        }
        this.notifyAll();
    }

    /** Waits until every live member names the same owner for every VIP and exactly that owner holds it; returns when. */
    private synchronized long awaitAgreement(int dead, long deadline) throws InterruptedException {
        while (!this.agreed(dead)) {
            long left = deadline - System.currentTimeMillis();
            assertTrue(left > 0, "no agreement in time: " + this.owners);
            this.wait(Math.min(left, 100));
        }
        return System.currentTimeMillis();
    }

    private boolean agreed(int dead) {
        int live = this.members - (dead >= 0 ? 1 : 0);
        if (this.owners.keySet().stream().filter(i -> i != dead).count() < live) {
            return false;
        }
        for (int v = 0; v < this.vips; v++) {
            String vip = "vip-" + v;
            Set<String> named = new TreeSet<>();
            long holders = 0;
            String holder = null;
            for (Map.Entry<Integer, Map<String, String>> e : this.owners.entrySet()) {
                if (e.getKey() == dead) {
                    continue;
                }
                named.add(e.getValue().get(vip));
                if (this.held.get(e.getKey()).contains(vip)) {
                    holders++;
                    holder = ScaleMember.name(e.getKey());
                }
            }
            if (named.size() != 1 || holders != 1 || !named.contains(holder)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Resident memory of each member and their CPU over 10 s of idling (after 20 s to settle: JIT, first GCs), from /proc,
     * with the threads of member 0 that used most (what an idle member spends its CPU on).
     */
    private void printIdleCost() throws Exception {
        Thread.sleep(20_000);
        long first = this.processes.get(0).pid();
        Map<String, Long> threadsBefore = threadNanos(first);
        long[] before = this.processes.values().stream().mapToLong(p -> cpuTicks(p.pid())).toArray();
        Thread.sleep(10_000);
        long[] after = this.processes.values().stream().mapToLong(p -> cpuTicks(p.pid())).toArray();
        Map<String, Long> threadsAfter = threadNanos(first);
        System.out.println("[scale] idle: member m000's busiest threads over 10 s: " + threadsAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> e.getKey().replaceFirst("#\\d+$", "") + " " + e.getValue() / 1_000_000 + " ms")
                .collect(java.util.stream.Collectors.joining(", ")));
        long ticks = 0;
        for (int i = 0; i < before.length; i++) {
            ticks += after[i] - before[i];
        }
        long[] rss = this.processes.values().stream().mapToLong(p -> rssKb(p.pid())).sorted().toArray();
        System.out.printf("[scale] idle: resident memory per member %d MB median, %d MB max; CPU of all %d members %.1f %% of one core%n",
                rss[rss.length / 2] / 1024, rss[rss.length - 1] / 1024, this.members, ticks / 10.0); // 100 ticks a second
    }

    /** CPU time per thread ("name#tid") from /proc/PID/task/TID/schedstat, in nanoseconds. */
    private static Map<String, Long> threadNanos(long pid) throws java.io.IOException {
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

    private static long cpuTicks(long pid) {
        try {
            String[] f = Files.readString(Path.of("/proc", Long.toString(pid), "stat")).replaceFirst(".*\\) ", "").split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static long rssKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static String medianMax(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted.length == 0 ? "-" : sorted[sorted.length / 2] + ", " + sorted[sorted.length - 1];
    }
}
