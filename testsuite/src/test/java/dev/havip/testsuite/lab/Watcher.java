package dev.havip.testsuite.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.havip.lab.NetLab;
import dev.havip.testsuite.lab.LabFigures.Sample;

/**
 * Who has the VIP on eth0 of a and b, from the kernel's own address events ({@code ip -o monitor address dev eth0}
 * in each namespace): every add, delete and lifetime expiry is recorded when it happens, without polling (a
 * poller costs CPU that the servers under test need and misses short overlaps). Each change appends a
 * {@link Sample} with the state of both hosts after it.
 */
final class Watcher implements AutoCloseable {
    private final NetLab lab;
    private final String needle;
    private final List<Sample> samples = new ArrayList<>();
    private final List<Process> monitors = new ArrayList<>();
    private boolean a;
    private boolean b;

    Watcher(NetLab lab, String vip) throws IOException, InterruptedException {
        this.lab = lab;
        this.needle = " " + vip + "/";
        try {
            for (String host : List.of("a", "b")) {
                Process monitor = new ProcessBuilder(NetLab.IP, "-n", lab.ns(host), "-o", "monitor", "address", "dev", "eth0")
                        .redirectErrorStream(true).start();
                monitor.getOutputStream().close();
                this.monitors.add(monitor);
                Thread reader = new Thread(() -> this.read(host, monitor), "lab address monitor " + host);
                reader.setDaemon(true);
                reader.start();
            }
            Thread.sleep(200); // let both monitors subscribe before the initial state is read
            synchronized (this.samples) {
                this.a = lab.hasAddress("a", vip);
                this.b = lab.hasAddress("b", vip);
                this.record();
            }
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            this.close();
            throw e;
        }
    }

    private void read(String host, Process monitor) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.contains(this.needle)) {
                    boolean has = !line.startsWith("Deleted");
                    synchronized (this.samples) {
                        if (host.equals("a")) {
                            this.a = has;
                        } else {
                            this.b = has;
                        }
                        this.record();
                    }
                }
            }
        } catch (IOException e) {
            // the monitor was stopped
        }
    }

    private void record() {
        this.samples.add(new Sample(System.currentTimeMillis(), this.a, this.b, this.a && this.b));
    }

    /** Every change so far, and a last sample for "now" so that the current state has a duration. */
    List<Sample> samples() {
        synchronized (this.samples) {
            List<Sample> all = new ArrayList<>(this.samples);
            all.add(new Sample(System.currentTimeMillis(), this.a, this.b, this.a && this.b));
            return all;
        }
    }

    Sample last() {
        synchronized (this.samples) {
            return new Sample(System.currentTimeMillis(), this.a, this.b, this.a && this.b);
        }
    }

    /** Waits until the holders are exactly these. */
    boolean awaitHolders(boolean a, boolean b, long timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout;
        while (System.currentTimeMillis() < deadline) {
            Sample s = this.last();
            if (s.a() == a && s.b() == b) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** @return the time since when the holders are these (at or after {@code since}); fails at {@code deadline} */
    long awaitHoldersAt(boolean a, boolean b, long since, long deadline) throws InterruptedException {
        while (System.currentTimeMillis() < deadline) {
            long at = LabFigures.firstWhere(this.samples(), since, Long.MAX_VALUE, s -> s.a() == a && s.b() == b);
            if (at >= 0) {
                return at;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("holders never became a=" + a + " b=" + b + ": " + this.last());
    }

    /** The monitors: they run inside the namespaces ({@code ip -n} enters them) but are not part of the node. */
    java.util.Set<Long> pids() {
        return this.monitors.stream().map(Process::pid).collect(java.util.stream.Collectors.toSet());
    }

    @Override
    public void close() {
        this.monitors.forEach(Process::destroyForcibly);
    }
}
