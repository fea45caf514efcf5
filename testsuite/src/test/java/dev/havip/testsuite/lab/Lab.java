package dev.havip.testsuite.lab;

import static dev.havip.testsuite.lab.LabFigures.log;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Assumptions;

import dev.havip.lab.Commands;
import dev.havip.lab.NetLab;
import dev.havip.lab.Tools;

/**
 * The end-to-end lab that every scenario shares: the SPEC's test network (hub 198.18.0.254, servers a=.1 and
 * b=.2, client .10), two real WildFly servers each inside its own namespace serving an app that names the node,
 * what keeps the VIP 198.18.0.100 on one of them (the {@link Contender}: ha-vip, or keepalived beside the
 * servers), and, once {@link #instruments()} ran, a client that opens a new TCP connection to the VIP every 10 ms
 * and a watcher of the kernel's address events on both eth0. {@link #close()} tears all of it down however the
 * scenario ended (stopped processes are resumed first, the namespaces' processes are killed before deletion).
 * The same lab runs the scenarios ({@code LabScenariosTest}), the benchmark and the live demo ({@link LabDemo}).
 */
final class Lab implements AutoCloseable {

    static final String VIP = "198.18.0.100";
    static final String GATEWAY = "198.18.0.254";
    /** garp-refresh-interval of the lab (announcements; the address's lifetime is renewed every 0.5 s regardless). */
    static final long REFRESH_MS = 3000;
    /** The address's kernel lifetime: what a frozen holder keeps it for after its last renewal. */
    static final long LIFETIME_MS = 2_000;

    final NetLab net;
    final Path work;
    final LabServer a;
    final LabServer b;
    final Contender contender;
    private final String[] historyOf;
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    Watcher watcher;
    ClientProber client;

    /**
     * Skips unless root and provisioned; builds the network, configures and boots both servers, waits until both
     * serve on their own addresses. {@code historyOf}: node names whose history is printed at the end.
     */
    static Lab start(Contender contender, String... historyOf) throws Exception {
        NetLab.assumeRoot();
        Tools.require("ip", "arping", "curl");
        Assumptions.assumeTrue(Files.isRegularFile(LabServer.HOME.resolve("bin/standalone.sh")),
                "needs the provisioned server in " + LabServer.HOME + " (mvn install -DskipTests)");
        long testStart = System.currentTimeMillis();
        NetLab net = new NetLab(GATEWAY).host("a", "198.18.0.1").host("b", "198.18.0.2").host("client", "198.18.0.10");
        Lab lab = null;
        try {
            lab = new Lab(net, contender, historyOf);
            Lab l = lab;
            contender.networkUp(l);
            contender.prepare(l.a);
            contender.prepare(l.b);
            CompletableFuture<Void> configuringA = CompletableFuture.runAsync(() -> l.a.configureBeforeBoot(contender.serverConfig(200)));
            l.b.configureBeforeBoot(contender.serverConfig(100)); // both at once: each is a JVM that mostly waits
            try {
                configuringA.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error; // the assertion of the configuration
                }
                throw e.getCause() instanceof Exception x ? x : e;
            }
            lab.a.start();
            lab.b.start();
            awaitServing(net, lab.a);
            awaitServing(net, lab.b);
            contender.serversUp(lab);
            log("both servers serve on their own addresses after %d ms (lab in %s)", System.currentTimeMillis() - testStart, lab.work);
            return lab;
        } catch (Exception | Error e) {
            if (lab != null) {
                lab.close();
            } else {
                net.close();
            }
            throw e;
        }
    }

    private Lab(NetLab net, Contender contender, String[] historyOf) throws Exception {
        this.net = net;
        this.contender = contender;
        this.historyOf = historyOf;
        this.work = Files.createDirectories(Path.of(System.getProperty("havip.testsuite.target", "target"), "lab", net.prefix()));
        String[] peers = { "-Dha-vip.peer1.host=198.18.0.1", "-Dha-vip.peer2.host=198.18.0.2", "-Dha-vip.peer2.port=7660" };
        this.a = new LabServer(net, "a", "node-a", "198.18.0.1", this.work, peers);
        LabServer second;
        try {
            second = new LabServer(net, "b", "node-b", "198.18.0.2", this.work, peers);
        } catch (Exception | Error e) {
            this.a.close();
            throw e;
        }
        this.b = second;
    }

    /** Starts the watcher and the client prober. */
    Lab instruments() throws Exception {
        return this.instruments("/");
    }

    /** Starts the watcher and the client prober, which asks for {@code path}. */
    Lab instruments(String path) throws Exception {
        this.watcher = new Watcher(this.net, VIP);
        this.client = new ClientProber(this.net, VIP, path, this.work.resolve("probes.log"));
        return this;
    }

    /** Stops the instruments (idempotent), so that the figures see a final list. */
    void stopInstruments() throws InterruptedException {
        try {
            if (this.client != null) {
                this.client.close();
            }
        } finally {
            if (this.watcher != null) {
                this.watcher.close();
            }
        }
    }

    /** Waits until the server's app answers on its own address (seen from the client namespace). */
    static void awaitServing(NetLab lab, LabServer server) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        List<String> curl = new ArrayList<>(lab.exec("client"));
        curl.addAll(List.of("curl", "-s", "-m", "1", "http://" + server.address + ":8080/"));
        while (System.currentTimeMillis() < deadline) {
            assertTrue(server.running(), server.name + " exited during boot, see " + server.console());
            try {
                if (Commands.run(curl.toArray(String[]::new)).trim().equals(server.name)) {
                    return;
                }
            } catch (AssertionError notYet) {
                // curl fails until the server listens
            }
            Thread.sleep(250);
        }
        throw new AssertionError(server.name + " did not serve within 120 s, see " + server.console());
    }

    /**
     * kill -9 of the server's JVM, as a real crash (no shutdown hook, no goodbye; the kernel closes its files, and
     * ha-vip's watch removes the address). keepalived runs beside the server and dies with it: every other process of
     * that node is killed too. Not for ha-vip (any stack or quorum): nothing runs beside its server, and killing the
     * node's other processes could kill ha-vip's death watch (an {@code ip} child of the dead JVM) before it removed
     * the address.
     */
    void crash(LabServer server) throws InterruptedException {
        server.jvm().destroyForcibly();
        server.awaitExit();
        if (this.contender instanceof KeepalivedContender) {
            for (ProcessHandle p : this.net.processes(server.host)) {
                if (!this.instrumentPids().contains(p.pid())) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** SIGSTOP of every process of host {@code host} (a frozen VM as its peers see it). */
    void pause(String host) {
        this.paused.add(host);
        this.net.signalAll(host, "STOP", this.instrumentPids());
    }

    void resume(String host) {
        this.net.signalAll(host, "CONT", this.instrumentPids());
        this.paused.remove(host);
    }

    /** The instruments' processes that live inside the nodes' namespaces: faults spare them. */
    private Set<Long> instrumentPids() {
        return this.watcher == null ? Set.of() : this.watcher.pids();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            this.stopInstruments();
        } finally {
            for (String host : List.copyOf(this.paused)) {
                try {
                    this.resume(host); // a stopped JVM would leave CLI calls hanging
                } catch (RuntimeException | AssertionError e) {
                    System.err.println("[lab] could not resume " + host + ": " + e.getMessage());
                }
            }
            this.contender.close();
            try {
                for (String node : this.historyOf) {
                    LabFigures.printHistory(node.equals(this.a.name) ? this.a : this.b);
                }
            } finally {
                try {
                    this.a.close();
                } finally {
                    try {
                        this.b.close();
                    } finally {
                        this.net.close();
                    }
                }
            }
        }
    }
}
