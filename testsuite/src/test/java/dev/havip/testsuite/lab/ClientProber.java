package dev.havip.testsuite.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.havip.lab.NetLab;
import dev.havip.testsuite.lab.LabFigures.Probe;

/** The {@link Prober} JVM inside the client namespace, and what it reported. */
final class ClientProber implements AutoCloseable {
    private final Process process;
    private final List<Probe> probes = new ArrayList<>();
    private final Thread reader;

    ClientProber(NetLab lab, String vip, Path log) throws IOException {
        this(lab, vip, "/", log);
    }

    /** Probes {@code path} (an app's context) instead of the root app. */
    ClientProber(NetLab lab, String vip, String path, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes;
        try {
            classes = Path.of(Prober.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> command = new ArrayList<>(lab.exec("client"));
        command.addAll(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classes,
                Prober.class.getName(), vip, "8080", "10", path));
        this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.resolveSibling("prober.err").toFile())).start();
        this.reader = new Thread(() -> this.read(log), "lab prober reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    private void read(Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(this.process.getInputStream(), StandardCharsets.US_ASCII));
                java.io.Writer out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                String[] f = line.split(" ", 3);
                if (f.length == 3) {
                    synchronized (this.probes) {
                        this.probes.add(new Probe(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2]));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the prober is gone
        }
    }

    List<Probe> probes() {
        synchronized (this.probes) {
            return List.copyOf(this.probes);
        }
    }

    /**
     * Waits for {@code n} consecutive answers from {@code node} ({@code null}: from any node) among the probes started
     * after {@code since}; returns the first of them. Scans each probe once (the list grows by 100 a second).
     */
    Probe awaitStreak(String node, int n, long since, long timeout, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout;
        int next = 0;
        int streak = 0;
        while (System.currentTimeMillis() < deadline) {
            assertTrue(this.process.isAlive(), "the prober died");
            synchronized (this.probes) {
                for (; next < this.probes.size(); next++) {
                    Probe p = this.probes.get(next);
                    if (p.start() < since) {
                        continue;
                    }
                    streak = (node == null ? p.ok() : node.equals(p.result())) ? streak + 1 : 0;
                    if (streak == n) {
                        return this.probes.get(next - n + 1);
                    }
                }
            }
            Thread.sleep(20);
        }
        List<Probe> recent = this.probes();
        throw new AssertionError(what + ": not within " + timeout + " ms; last probes: "
                + recent.subList(Math.max(0, recent.size() - 5), recent.size()).stream().map(Probe::toString).collect(Collectors.joining(", ")));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            this.process.getOutputStream().close(); // the prober exits at EOF
        } catch (IOException ignored) {
            // then kill it
        }
        if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
            this.process.destroyForcibly();
        }
        this.reader.join(5000);
    }
}
