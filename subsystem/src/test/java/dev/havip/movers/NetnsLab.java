package dev.havip.movers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * Network namespaces for one test (the SPEC's test network): a "hub" namespace with a bridge, and hosts whose
 * {@code eth0} is a veth plugged into it. Nothing connects to the root namespace, so no packet leaves. All names start
 * with a random prefix, so parallel runs on one machine do not meet; {@link #close()} (or, if the JVM is stopped, a
 * shutdown hook) deletes the namespaces, which takes their interfaces and addresses with them.
 */
final class NetnsLab implements AutoCloseable {

    static final String IP = MoverSettings.find("ip").toString();
    private static final Pattern ETHER = Pattern.compile("link/ether ([0-9a-f:]{17})");
    private static final Pattern LLADDR = Pattern.compile("lladdr ([0-9a-f:]{17})");

    private final String prefix;
    private final String hub;
    private final List<String> namespaces = Collections.synchronizedList(new ArrayList<>());
    private final Thread hook;

    /** Skips the calling test, visibly, unless the JVM runs as root. */
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

    NetnsLab() {
        SecureRandom random = new SecureRandom();
        StringBuilder p = new StringBuilder("hv");
        for (int i = 0; i < 5; i++) {
            p.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        this.prefix = p.toString();
        this.hub = this.prefix + "-hub";
        this.hook = new Thread(this::deleteAll, "netns cleanup " + this.prefix);
        Runtime.getRuntime().addShutdownHook(this.hook);
        try {
            this.addNamespace(this.hub);
            run(IP, "-n", this.hub, "link", "add", "hub", "type", "bridge");
            // a plain hub: flood multicast too (neighbour discovery, DAD) instead of learning groups
            run(IP, "-n", this.hub, "link", "set", "hub", "type", "bridge", "mcast_snooping", "0");
            run(IP, "-n", this.hub, "link", "set", "hub", "up");
        } catch (RuntimeException | Error e) {
            this.close();
            throw e;
        }
    }

    /** A host {@code name} (at most 6 characters) with eth0 on the hub and the given addresses (/24 and /64). */
    NetnsLab host(String name, String ipv4, String ipv6) {
        String ns = this.ns(name);
        String port = this.prefix + name; // the veth end in the hub; interface names have at most 15 characters
        try {
            this.addNamespace(ns);
            // both ends are created inside their namespaces: nothing ever appears in the root namespace
            run(IP, "link", "add", port, "netns", this.hub, "type", "veth", "peer", "name", "eth0", "netns", ns);
            run(IP, "-n", this.hub, "link", "set", port, "master", "hub", "up");
            run(IP, "-n", ns, "link", "set", "lo", "up");
            run(IP, "-n", ns, "addr", "add", ipv4 + "/24", "dev", "eth0");
            run(IP, "-n", ns, "addr", "add", ipv6 + "/64", "dev", "eth0", "nodad");
            run(IP, "-n", ns, "link", "set", "eth0", "up");
        } catch (RuntimeException | Error e) {
            this.close();
            throw e;
        }
        return this;
    }

    String ns(String name) {
        return this.prefix + "-" + name;
    }

    /** Settings whose commands run inside host {@code name}: exactly what the command prefix is for. */
    MoverSettings settings(String name) {
        return MoverSettings.defaults().withCommandPrefix(List.of(IP, "netns", "exec", this.ns(name)));
    }

    /** Runs {@code command} inside host {@code name} and returns its stdout; fails the test on a non-zero exit. */
    String exec(String name, String... command) {
        List<String> full = new ArrayList<>(List.of(IP, "netns", "exec", this.ns(name)));
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    String mac(String name) {
        Matcher m = ETHER.matcher(this.exec(name, IP, "-o", "link", "show", "dev", "eth0"));
        if (!m.find()) {
            throw new AssertionError("no MAC on eth0 of " + name);
        }
        return m.group(1);
    }

    /** The MAC that host {@code name}'s neighbour table has for {@code address}, if any. */
    Optional<String> neighbour(String name, String address) {
        Matcher m = LLADDR.matcher(this.exec(name, IP, "neigh", "show", address, "dev", "eth0"));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** A neighbour entry as a client that talked to an earlier holder has it: STALE, so no traffic refreshes it. */
    void staleNeighbour(String name, String address, String mac) {
        this.exec(name, IP, "neigh", "replace", address, "lladdr", mac, "dev", "eth0", "nud", "stale");
    }

    /** Whether {@code address} is on eth0 of host {@code name}, tentative or not. */
    boolean hasAddress(String name, String address) {
        return this.exec(name, IP, "-o", "addr", "show", "dev", "eth0").contains(" " + address + "/");
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

    private void deleteAll() {
        List<String> all;
        synchronized (this.namespaces) {
            all = new ArrayList<>(this.namespaces);
            this.namespaces.clear();
        }
        Collections.reverse(all);
        for (String ns : all) {
            try {
                run(IP, "netns", "del", ns);
            } catch (AssertionError e) {
                System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
            }
        }
    }

    /** The lab's own runner, independent of the code under test; every call is bounded. */
    static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
