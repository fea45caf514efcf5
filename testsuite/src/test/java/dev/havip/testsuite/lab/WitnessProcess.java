package dev.havip.testsuite.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.havip.lab.NetLab;
import dev.havip.testsuite.ClusterKeys;

/**
 * The witness of {@code quorum=witness} in the lab: a host of its own on the hub, {@value #HOST} at {@value #ADDRESS}
 * (it is not a server: a partition of the servers leaves it reachable by both), running the provisioned server's
 * {@code bin/ha-vip-witness.sh} with the cluster's key store (password in its environment, as README "Witness" runs
 * it). Its output (java.util.logging, HAVIPW codes) goes to {@code witness.log} of the lab's directory, appended
 * across restarts. {@link #kill()} is a kill -9 (the launcher execs the JVM: its pid is the JVM's); {@link #start()}
 * again listens on the same port. {@link #close()} kills it; the lab's namespaces are removed after it. Test thread.
 */
final class WitnessProcess implements AutoCloseable {

    static final String HOST = "wit";
    static final String ADDRESS = "198.18.0.30";
    static final int PORT = 7670;
    /** The witness's lease (its default); a fresh witness grants nothing for this long. */
    static final long LEASE_MS = 4_000;
    /** How long after a holder's connection closed its leases end. */
    static final long CLOSE_MARGIN_MS = 30;
    static final Path LAUNCHER = LabServer.HOME.resolve("bin/ha-vip-witness.sh");

    private final NetLab net;
    private final Path keyStore;
    private final String password;
    private final Path log;
    private Process process;

    /** Adds the witness's host to the lab's network; {@link #start()} starts the witness. */
    WitnessProcess(NetLab net, Path keyStore, String password, Path dir) {
        this.net = net;
        this.keyStore = keyStore;
        this.password = password;
        this.log = dir.resolve("witness.log");
        net.host(HOST, ADDRESS);
    }

    /** Starts the witness and waits until it listens (its HAVIPW0001 line); returns when that was (epoch ms). */
    long start() throws IOException, InterruptedException {
        if (this.alive()) {
            throw new IllegalStateException("the witness already runs");
        }
        long before = Files.exists(this.log) ? Files.size(this.log) : 0;
        List<String> command = new ArrayList<>(this.net.exec(HOST));
        command.addAll(List.of(LAUNCHER.toString(), "--key-store=" + this.keyStore, "--bind=" + ADDRESS, "--port=" + PORT,
                "--lease=" + LEASE_MS, "--close-margin=" + CLOSE_MARGIN_MS));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
        builder.environment().put(ClusterKeys.PASSWORD_VARIABLE, this.password); // not on a command line
        this.process = builder.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (this.output(before).contains("HAVIPW0001")) {
                return System.currentTimeMillis();
            }
            if (!this.process.isAlive()) {
                throw new AssertionError("the witness exited with " + this.process.exitValue() + ": " + this.output(before));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the witness did not announce itself within 30 s, see " + this.log);
    }

    /** kill -9 of the witness's JVM; returns once it is gone. */
    void kill() throws InterruptedException {
        if (this.process != null) {
            this.process.descendants().forEach(ProcessHandle::destroyForcibly);
            this.process.destroyForcibly();
            if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the witness did not die within 30 s");
            }
        }
    }

    boolean alive() {
        return this.process != null && this.process.isAlive();
    }

    Path log() {
        return this.log;
    }

    /** How many lines of its output so far contain {@code text} (e.g. HAVIPW0002, a grant). */
    long lines(String text) throws IOException {
        return this.output(0).lines().filter(l -> l.contains(text)).count();
    }

    private String output(long from) throws IOException {
        if (!Files.exists(this.log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(this.log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws InterruptedException {
        this.kill();
    }
}
