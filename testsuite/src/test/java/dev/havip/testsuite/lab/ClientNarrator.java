package dev.havip.testsuite.lab;

import static dev.havip.testsuite.Narration.sayAt;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.havip.testsuite.lab.LabFigures.Probe;

/**
 * The demo's running commentary on the client: reads the {@link ClientProber}'s probes as they come in and says
 * when the answers stop (and why), when they come back (after how long, from whom) and when another node answers.
 * Runs on its own daemon thread, polling the probe list every 20 ms; {@link #close()} stops it and prints a summary.
 */
final class ClientNarrator implements AutoCloseable {

    private final ClientProber client;
    private final Thread thread;
    private volatile boolean stopped;
    private int next;
    private String who;
    private long lastOk;
    private long longest;
    private long failed;
    private long totalFailed;
    private long lastStart;
    private final Map<String, Integer> why = new TreeMap<>();

    ClientNarrator(ClientProber client) {
        this.client = client;
        this.thread = new Thread(this::loop, "demo client narrator");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        try {
            while (!this.stopped) {
                this.readNew();
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        this.readNew();
    }

    private void readNew() {
        List<Probe> probes = this.client.probes();
        for (; this.next < probes.size(); this.next++) {
            this.see(probes.get(this.next));
        }
    }

    private void see(Probe p) {
        this.lastStart = p.start();
        if (p.failed()) {
            if (this.failed == 0) {
                this.why.clear();
                say(p.start(), "no answer: " + reason(p.result()));
            }
            this.failed++;
            this.totalFailed++;
            this.why.merge(reason(p.result()), 1, Integer::sum);
            return;
        }
        String answer = p.result();
        if (this.failed > 0) {
            String reasons = this.why.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).collect(Collectors.joining(", "));
            if (this.who == null) {
                say(p.start(), "first answer: %s, after %s (%s)", answer, plural(this.failed, "failed probe"), reasons);
            } else {
                say(p.start(), "answered by %s%s after an outage of %d ms: %s (%s)", answer, answer.equals(this.who) ? " again" : "",
                        p.start() - this.lastOk, plural(this.failed, "failed probe"), reasons);
            }
            this.failed = 0;
        } else if (this.who == null) {
            say(p.start(), "answered by %s", answer);
        } else if (!answer.equals(this.who)) {
            say(p.start(), "answered by %s (was %s), no failed probe; %d ms since the previous answer", answer, this.who, p.start() - this.lastOk);
        }
        if (this.who != null) {
            this.longest = Math.max(this.longest, p.start() - this.lastOk);
        }
        this.who = answer;
        this.lastOk = p.start();
    }

    /** FAIL:ConnectException:Connection_refused -> "Connection refused". */
    private static String reason(String result) {
        String[] parts = result.split(":", 3);
        return (parts.length == 3 ? parts[2] : parts[parts.length - 1]).replace('_', ' ');
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static void say(long at, String format, Object... args) {
        sayAt(at, "    client | " + format, args);
    }

    /** Stops the commentary (the prober must be stopped first, so that the list is final) and prints the summary. */
    @Override
    public void close() throws InterruptedException {
        this.stopped = true;
        this.thread.join(5000);
        if (this.failed > 0) {
            say(this.lastStart, "still no answer (%s so far)", plural(this.failed, "failed probe"));
        }
        say(this.lastStart, "stopped: %s, %d failed, longest time between two answers %d ms", plural(this.next, "probe"), this.totalFailed,
                this.longest);
    }
}
