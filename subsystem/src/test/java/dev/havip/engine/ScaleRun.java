package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * One run of the scale benchmark at one member count: N {@link ScaleMember} processes on loopback with 20 VIPs spread
 * over them; once every member reports every VIP on its preferred member, faults one member holding VIPs at a time
 * (kill -9, or SIGSTOP until the survivors agree and then SIGCONT), takes from the survivors' own reports the time until
 * each of its VIPs is held again and until every survivor names the same owners, checks that only its VIPs moved and
 * each to its next-best member, and lets it come back (restart, or resume) and its VIPs fail back before the next fault.
 * The test thread drives; one reader thread per member parses its reports.
 */
final class ScaleRun implements AutoCloseable {

    /** The longest a start or a failback may take to settle (50 members on 2 cores took 228 s to start). */
    private static final long SETTLE_MS = Long.getLong("havip.scale.settle-s", 900) * 1000;
    private static final long FAULT_MS = 60_000;
    private static final int START_BATCH = 5;

    /** One fault: what the victim held, when its VIPs were held again and when all survivors agreed (ms after it). */
    record Fault(String kind, int victim, Set<String> vips, long atMs, long heldAgainMs, long agreedMs) {
    }

    /** What an idle member costs: resident memory (median and max of all) and CPU of all members together. */
    record Idle(long rssMedianMb, long rssMaxMb, double cpuPercentOfACore, String busiestThreads) {
    }

    private final int members;
    private final int vips;
    private final int basePort;
    private final Path logs;
    private final Map<Integer, Process> processes = new HashMap<>();
    /** Per member, its latest report: VIP -> owner ("-": none), and the VIPs it holds. */
    private final Map<Integer, Map<String, String>> owners = new HashMap<>();
    private final Map<Integer, Set<String>> held = new HashMap<>();
    /** Per member, how many members its latest view has. */
    private final Map<Integer, Integer> viewSizes = new HashMap<>();
    /** Per member, the time stamp of its latest report. */
    private final Map<Integer, Long> reportedAt = new HashMap<>();
    private final ScaleHolds holds = new ScaleHolds();
    /** During a fault: the victim, when it began, and when each of its VIPs was first held by a survivor. */
    private int victim = -1;
    private long faultAt;
    private final Map<String, Long> heldAgainAt = new HashMap<>();
    /** The time stamp of the survivor's report that completed their agreement during a fault (0: not yet). */
    private long agreedAt;
    /** From each fault to the survivors' agreement: an overlap that starts in one is a two-holder failure. */
    private final List<long[]> faultWindows = new ArrayList<>();
    /** When every VIP was first on its preferred member. */
    private long settledAt = Long.MAX_VALUE;

    /** With transport {@code mcast}: the network namespace the members run in (its loopback carries IP multicast). */
    private final ScaleNamespace namespace;

    ScaleRun(int members, int vips, int basePort, Path logs) throws Exception {
        this.members = members;
        this.vips = vips;
        this.basePort = basePort;
        this.logs = logs;
        this.namespace = "mcast".equals(System.getProperty("havip.scale.transport")) ? ScaleNamespace.create() : null;
    }

    /**
     * Starts the members a few at a time, each batch once the last one reported (a JVM's start takes a core for about a
     * second: 99 at once starved every member for over 10 s, their pause detectors fired and the views never settled);
     * waits for all preferred owners.
     */
    long start() throws Exception {
        long boot = System.currentTimeMillis();
        this.startBatch(0, 1, boot); // member 0 alone first: the others join it rather than merging with it
        for (int first = 1; first < this.members; first += START_BATCH) {
            this.startBatch(first, Math.min(this.members, first + START_BATCH), boot);
        }
        this.awaitSettled();
        this.settledAt = System.currentTimeMillis();
        return this.settledAt - boot;
    }

    private void startBatch(int first, int end, long boot) throws Exception {
        for (int i = first; i < end; i++) {
            this.start(i);
        }
        synchronized (this) {
            for (int i = first; i < end; i++) {
                while (!this.owners.containsKey(i)) {
                    assertTrue(System.currentTimeMillis() - boot < SETTLE_MS, ScaleMember.name(i) + " never reported");
                    this.wait(100);
                }
            }
            // and the next batch only when every member started so far is in one view: joins that pile up on a cluster
            // still installing the last ones overloaded the host at 70 members (load 170, members suspected, views split)
            for (int i = 0; i < end; i++) {
                while (this.viewSizes.getOrDefault(i, 0) != end) {
                    assertTrue(System.currentTimeMillis() - boot < SETTLE_MS, ScaleMember.name(i) + " never saw a view of " + end);
                    this.wait(100);
                }
            }
        }
    }

    /** One fault of a member holding VIPs ({@code stop}: SIGSTOP instead of kill -9), its recovery, and the failback. */
    Fault fault(int victim, boolean stop) throws Exception {
        Map<String, String> expected = new TreeMap<>();
        Set<String> its;
        synchronized (this) {
            its = new TreeSet<>(this.held.get(victim));
            assertTrue(!its.isEmpty(), ScaleMember.name(victim) + " holds VIPs");
            for (int v = 0; v < this.vips; v++) {
                String vip = "vip-" + v;
                // its own VIPs go to the member after it (priority 250 minus the distance from the preferred one), the rest stay
                expected.put(vip, its.contains(vip) ? ScaleMember.name((victim + 1) % this.members) : this.owners.get(0).get(vip));
            }
            this.heldAgainAt.clear();
            this.agreedAt = 0;
            this.victim = victim;
            this.faultAt = System.currentTimeMillis();
            this.holds.ended(victim, this.faultAt);
        }
        Process process = this.processes.get(victim);
        if (stop) {
            signal("STOP", process);
        } else {
            process.destroyForcibly();
        }
        long agreed = this.awaitAgreement(this.faultAt + FAULT_MS);
        Fault fault;
        synchronized (this) {
            assertTrue(this.heldAgainAt.keySet().containsAll(its), "every VIP of " + ScaleMember.name(victim) + " held again: " + its);
            Map<String, String> survivors = this.owners.get(victim == 0 ? 1 : 0);
            assertEquals(expected, new TreeMap<>(survivors), "only the victim's VIPs moved, each to its next-best member");
            long heldAgain = its.stream().mapToLong(this.heldAgainAt::get).max().orElseThrow() - this.faultAt;
            fault = new Fault(stop ? "SIGSTOP" : "kill -9", victim, its, this.faultAt, heldAgain, agreed - this.faultAt);
            this.faultWindows.add(new long[] { this.faultAt, agreed });
            this.victim = -1;
            this.owners.remove(victim); // its report from before the fault is stale: settled needs a new one
            this.held.remove(victim);
            this.reportedAt.remove(victim);
        }
        if (stop) {
            signal("CONT", process);
        } else {
            process.waitFor(10, TimeUnit.SECONDS);
            this.start(victim);
        }
        this.awaitSettled();
        return fault;
    }

    /** Two members holding one VIP at once: during a fault (must be none), in failbacks, and while the start settled. */
    record Overlaps(List<ScaleHolds.Overlap> duringFaults, List<ScaleHolds.Overlap> failbacks, long whileStarting) {
    }

    /**
     * Every overlap so far, by when it began: in a fault's window, after the start had settled (failbacks), or
     * before (members that started while the others' views were still merging each held VIPs as their own partition's
     * owner, quorum none).
     */
    synchronized Overlaps overlaps() {
        List<ScaleHolds.Overlap> during = new ArrayList<>();
        List<ScaleHolds.Overlap> failbacks = new ArrayList<>();
        long starting = 0;
        for (ScaleHolds.Overlap o : this.holds.overlaps()) {
            if (o.start() < this.settledAt) {
                starting++;
            } else if (this.faultWindows.stream().anyMatch(w -> o.start() >= w[0] && o.start() <= w[1])) {
                during.add(o);
            } else {
                failbacks.add(o);
            }
        }
        return new Overlaps(during, failbacks, starting);
    }

    /**
     * Resident memory of each member and their CPU over 10 s of idling (after 20 s to settle: JIT, first GCs), from /proc,
     * with the threads of member 0 that used most.
     */
    Idle idle() throws Exception {
        Thread.sleep(20_000);
        long first = this.processes.get(0).pid();
        Map<String, Long> threadsBefore = ScaleProc.threadNanos(first);
        long[] before = this.processes.values().stream().mapToLong(p -> ScaleProc.cpuTicks(p.pid())).toArray();
        Thread.sleep(10_000);
        long[] after = this.processes.values().stream().mapToLong(p -> ScaleProc.cpuTicks(p.pid())).toArray();
        Map<String, Long> threadsAfter = ScaleProc.threadNanos(first);
        String busiest = threadsAfter.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                .map(e -> e.getKey().replaceFirst("#\\d+$", "") + " " + e.getValue() / 1_000_000 + " ms")
                .collect(java.util.stream.Collectors.joining(", "));
        long ticks = 0;
        for (int i = 0; i < before.length; i++) {
            ticks += after[i] - before[i];
        }
        long[] rss = this.processes.values().stream().mapToLong(p -> ScaleProc.rssKb(p.pid())).sorted().toArray();
        return new Idle(rss[rss.length / 2] / 1024, rss[rss.length - 1] / 1024, ticks / 10.0, busiest); // 100 ticks a second
    }

    @Override
    public void close() {
        this.processes.values().forEach(p -> {
            signal("CONT", p);
            p.destroyForcibly();
        });
        if (this.namespace != null) {
            this.processes.values().forEach(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join());
            this.namespace.close();
        }
    }

    private void start(int index) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(this.namespace != null ? this.namespace.prefix() : List.of());
        command.addAll(List.of(java, "-Xmx48m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-Djava.net.preferIPv4Stack=true"));
        if (Boolean.getBoolean("havip.scale.trace")) {
            command.add("-Djava.util.logging.SimpleFormatter.format=%1$tQ %4$s: %5$s%n"); // log lines with epoch ms, beside the trace
        }
        for (String timing : List.of("fd-interval", "fd-timeout", "verify-timeout", "merge-max", "poll-ms", "stats-ms", "join-timeout")) {
            String value = System.getProperty("havip.scale." + timing);
            if (value != null) {
                command.add("-Dhavip.scale." + timing + "=" + Long.parseLong(value));
            }
        }
        for (String choice : List.of("bundler", "transport", "nakack", "trace", "processing")) {
            String value = System.getProperty("havip.scale." + choice);
            if (value != null && value.matches("[a-z0-9-]+")) {
                command.add("-Dhavip.scale." + choice + "=" + value);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ScaleMember.class.getName(),
                Integer.toString(index), Integer.toString(this.members), Integer.toString(this.vips), Integer.toString(this.basePort)));
        Process process = new ProcessBuilder(command).redirectError(this.logs.resolve(ScaleMember.name(index) + ".err").toFile()).start();
        this.processes.put(index, process);
        Thread reader = new Thread(() -> this.read(index, process), "scale reader " + index);
        reader.setDaemon(true);
        reader.start();
    }

    private static void signal(String signal, Process process) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read(int index, Process process) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ", 3);
                if (f.length == 3 && f[1].matches("\\d{1,19}") && List.of("held", "released", "owners", "view").contains(f[0])) {
                    this.report(index, f[0], Long.parseLong(f[1]), f[2]); // anything else on its stdout is JGroups' (GMS' address)
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("[scale] reader " + index + ": " + e);
        }
    }

    private synchronized void report(int index, String kind, long time, String rest) {
        switch (kind) {
            case "held" -> {
                this.holds.held(index, rest, time);
                if (this.victim >= 0 && index != this.victim && time >= this.faultAt) {
                    this.heldAgainAt.putIfAbsent(rest, time);
                }
            }
            case "released" -> this.holds.released(index, rest, time);
            case "view" -> this.viewSizes.put(index, Integer.parseInt(rest));
            case "owners" -> {
                if (index == this.victim) {
                    return; // a stopped member's last words, or a killed one's: neither counts now
                }
                Map<String, String> mine = new HashMap<>();
                Set<String> holding = new TreeSet<>();
                for (String entry : rest.split(",")) {
                    String[] kv = entry.split("=", 2);
                    boolean here = kv[1].endsWith("*");
                    mine.put(kv[0], here ? kv[1].substring(0, kv[1].length() - 1) : kv[1]);
                    if (here) {
                        holding.add(kv[0]);
                    }
                }
                this.owners.put(index, mine);
                this.held.put(index, holding);
                this.reportedAt.put(index, time);
                if (this.victim >= 0 && this.agreedAt == 0 && this.agreed(this.victim)) {
                    // when the last of the survivors' agreeing reports was made (readers may deliver them out of order)
                    this.agreedAt = this.reportedAt.entrySet().stream().filter(e -> e.getKey() != this.victim).mapToLong(Map.Entry::getValue).max().orElse(time);
                }
            }
            default -> {
                return;
            }
        }
        this.notifyAll();
    }

    /** Until every member reports every VIP owned and held by its preferred member (VIP k: member k mod N). */
    private synchronized void awaitSettled() throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_MS;
        while (!this.agreed(-1) || !this.preferred()) {
            long left = deadline - System.currentTimeMillis();
            assertTrue(left > 0, "not settled on the preferred members in time: " + this.owners.get(0));
            this.wait(Math.min(left, 100));
        }
    }

    private boolean preferred() {
        for (int v = 0; v < this.vips; v++) {
            if (!this.held.get(v % this.members).contains("vip-" + v)) {
                return false;
            }
        }
        return true;
    }

    /** Waits until every survivor names the same owner for every VIP and exactly that owner holds it; returns when. */
    private synchronized long awaitAgreement(long deadline) throws InterruptedException {
        while (this.agreedAt == 0) {
            long left = deadline - System.currentTimeMillis();
            assertTrue(left > 0, "no agreement in time: " + this.owners);
            this.wait(Math.min(left, 100));
        }
        return this.agreedAt;
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
}
