package dev.havip.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.NAKACK4;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UNICAST4;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.util.Util;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.Quorum;
import dev.havip.cluster.Reachability;
import dev.havip.election.Failback;
import dev.havip.movers.VipSpec;
import dev.havip.net.Cidr;

/**
 * Several ha-vip engines in one JVM, each on its own JGroups channel (SHARED_LOOPBACK), with the
 * protocols of jgroups/ha-vip.xml (failure detection slower, see {@link #newChannel}) and a DISCARD protocol above the transport to
 * cut links. Every mover action lands on one {@link Timeline}. Closing the cluster stops
 * everything, whatever state the test left it in.
 */
final class EngineCluster implements AutoCloseable {

    static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    /** One VIP as every node configures it; priorities come from the cluster's priority function. */
    record VipDef(String name, Failback failback, Duration failbackDelay, Duration refreshInterval) {
        static VipDef auto(String name) {
            return new VipDef(name, Failback.AUTO, Duration.ZERO, Duration.ZERO);
        }

        static VipDef manual(String name) {
            return new VipDef(name, Failback.MANUAL, Duration.ZERO, Duration.ZERO);
        }
    }

    final String clusterName;
    /** Transitions and test steps with node names, shown when a wait times out. */
    private final List<String> notes = new CopyOnWriteArrayList<>();
    final Timeline timeline = new Timeline();
    final List<VipDef> vips;
    /** (node, vip) -> that node's priority for that VIP */
    final BiFunction<String, String, Integer> priority;
    Quorum quorum = Quorum.NONE;
    /** With quorum tie-breaker: how every node probes the tie-breaker (198.18.0.254, never really probed); null: each node's switch. */
    Reachability reachability;
    /** With quorum witness: where every node finds the witness. */
    dev.havip.cluster.WitnessEndpoint witness;
    /** What every node runs before it takes a VIP from a vanished member. */
    Fencer fencer = Fencer.NONE;
    /** For large clusters: a transfer-queue bundler and small thread pools. */
    boolean large;
    private final Map<String, Node> current = new ConcurrentSkipListMap<>();
    private final List<Node> incarnations = new CopyOnWriteArrayList<>();

    EngineCluster(String testName, List<VipDef> vips, BiFunction<String, String, Integer> priority) {
        // at most 64 characters, the witness's rule for names (quorum=witness)
        this.clusterName = "havip-" + testName.substring(0, Math.min(testName.length(), 30)) + "-" + CLUSTERS.incrementAndGet() + "-" + System.nanoTime();
        this.vips = List.copyOf(vips);
        this.priority = priority;
    }

    /** Starts a node (a new incarnation if the name ran before and has crashed or left). */
    Node start(String name) throws Exception {
        return this.start(name, true);
    }

    Node start(String name, boolean ready) throws Exception {
        return this.start(name, ready, node -> { });
    }

    /** @param setup pulls a node's switches before its engine starts */
    Node start(String name, boolean ready, java.util.function.Consumer<Node> setup) throws Exception {
        Node old = this.current.get(name);
        if (old != null && !old.crashed && !old.closed) {
            throw new IllegalStateException(name + " is still running");
        }
        Node node = new Node(name);
        this.incarnations.add(node);
        this.current.put(name, node);
        setup.accept(node);
        node.start(ready);
        return node;
    }

    Node node(String name) {
        Node node = this.current.get(name);
        if (node == null) {
            throw new IllegalArgumentException("no node " + name);
        }
        return node;
    }

    /** Nodes that run (neither crashed nor closed), in name order. */
    List<Node> live() {
        return this.current.values().stream().filter(Node::running).toList();
    }

    List<Node> nodes(String... names) {
        List<Node> result = new ArrayList<>();
        for (String name : names) {
            result.add(this.node(name));
        }
        return result;
    }

    /** Cuts every link between the two groups, both ways. */
    void partition(Collection<Node> a, Collection<Node> b) {
        for (Node x : a) {
            for (Node y : b) {
                x.discard.addIgnoreMember(y.address());
                y.discard.addIgnoreMember(x.address());
            }
        }
    }

    /** Restores every link. */
    void heal() {
        for (Node node : this.live()) {
            node.discard.resetIgnoredMembers();
        }
    }

    /**
     * Waits until the group has converged on one owner of {@code vip}: every node of the group sees
     * exactly the group as members, reports the same owner, only the owner reports held, and the
     * timeline agrees (of the group, only the owner holds the address).
     */
    String awaitOwner(String vip, Collection<Node> group) {
        return this.awaitOwner(vip, group, DEADLINE);
    }

    String awaitOwner(String vip, Collection<Node> group, Duration deadline) {
        return this.awaitOwner(vip, group, null, deadline);
    }

    /** Like {@link #awaitOwner(String, Collection)}, but the agreed owner must be {@code expected}. */
    String awaitOwner(String vip, Collection<Node> group, String expected) {
        return this.awaitOwner(vip, group, expected, DEADLINE);
    }

    String awaitOwner(String vip, Collection<Node> group, String expected, Duration deadline) {
        String[] owner = new String[1];
        this.await("one owner of " + vip + (expected != null ? " (" + expected + ")" : "") + " agreed by " + names(group), deadline, () -> {
            owner[0] = this.agreedOwner(vip, group);
            return owner[0] != null && (expected == null || expected.equals(owner[0]));
        }, group);
        return owner[0];
    }

    /** The agreed owner, or null if the group has not converged. */
    String agreedOwner(String vip, Collection<Node> group) {
        Set<String> names = names(group);
        String owner = null;
        for (Node node : group) {
            if (!node.running() || node.engine.members().size() != group.size() || !names.containsAll(node.engine.members())) {
                return null;
            }
            VipStatus status = node.engine.vip(vip).orElseThrow();
            if (status.owner().isEmpty() || (owner != null && !owner.equals(status.owner().get()))) {
                return null;
            }
            owner = status.owner().get();
        }
        if (owner == null || !names.contains(owner)) {
            return null;
        }
        for (Node node : group) {
            if (node.engine.vip(vip).orElseThrow().held() != node.name.equals(owner)) {
                return null;
            }
        }
        Set<String> holders = this.timeline.holders(vip);
        holders.retainAll(names);
        return holders.equals(Set.of(owner)) ? owner : null;
    }

    /** Waits until no node of the group holds {@code vip} and every node agrees there is no owner. */
    void awaitNobodyHolds(String vip, Collection<Node> group) {
        Set<String> names = names(group);
        this.await("nobody of " + names + " holds " + vip, DEADLINE, () -> {
            Set<String> holders = this.timeline.holders(vip);
            holders.retainAll(names);
            return holders.isEmpty() && group.stream().noneMatch(n -> n.engine.vip(vip).orElseThrow().held());
        }, group);
    }

    void await(String what, Duration deadline, BooleanSupplier condition, Collection<Node> shown) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("timed out after " + deadline.toMillis() + " ms waiting for " + what + "\n" + this.describe(shown));
            }
            sleep(20);
        }
    }

    String describe(Collection<Node> shown) {
        StringBuilder out = new StringBuilder();
        for (Node node : shown) {
            out.append("  ").append(node.name).append(node.crashed ? " (crashed)" : node.closed ? " (closed)" : "");
            if (node.running()) {
                out.append(" members=").append(node.engine.members()).append(" coordinator=").append(node.engine.coordinator().orElse("-"))
                        .append(" quorate=").append(node.engine.quorate());
                for (VipDef vip : this.vips) {
                    node.engine.vip(vip.name()).ifPresent(s -> out.append("\n    ").append(s.vip()).append(": ").append(s.state())
                            .append(" owner=").append(s.owner().orElse("-")).append(" held=").append(s.held())
                            .append(s.pinnedTo().map(p -> " pinned-to=" + p).orElse("")).append(s.lastError().map(e -> " error=" + e).orElse("")));
                }
            }
            out.append('\n');
        }
        out.append("notes:\n");
        this.notes.forEach(n -> out.append("  ").append(n).append('\n'));
        out.append("timeline:\n").append(this.timeline.dump());
        return out.toString();
    }

    /** The timeline and the notes of one VIP only (for large clusters). */
    String describeVip(String vip) {
        StringBuilder out = new StringBuilder("notes about " + vip + ":\n");
        this.notes.stream().filter(n -> n.contains(" " + vip + " ") || !n.contains(" vip-")).forEach(n -> out.append("  ").append(n).append('\n'));
        out.append("timeline of ").append(vip).append(":\n");
        for (Timeline.Event e : this.timeline.events()) {
            if (e.vip().equals(vip)) {
                out.append(String.format("  %8.1f ms  #%-4d %-8s %s%n", this.timeline.millisSinceStart(e.nanos()), e.seq(), e.node(), e.kind()));
            }
        }
        return out.toString();
    }

    void note(String what) {
        this.notes.add(String.format("%8.1f ms  %s", this.timeline.millisSinceStart(System.nanoTime()), what));
    }

    @Override
    public void close() {
        List<Thread> stoppers = new ArrayList<>();
        for (Node node : this.incarnations) {
            Thread stopper = new Thread(node::stopQuietly, "stop-" + node.name);
            stopper.setDaemon(true);
            stopper.start();
            stoppers.add(stopper);
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static Set<String> names(Collection<Node> group) {
        return group.stream().map(n -> n.name).collect(Collectors.toCollection(TreeSet::new));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    JChannel newChannel(DISCARD discard) throws Exception {
        SHARED_LOOPBACK transport = new SHARED_LOOPBACK();
        if (this.large) {
            // transfer-queue threw ConcurrentModificationExceptions in BaseBundler (and corrupted a message)
            // with 100 shared-loopback members; no-bundler sends on the caller's thread, no extra threads
            transport.setBundlerType("no-bundler");
            transport.getThreadPool().setMinThreads(0).setMaxThreads(8).setKeepAliveTime(5000);
        } else {
            transport.getThreadPool().setMinThreads(0).setMaxThreads(20).setKeepAliveTime(5000);
        }
        // the ha-vip.xml protocols, minus TCP/TCPPING/FD_SOCK2 (one JVM, shared loopback); FD_ALL3 100/500 ms and
        // VERIFY_SUSPECT2 100 ms instead of the product's 50/200/50: up to 100 members share one JVM on 2 cores here
        return new JChannel(transport, discard, new SHARED_LOOPBACK_PING(),
                new MERGE3().setMinInterval(1000).setMaxInterval(3000),
                new FD_ALL3().setTimeout(500).setInterval(100),
                new VERIFY_SUSPECT2().setTimeout(100),
                new NAKACK4(), new UNICAST4(),
                new GMS().setJoinTimeout(500).printLocalAddress(false),
                new FRAG4());
    }

    static VipSpec spec(VipDef vip, int index) {
        return new VipSpec(vip.name(), Cidr.parse("198.18.0." + (100 + index) + "/24"), "eth0", VipSpec.Method.NONE, 1,
                Duration.ofMillis(100), vip.refreshInterval(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** One incarnation of a node: channel, engine, movers, and the switches a test pulls. */
    final class Node {
        final String name;
        final DISCARD discard = new DISCARD();
        final Map<String, RecordingMover> movers = new ConcurrentHashMap<>();
        /** Takeovers that fail (like an ip command without the right) before one succeeds. */
        final java.util.concurrent.atomic.AtomicInteger failingTakeovers = new java.util.concurrent.atomic.AtomicInteger();
        /** Takeovers that throw a RuntimeException (a bug in a mover) before one succeeds. */
        final AtomicInteger brokenTakeovers = new AtomicInteger();
        /** A takeover that probes for a foreign host first (arping -D) waits this long. */
        volatile long duplicateProbeMillis;
        /** With quorum tie-breaker: whether this node reaches the tie-breaker. */
        volatile boolean tieBreakerReachable = true;
        /** This node's JGroups address (a UUID with this number), to decide who coordinates after a merge (the lowest); null: random. */
        Long uuid;
        /** Above every reliable protocol: loses or refuses this node's next state messages. */
        final StateDropper dropper = new StateDropper();
        /** VIPs whose address is already on the interface when this node starts. */
        final Set<String> staleAtStart = ConcurrentHashMap.newKeySet();
        /** Its movers are LVS directors (method=ipvs). */
        volatile boolean director;
        /** Added to this node's pause clock: jumping it is how a test makes the JVM "have been paused". */
        final AtomicLong clockOffset = new AtomicLong();
        volatile boolean crashed;
        volatile boolean closed;
        /** A takeover first waits this long (a duplicate-address probe), then adds the address. */
        volatile long takeoverProbeMillis;
        final CountDownLatch takeoverStarted = new CountDownLatch(1);
        volatile long startedNanos;
        volatile long crashedNanos;
        JChannel channel;
        HaVipEngine engine;
        private volatile CountDownLatch freeze;
        private volatile boolean frozenInside;

        Node(String name) {
            this.name = name;
        }

        boolean running() {
            return !this.crashed && !this.closed && this.engine != null;
        }

        Address address() {
            return this.channel.getAddress();
        }

        VipStatus vip(String vip) {
            return this.engine.vip(vip).orElseThrow();
        }

        void start(boolean ready) throws Exception {
            this.channel = EngineCluster.this.newChannel(this.discard);
            if (this.dropper.watching) {
                this.channel.getProtocolStack().addProtocol(this.dropper);
            }
            if (this.uuid != null) {
                this.channel.addAddressGenerator(new org.jgroups.util.OneTimeAddressGenerator(this.uuid));
            }
            Optional<java.net.InetAddress> tieBreaker = EngineCluster.this.quorum == Quorum.TIE_BREAKER
                    ? Optional.of(java.net.InetAddress.getByAddress(new byte[] {(byte) 198, 18, 0, (byte) 254})) : Optional.empty();
            EngineConfig config = new EngineConfig(this.name, 100, EngineCluster.this.quorum, tieBreaker, Optional.empty(), false,
                    Optional.ofNullable(EngineCluster.this.witness));
            ClusterMember member = new ClusterMember(this.channel, this.name, EngineCluster.this.clusterName);
            this.engine = new HaVipEngine(config, member,
                    spec -> this.movers.computeIfAbsent(spec.name(),
                            vip -> this.director
                                    ? new RecordingDirector(this.name, vip, EngineCluster.this.timeline, () -> this.crashed, this)
                                    : new RecordingMover(this.name, vip, EngineCluster.this.timeline, () -> this.crashed, this)),
                    this::health, EngineCluster.this.fencer,
                    EngineCluster.this.reachability != null ? EngineCluster.this.reachability : (address, timeout) -> this.tieBreakerReachable);
            this.engine.pauseClock = () -> System.nanoTime() + this.clockOffset.get();
            this.engine.addTransitionListener(t -> EngineCluster.this.note(this.name + " " + t.vip() + " " + t.from() + "->" + t.to() + " (" + t.reason() + ")"));
            if (!ready) {
                this.engine.setReady(false);
            }
            List<VipConfig> configs = new ArrayList<>();
            for (int i = 0; i < EngineCluster.this.vips.size(); i++) {
                configs.add(this.config(EngineCluster.this.vips.get(i), i));
            }
            this.startedNanos = System.nanoTime();
            EngineCluster.this.note(this.name + " starting");
            this.engine.start(configs);
            EngineCluster.this.note(this.name + " started, view " + this.engine.members());
        }

        /** This node's configuration of a VIP (its priority from the cluster's priority function). */
        VipConfig config(VipDef vip, int index) {
            return new VipConfig(spec(vip, index), OptionalInt.of(EngineCluster.this.priority.apply(this.name, vip.name())),
                    vip.failback(), vip.failbackDelay(), List.of());
        }

        /** kill -9: the address dies with the machine, no release, no leave message, no engine thread acts again. */
        void crash() throws Exception {
            this.crashedNanos = System.nanoTime();
            EngineCluster.this.note(this.name + " crashes");
            this.crashed = true;
            this.movers.values().forEach(RecordingMover::crash);
            this.engine.halt();
            Util.shutdown(this.channel);
        }

        /** Graceful shutdown: hands every VIP over, then leaves. */
        void close() {
            this.engine.close();
            this.closed = true;
        }

        /**
         * SIGSTOP, as far as one JVM allows: the engine's decision thread stops (it blocks in the
         * health check it calls on every pass), the channel goes silent both ways and stops
         * suspecting anyone, so this node keeps its old view as a stopped process would.
         */
        void freeze() {
            this.freeze = new CountDownLatch(1);
            EngineCluster.this.await(this.name + "'s engine to stop", DEADLINE, () -> this.frozenInside, List.of());
            this.discard.discardAll(true);
            FD_ALL3 fd = this.channel.getProtocolStack().findProtocol(FD_ALL3.class);
            fd.stopFailureDetection();
        }

        /**
         * SIGCONT after {@code pausedMillis}: the clock jumps, every thread runs again, the links come
         * back. Which of the engine's threads runs first is up to the scheduler: with
         * {@code tickerFirst} the pause detector has noticed the pause and dropped the addresses
         * before the decision thread goes on with the pass it was stopped in.
         */
        long resume(long pausedMillis, boolean tickerFirst) {
            FD_ALL3 fd = this.channel.getProtocolStack().findProtocol(FD_ALL3.class);
            if (tickerFirst) {
                fd.startFailureDetection();
                this.discard.discardAll(false);
            }
            this.clockOffset.addAndGet(TimeUnit.MILLISECONDS.toNanos(pausedMillis));
            long resumed = System.nanoTime();
            if (tickerFirst) {
                EngineCluster.this.await(this.name + "'s pause detector to drop the addresses", DEADLINE,
                        () -> EngineCluster.this.timeline.heldBy(this.name).isEmpty(), List.of(this));
            }
            CountDownLatch latch = this.freeze;
            this.freeze = null;
            if (latch != null) {
                latch.countDown();
            }
            if (!tickerFirst) {
                fd.startFailureDetection();
                this.discard.discardAll(false);
            }
            return resumed;
        }

        private boolean health(String vip, List<String> checks) {
            CountDownLatch latch = this.freeze;
            if (latch != null) {
                this.frozenInside = true;
                try {
                    latch.await(60, TimeUnit.SECONDS); // bounded: a broken test must not hang the build
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    this.frozenInside = false;
                }
            }
            return true;
        }

        void stopQuietly() {
            CountDownLatch latch = this.freeze;
            if (latch != null) {
                latch.countDown();
            }
            try {
                if (this.engine != null) {
                    this.engine.halt();
                }
            } catch (Throwable ignored) {
                // best effort
            }
            try {
                if (this.channel != null) {
                    this.channel.close();
                }
            } catch (Throwable ignored) {
                // best effort
            }
        }

        @Override
        public String toString() {
            return this.name;
        }
    }
}
