package dev.havip.testsuite.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * The SPEC's test network (after subsystem's NetnsLab, copied: test code of another module): a "hub" namespace
 * with a bridge that also carries the gateway address, and hosts whose {@code eth0} is a veth plugged into it.
 * Nothing connects to the root namespace, so no packet leaves and no root address changes. All names start
 * with a random prefix; {@link #close()} (or, if the JVM is stopped, a shutdown hook) first kills every
 * process still running inside the namespaces (servers, prober, CLI), then deletes the namespaces.
 */
final class NetLab implements AutoCloseable {

    static final String IP = "ip";
    private static final java.util.concurrent.ExecutorService READERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lab output reader");
        t.setDaemon(true);
        return t;
    });
    private static final Pattern ETHER = Pattern.compile("link/ether ([0-9a-f:]{17})");
    private static final Pattern LLADDR = Pattern.compile("lladdr ([0-9a-f:]{17})");

    final String prefix;
    private final List<String> namespaces = Collections.synchronizedList(new ArrayList<>());
    private final Thread hook;

    static void assumeRoot() {
        Assumptions.assumeTrue(isRoot(), "needs root: network namespaces");
    }

    static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    /** A lab whose hub bridge holds {@code gateway}/24. */
    NetLab(String gateway) {
        SecureRandom random = new SecureRandom();
        StringBuilder p = new StringBuilder("hl");
        for (int i = 0; i < 5; i++) {
            p.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        this.prefix = p.toString();
        this.hook = new Thread(this::deleteAll, "netns cleanup " + this.prefix);
        Runtime.getRuntime().addShutdownHook(this.hook);
        try {
            String hub = this.ns("hub");
            this.addNamespace(hub);
            run(IP, "-n", hub, "link", "set", "lo", "up");
            run(IP, "-n", hub, "link", "add", "hub", "type", "bridge");
            run(IP, "-n", hub, "link", "set", "hub", "type", "bridge", "mcast_snooping", "0");
            run(IP, "-n", hub, "addr", "add", gateway + "/24", "dev", "hub");
            run(IP, "-n", hub, "link", "set", "hub", "up");
        } catch (RuntimeException | Error e) {
            this.close();
            throw e;
        }
    }

    /** A host {@code name} (at most 6 characters) with eth0 on the hub and {@code ipv4}/24. */
    NetLab host(String name, String ipv4) {
        String ns = this.ns(name);
        String port = this.prefix + name; // at most 15 characters
        try {
            this.addNamespace(ns);
            // both ends are created inside their namespaces: nothing ever appears in the root namespace
            run(IP, "link", "add", port, "netns", this.ns("hub"), "type", "veth", "peer", "name", "eth0", "netns", ns);
            run(IP, "-n", this.ns("hub"), "link", "set", port, "master", "hub", "up");
            run(IP, "-n", ns, "link", "set", "lo", "up");
            run(IP, "-n", ns, "addr", "add", ipv4 + "/24", "dev", "eth0");
            run(IP, "-n", ns, "link", "set", "eth0", "up");
        } catch (RuntimeException | Error e) {
            this.close();
            throw e;
        }
        return this;
    }

    /** Link cut at the hub: host {@code name}'s veth port on the hub goes down (no FIN, no RST; the host sees no carrier). */
    void cut(String name) {
        run(IP, "-n", this.ns("hub"), "link", "set", this.prefix + name, "down");
    }

    /** Undoes {@link #cut(String)}. */
    void restore(String name) {
        run(IP, "-n", this.ns("hub"), "link", "set", this.prefix + name, "up");
    }

    /**
     * Partition: hosts' ports on the hub become isolated bridge ports. Isolated ports cannot talk to each other but
     * still reach every other port and the hub's own address (the tie-breaker), so the client sees both hosts.
     */
    void isolate(String... names) {
        for (String name : names) {
            run(IP, "-n", this.ns("hub"), "link", "set", "dev", this.prefix + name, "type", "bridge_slave", "isolated", "on");
        }
    }

    /** Undoes {@link #isolate(String...)}. */
    void unisolate(String... names) {
        for (String name : names) {
            run(IP, "-n", this.ns("hub"), "link", "set", "dev", this.prefix + name, "type", "bridge_slave", "isolated", "off");
        }
    }

    /** Every process running inside host {@code name}'s namespace. */
    List<ProcessHandle> processes(String name) {
        return processesIn(this.ns(name));
    }

    private static List<ProcessHandle> processesIn(String ns) {
        List<ProcessHandle> all = new ArrayList<>();
        for (String pid : run(IP, "netns", "pids", ns).split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(all::add);
            }
        }
        return all;
    }

    /** Sends {@code signal} (e.g. "STOP", "CONT") to every process of host {@code name} but {@code spared}. */
    void signalAll(String name, String signal, java.util.Set<Long> spared) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        this.processes(name).stream().filter(p -> !spared.contains(p.pid())).forEach(p -> command.add(Long.toString(p.pid())));
        if (command.size() > 2) {
            try {
                run(command.toArray(String[]::new));
            } catch (AssertionError e) {
                // short-lived children (ip, arping, a CLI) may exit between the listing and the signal: fine
                if (!e.getMessage().contains(" exited with 1: ")
                        || !e.getMessage().lines().allMatch(l -> l.isBlank() || l.contains("No such process"))) {
                    throw e;
                }
            }
        }
    }

    String ns(String name) {
        return this.prefix + "-" + name;
    }

    /** The command prefix that runs a command inside host {@code name}. */
    List<String> exec(String name) {
        return List.of(IP, "netns", "exec", this.ns(name));
    }

    /** {@code ip -o addr show dev eth0} of host {@code name} (one cheap process, for the watcher). */
    String addresses(String name) {
        return run(IP, "-n", this.ns(name), "-o", "addr", "show", "dev", "eth0");
    }

    boolean hasAddress(String name, String address) {
        return this.addresses(name).contains(" " + address + "/");
    }

    String mac(String name) {
        Matcher m = ETHER.matcher(run(IP, "-n", this.ns(name), "-o", "link", "show", "dev", "eth0"));
        if (!m.find()) {
            throw new AssertionError("no MAC on eth0 of " + name);
        }
        return m.group(1);
    }

    /** The MAC that host {@code name}'s neighbour table has for {@code address}, or "none". */
    String neighbour(String name, String address) {
        Matcher m = LLADDR.matcher(run(IP, "-n", this.ns(name), "neigh", "show", address, "dev", "eth0"));
        return m.find() ? m.group(1) : "none";
    }

    @Override
    public void close() {
        this.deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(this.hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook does the work
        }
    }

    private void addNamespace(String ns) {
        this.namespaces.add(ns);
        run(IP, "netns", "add", ns);
    }

    /** Kills whatever still runs inside our namespaces, then deletes them (deleting alone leaves them alive). */
    private void deleteAll() {
        List<String> all;
        synchronized (this.namespaces) {
            all = new ArrayList<>(this.namespaces);
            this.namespaces.clear();
        }
        Collections.reverse(all);
        for (String ns : all) {
            try {
                processesIn(ns).forEach(ProcessHandle::destroyForcibly);
            } catch (AssertionError | NumberFormatException e) {
                System.err.println("could not list processes of namespace " + ns + ": " + e.getMessage());
            }
            try {
                run(IP, "netns", "del", ns);
            } catch (AssertionError e) {
                System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
            }
        }
    }

    /** The lab's own runner, independent of the code under test; every call is bounded. */
    static String run(String... command) {
        return run(10, command);
    }

    static String run(int timeoutSeconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            }, READERS);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            String out = new String(output.join(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        }
    }
}
