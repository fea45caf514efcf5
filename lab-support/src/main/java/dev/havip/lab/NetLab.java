package dev.havip.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * The SPEC's test network, for the subsystem's tests, the testsuite's lab and the demo: a "hub" namespace with a
 * bridge (optionally carrying the gateway address), and hosts whose {@code eth0} is a veth plugged into it, with
 * addresses from 198.18.0.0/24 (and fd00:198:18::/64). Nothing connects to the root namespace, so no packet leaves
 * and no address of this machine changes. Faults at the hub: a link cut, an isolated (partitioned) port, signals to
 * a host's processes. {@link #close()} removes everything (see {@link Namespaces}). Not thread-safe: built and used
 * on the test's (or demo's) thread; the queries are single bounded {@code ip} calls that other threads may make too.
 */
public final class NetLab implements AutoCloseable {

    /** {@code ip} (iproute2), by absolute path when installed. */
    public static final String IP = Tools.path("ip");
    private static final Pattern ETHER = Pattern.compile("link/ether ([0-9a-f:]{17})");
    private static final Pattern LLADDR = Pattern.compile("lladdr ([0-9a-f:]{17})");

    private final Namespaces namespaces = new Namespaces("hl");
    private final String hub;

    /** Skips the calling test, visibly, unless the JVM runs as root. */
    public static void assumeRoot() {
        Assumptions.assumeTrue(Commands.isRoot(), "needs root: network namespaces");
    }

    /** A lab whose hub has no address of its own. */
    public NetLab() {
        this(null);
    }

    /** A lab whose hub bridge holds {@code gateway}/24 ({@code null}: none), the tie-breaker of the servers. */
    public NetLab(String gateway) {
        Tools.require("ip");
        try {
            this.hub = this.namespaces.add("hub");
            Commands.run(IP, "-n", this.hub, "link", "add", "hub", "type", "bridge");
            // a plain hub: flood multicast too (neighbour discovery, DAD) instead of learning groups
            Commands.run(IP, "-n", this.hub, "link", "set", "hub", "type", "bridge", "mcast_snooping", "0");
            if (gateway != null) {
                Commands.run(IP, "-n", this.hub, "addr", "add", gateway + "/24", "dev", "hub");
            }
            Commands.run(IP, "-n", this.hub, "link", "set", "hub", "up");
        } catch (RuntimeException | Error e) {
            this.close();
            throw e;
        }
    }

    /** A host {@code name} (at most 6 characters) with eth0 on the hub and {@code ipv4}/24. */
    public NetLab host(String name, String ipv4) {
        return this.host(name, ipv4, null);
    }

    /** The same with {@code ipv6}/64 too ({@code null}: none), without duplicate address detection. */
    public NetLab host(String name, String ipv4, String ipv6) {
        try {
            String ns = this.namespaces.add(name);
            // both ends are created inside their namespaces: nothing ever appears in the root namespace
            Commands.run(IP, "link", "add", this.port(name), "netns", this.hub, "type", "veth", "peer", "name", "eth0", "netns", ns);
            Commands.run(IP, "-n", this.hub, "link", "set", this.port(name), "master", "hub", "up");
            Commands.run(IP, "-n", ns, "addr", "add", ipv4 + "/24", "dev", "eth0");
            if (ipv6 != null) {
                Commands.run(IP, "-n", ns, "addr", "add", ipv6 + "/64", "dev", "eth0", "nodad");
            }
            Commands.run(IP, "-n", ns, "link", "set", "eth0", "up");
        } catch (RuntimeException | Error e) {
            this.close();
            throw e;
        }
        return this;
    }

    public String prefix() {
        return this.namespaces.prefix;
    }

    /** The namespace of host {@code name}. */
    public String ns(String name) {
        return this.prefix() + "-" + name;
    }

    /** The command prefix that runs a command inside host {@code name}. */
    public List<String> exec(String name) {
        return List.of(IP, "netns", "exec", this.ns(name));
    }

    /** Runs {@code command} inside host {@code name} (bounded, see {@link Commands}) and returns its output. */
    public String runIn(String name, String... command) {
        List<String> full = new ArrayList<>(this.exec(name));
        full.addAll(List.of(command));
        return Commands.run(full.toArray(String[]::new));
    }

    /** Link cut at the hub: host {@code name}'s port goes down (no FIN, no RST; the host sees no carrier). */
    public void cut(String name) {
        Commands.run(IP, "-n", this.hub, "link", "set", this.port(name), "down");
    }

    /** Undoes {@link #cut(String)}. */
    public void restore(String name) {
        Commands.run(IP, "-n", this.hub, "link", "set", this.port(name), "up");
    }

    /**
     * Partition: the hosts' ports become isolated bridge ports, which cannot talk to each other but still reach every
     * other port and the hub's own address (the tie-breaker), so a client still sees all of them.
     */
    public void isolate(String... names) {
        for (String name : names) {
            Commands.run(IP, "-n", this.hub, "link", "set", "dev", this.port(name), "type", "bridge_slave", "isolated", "on");
        }
    }

    /** Undoes {@link #isolate(String...)}. */
    public void unisolate(String... names) {
        for (String name : names) {
            Commands.run(IP, "-n", this.hub, "link", "set", "dev", this.port(name), "type", "bridge_slave", "isolated", "off");
        }
    }

    /** Every process running inside host {@code name}'s namespace. */
    public List<ProcessHandle> processes(String name) {
        return Namespaces.processes(this.ns(name));
    }

    /** Sends {@code signal} (e.g. "STOP", "CONT") to every process of host {@code name} but {@code spared}. */
    public void signalAll(String name, String signal, Set<Long> spared) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        this.processes(name).stream().filter(p -> !spared.contains(p.pid())).forEach(p -> command.add(Long.toString(p.pid())));
        if (command.size() > 2) {
            try {
                Commands.run(command.toArray(String[]::new));
            } catch (AssertionError e) {
                // short-lived children (ip, arping, a CLI) may exit between the listing and the signal: fine
                if (!e.getMessage().contains(" exited with 1: ")
                        || !e.getMessage().lines().allMatch(l -> l.isBlank() || l.contains("No such process"))) {
                    throw e;
                }
            }
        }
    }

    /** {@code ip -o addr show dev eth0} of host {@code name} (one cheap process). */
    public String addresses(String name) {
        return Commands.run(IP, "-n", this.ns(name), "-o", "addr", "show", "dev", "eth0");
    }

    /** Whether {@code address} is on eth0 of host {@code name}, tentative or not. */
    public boolean hasAddress(String name, String address) {
        return this.addresses(name).contains(" " + address + "/");
    }

    public String mac(String name) {
        Matcher m = ETHER.matcher(Commands.run(IP, "-n", this.ns(name), "-o", "link", "show", "dev", "eth0"));
        if (!m.find()) {
            throw new AssertionError("no MAC on eth0 of " + name);
        }
        return m.group(1);
    }

    /** The MAC that host {@code name}'s neighbour table has for {@code address}, if any. */
    public Optional<String> neighbour(String name, String address) {
        Matcher m = LLADDR.matcher(Commands.run(IP, "-n", this.ns(name), "neigh", "show", address, "dev", "eth0"));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** A neighbour entry as a client that talked to an earlier holder has it: STALE, so no traffic refreshes it. */
    public void staleNeighbour(String name, String address, String mac) {
        Commands.run(IP, "-n", this.ns(name), "neigh", "replace", address, "lladdr", mac, "dev", "eth0", "nud", "stale");
    }

    @Override
    public void close() {
        this.namespaces.close();
    }

    /** Host {@code name}'s veth end in the hub (interface names have at most 15 characters). */
    private String port(String name) {
        return this.prefix() + name;
    }
}
