package dev.havip.movers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.havip.net.IpAddresses;

/**
 * {@code method=ipvs}: the holder takes the VIP like {@link IpMover} and also runs an LVS director for it: one TCP
 * virtual service per port, round robin, direct routing ({@code -g}) to the healthy members given with
 * {@link #setRealServers}.
 * <p>
 * Ports: a list of TCP ports (default 8080 and 8443, WildFly's http and https socket bindings). Direct routing
 * cannot rewrite ports, so the virtual port must be the port the members listen on. A firewall-mark service ("all
 * ports") would need an iptables/nftables rule next to ipvsadm: a second tool and a second state to clean up.
 * <p>
 * Real servers: direct routing delivers packets addressed to the VIP, so each member must accept the VIP without
 * answering ARP for it (VIP on {@code lo}, {@code arp_ignore=1}, {@code arp_announce=2}); that is the members' setup,
 * not the holder's.
 * <p>
 * The wanted set of real servers is remembered; while the VIP is held, {@link #setRealServers} applies the
 * difference at once, and {@link #refresh()} applies whatever an earlier failure left out. The services themselves
 * do not expire, so a refresh with nothing pending runs no ipvsadm command.
 */
public final class IpvsMover implements Mover, Director {

    public static final List<Integer> DEFAULT_PORTS = List.of(8080, 8443);

    private record Target(InetAddress server, int port) {
    }

    private final VipSpec spec;
    private final IpMover ip;
    private final String ipvsadm;
    private final CommandRunner runner;
    private final List<Integer> ports;
    private List<InetAddress> wanted = List.of();
    private final Set<Target> applied = new LinkedHashSet<>();
    private boolean serving;

    public IpvsMover(VipSpec spec, MoverSettings settings) {
        this(spec, settings, DEFAULT_PORTS, IpMover.lifetimeFor(spec));
    }

    public IpvsMover(VipSpec spec, MoverSettings settings, List<Integer> ports, Optional<Duration> lifetime) {
        if (ports.isEmpty() || ports.stream().anyMatch(p -> p == null || p < 1 || p > 65535) || Set.copyOf(ports).size() != ports.size()) {
            throw new IllegalArgumentException("IPVS service ports must be distinct numbers 1-65535, not " + ports);
        }
        this.spec = spec;
        this.ip = new IpMover(spec, settings, lifetime);
        this.ipvsadm = settings.ipvsadm().toString();
        this.runner = new CommandRunner(settings);
        this.ports = List.copyOf(ports);
    }

    /**
     * The members the director sends to (same address family as the VIP); applied now when the VIP is held.
     *
     * @throws MoverException when ipvsadm fails; the rest is retried by the next {@link #refresh()}
     */
    @Override
    public synchronized void setRealServers(List<InetAddress> servers) throws MoverException {
        Set<InetAddress> normalised = new LinkedHashSet<>();
        for (InetAddress server : servers) {
            if (IpAddresses.isIpv4(server) != this.spec.address().isIpv4()) {
                throw new IllegalArgumentException("real server " + server.getHostAddress() + " is not of the VIP's address family");
            }
            normalised.add(withoutScope(server));
        }
        this.wanted = List.copyOf(normalised);
        MoverLogger.LOG.realServers(this.spec.name(), this.wanted.stream().map(InetAddress::getHostAddress).collect(Collectors.toList()).toString());
        if (this.serving) {
            this.reconcile();
        }
    }

    @Override
    public synchronized void takeover() throws MoverException {
        this.ip.takeover();
        this.announced();
        this.addService();
    }

    @Override
    public synchronized void takeoverFromMember() throws MoverException {
        this.ip.takeoverFromMember();
        this.announced();
        this.addService();
    }

    @Override
    public void guard(java.util.function.BooleanSupplier mayAct) {
        this.ip.guard(mayAct);
    }

    @Override
    public void limit(java.util.function.LongSupplier holdsUntil) {
        this.ip.limit(holdsUntil);
    }

    @Override
    public void prepareTakeover() {
        this.ip.prepareTakeover();
    }

    @Override
    public void close() {
        this.ip.close();
    }

    /** The director announces before it serves, so its commands keep a fixed order. */
    private void announced() throws MoverException {
        try {
            this.ip.awaitAnnouncements();
        } catch (Exception e) {
            throw new MoverException("announcing " + this.spec.address().host() + " failed: " + e.getMessage(), e);
        }
    }

    private void addService() throws MoverException {
        try {
            this.applied.clear();
            for (int port : this.ports) {
                // A director that crashed may have left the service behind; start from nothing.
                this.runner.execute(List.of(this.ipvsadm, "-D", "-t", this.service(port)));
                this.runner.run(List.of(this.ipvsadm, "-A", "-t", this.service(port), "-s", "rr"));
            }
            this.serving = true;
            this.reconcile();
        } catch (MoverException e) {
            try {
                this.release();
            } catch (MoverException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public synchronized void refresh() throws MoverException {
        this.ip.refresh();
        this.announced();
        this.reconcile();
    }

    /** Removes the services, then the address; the address goes even when ipvsadm fails (never two holders). */
    @Override
    public synchronized void release() throws MoverException {
        this.serving = false;
        this.applied.clear();
        MoverException failure = null;
        for (int port : this.ports) {
            CommandRunner.Result result = this.runner.execute(List.of(this.ipvsadm, "-D", "-t", this.service(port)));
            if (result.exitStatus() != 0 && !result.stderr().contains("No such service") && failure == null) {
                failure = CommandRunner.failed(result);
            }
        }
        try {
            this.ip.release();
        } catch (MoverException e) {
            if (failure != null) {
                e.addSuppressed(failure);
            }
            throw e;
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public boolean isHeld() throws MoverException {
        return this.ip.isHeld();
    }

    /** Removes real servers no longer wanted, then adds the new ones; {@link #applied} follows each success. */
    private void reconcile() throws MoverException {
        if (!this.serving) {
            return;
        }
        Set<Target> target = new LinkedHashSet<>();
        for (InetAddress server : this.wanted) {
            for (int port : this.ports) {
                target.add(new Target(server, port));
            }
        }
        for (Target gone : new ArrayList<>(this.applied)) {
            if (!target.contains(gone)) {
                this.runner.run(List.of(this.ipvsadm, "-d", "-t", this.service(gone.port()), "-r", endpoint(gone.server(), gone.port())));
                this.applied.remove(gone);
            }
        }
        for (Target added : target) {
            if (!this.applied.contains(added)) {
                this.runner.run(List.of(this.ipvsadm, "-a", "-t", this.service(added.port()), "-r", endpoint(added.server(), added.port()),
                        "-g", "-w", "1"));
                this.applied.add(added);
            }
        }
    }

    /** Drops an IPv6 scope id ("%eth0"), which ipvsadm would not accept; never resolves a name. */
    private static InetAddress withoutScope(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private String service(int port) {
        return endpoint(this.spec.address().address(), port);
    }

    /** ipvsadm's form: {@code 198.18.0.100:80}, {@code [fd00::100]:80}. */
    private static String endpoint(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (IpAddresses.isIpv4(address) ? host : "[" + host + "]") + ":" + port;
    }
}
