package dev.havip.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jgroups.Address;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.ClusterView;
import dev.havip.cluster.NodeState;
import dev.havip.cluster.PauseDetector;
import dev.havip.cluster.VipAdvert;
import dev.havip.election.Failback;
import dev.havip.logging.HaVipLogger;
import dev.havip.movers.Director;
import dev.havip.movers.Mover;
import dev.havip.movers.Movers;
import dev.havip.movers.VipSpec;

/**
 * The loop that joins the three parts: what the cluster reports (views, peers' states) goes into
 * the election, the election's verdict becomes local actions, and the movers carry them out.
 * Every decision runs on one thread, so the state it works on needs no locks; movers run on
 * their own threads and report back to it. Nothing here knows about WildFly.
 */
public final class HaVipEngine implements ClusterMember.Listener, AutoCloseable {

    /** Whether all named health checks are UP on this node. */
    @FunctionalInterface
    public interface Health {
        boolean allUp(List<String> checks);
    }

    /** How many transitions {@link #history(int)} keeps. */
    public static final int HISTORY_CAPACITY = History.CAPACITY;

    static final long TICK_MS = 100;
    static final long TABLE_RESEND_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    static final long OPERATION_TIMEOUT_S = 10;
    static final long SHUTDOWN_RELEASE_TIMEOUT_MS = 10_000;

    private final EngineConfig config;
    private final ClusterMember member;
    private final Function<VipSpec, Mover> movers;
    private final Health health;
    private final Fencer fencer;
    private final ScheduledExecutorService decisions;
    private final ExecutorService moverThreads;
    private final Map<String, VipRuntime> vips = new ConcurrentSkipListMap<>();
    private final Map<Address, NodeState> peers = new ConcurrentHashMap<>();
    private final History history = new History();
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean reconcilePending = new AtomicBoolean();
    private final QuorumGate quorum;
    private volatile PauseDetector pauses;
    private volatile boolean maintenance;
    private volatile boolean ready = true;
    private volatile boolean leaving;
    private volatile boolean rejoining;
    private volatile boolean closed;
    /** Bumped by a pause: mover results started before it are stale. */
    private volatile long generation;
    private final Coordinator coordinator;
    /** Members of the previous view (JGroups thread only). */
    private volatile List<Address> lastViewMembers = List.of();
    /** The newest assignment table received, and from whom: only the current coordinator's table is acted on. */
    private ClusterMessage.Table table = new ClusterMessage.Table("", 0, new TreeMap<>());
    private Address tableFrom;
    private long tableSentNanos;
    /** When this node last entered a view (after connecting or rejoining); a lone member waits for discovery before assigning. */
    private long joinedNanos;
    private boolean connectedBefore;
    /** Discovery found the others at least once since this node (re)joined: being alone now is a real loss, not a slow start. */
    private boolean sawPeers;
    private boolean wasQuorate = true;
    /** A merge happened: the coordinator resynchronizes before it assigns anything new. */
    private boolean merged;
    private NodeState lastPublished;
    private boolean forcePublish;
    /** The pause generation the current decision pass started in: its decisions are void after a pause. */
    private long decidedIn;
    /** Test hook: the clock the pause detector reads; set before {@link #start}. */
    volatile java.util.function.LongSupplier pauseClock = System::nanoTime;

    public HaVipEngine(EngineConfig config, ClusterMember member, Function<VipSpec, Mover> movers, Health health, Fencer fencer) {
        this.config = config;
        this.member = member;
        this.movers = movers;
        this.health = health;
        this.fencer = fencer;
        this.maintenance = config.maintenance();
        this.decisions = Executors.newSingleThreadScheduledExecutor(daemon("ha-vip-engine-" + config.nodeName()));
        this.moverThreads = Executors.newCachedThreadPool(daemon("ha-vip-mover-" + config.nodeName()));
        this.quorum = new QuorumGate(config.quorum(), config.tieBreaker(), this::requestReconcile);
        this.coordinator = new Coordinator(config.nodeName());
    }

    /** Removes stale addresses of the given VIPs, joins the cluster and starts deciding. */
    public void start(Collection<VipConfig> initial) throws Exception {
        for (VipConfig vip : initial) {
            this.vips.put(vip.name(), this.newRuntime(vip, true));
        }
        // before connecting: the first view already starts mover tasks, and they consult the detector
        this.pauses = new PauseDetector(this.member.failureTimeoutMillis(), this::paused, this.pauseClock).start();
        this.member.connect(this);
        this.decisions.scheduleWithFixedDelay(this::reconcile, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        this.requestReconcile();
    }

    /** Planned leave: hands every held VIP over (release first, then tell the peers) before leaving the cluster. */
    @Override
    public void close() {
        this.leaving = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_RELEASE_TIMEOUT_MS);
        try {
            while (System.nanoTime() < deadline && this.call(this::holdsOrMoves)) {
                this.requestReconcile();
                Thread.sleep(20);
            }
        } catch (Exception e) {
            HaVipLogger.ROOT_LOGGER.shutdownRelease(e.toString());
        }
        this.closed = true;
        this.decisions.shutdownNow();
        if (this.pauses != null) {
            this.pauses.close();
        }
        this.quorum.close();
        this.member.close();
        // whatever is still held now (release failed or timed out) is removed one last time
        for (VipRuntime vip : this.vips.values()) {
            releaseQuietly(vip);
        }
        this.moverThreads.shutdownNow();
    }

    /**
     * Test hook: stops every thread of this engine at once, as a crash of the process would,
     * without releasing, publishing or leaving. The caller shuts the channel down.
     */
    void halt() {
        this.closed = true;
        this.decisions.shutdownNow();
        if (this.pauses != null) {
            this.pauses.close();
        }
        this.quorum.close();
        this.moverThreads.shutdownNow();
    }

    // ---- management API (any thread) ----

    public String nodeName() {
        return this.config.nodeName();
    }

    public List<String> members() {
        return this.member.view().members().stream().map(this::nameOf).toList();
    }

    public Optional<String> coordinator() {
        return Optional.ofNullable(this.member.view().coordinator()).map(this::nameOf);
    }

    public Optional<String> viewId() {
        return Optional.ofNullable(this.member.view().id());
    }

    public boolean quorate() {
        return this.quorum.quorate();
    }

    public boolean maintenance() {
        return this.maintenance;
    }

    public Optional<VipStatus> vip(String name) {
        return Optional.ofNullable(this.vips.get(name)).map(VipRuntime::status);
    }

    /** Newest first: VIP state changes and health-check verdicts on this node. */
    public List<HistoryEntry> history(int limit) {
        return this.history.latest(limit);
    }

    /** Records a health check's change of verdict (the engine hears of it through {@link #healthChanged()} too). */
    public void healthTransition(String check, String from, String to, String reason) {
        this.history.add(new HealthTransition(Instant.now(), check, from, to, reason, this.config.nodeName()));
    }

    public void addTransitionListener(Consumer<Transition> listener) {
        this.listeners.add(listener);
    }

    public void removeTransitionListener(Consumer<Transition> listener) {
        this.listeners.remove(listener);
    }

    public void setMaintenance(boolean maintenance) {
        this.maintenance = maintenance;
        this.requestReconcile();
    }

    /** The server finished booting (or stopped being ready); a node that is not ready holds no VIP. */
    public void setReady(boolean ready) {
        this.ready = ready;
        this.requestReconcile();
    }

    public void healthChanged() {
        this.requestReconcile();
    }

    /** Starts managing the VIP; a VIP of the same name that still runs (a restart under way) is replaced. */
    public VipHandle addVip(VipConfig vip) throws Exception {
        VipRuntime replaced = this.call(() -> this.vips.remove(vip.name()));
        if (replaced != null) {
            releaseQuietly(replaced);
        }
        return this.call(() -> {
            VipRuntime runtime = this.newRuntime(vip, true);
            this.vips.put(vip.name(), runtime);
            this.reconcile();
            return runtime;
        });
    }

    /** Stops managing the VIP; the address is removed if this node held it. */
    public void removeVip(String name) throws Exception {
        VipRuntime vip = this.vips.get(name);
        if (vip != null) {
            this.removeVip(vip);
        }
    }

    /** Stops managing exactly this incarnation of the VIP, if it still runs. */
    public void removeVip(VipHandle handle) throws Exception {
        boolean removed = this.call(() -> this.vips.remove(handle.name(), handle));
        if (removed) {
            releaseQuietly((VipRuntime) handle);
            this.requestReconcile();
        }
    }

    /** Pins the VIP to this node (operator's takeover). */
    public void takeover(String vip) throws Exception {
        this.call(() -> {
            VipRuntime runtime = this.runtime(vip);
            if (!runtime.advert(this.nodeEligible() && this.quorum.quorate(), System.nanoTime()).eligible()) {
                throw new IllegalStateException(HaVipLogger.ROOT_LOGGER.notEligible(this.config.nodeName(), vip, this.whyIneligible(runtime)));
            }
            runtime.pinEpoch = this.newestPin(vip) + 1;
            this.reconcile();
            return null;
        });
    }

    /** Pins the VIP to {@code node}, which must be a member that is eligible for it. */
    public void move(String vip, String node) throws Exception {
        if (node.equals(this.config.nodeName())) {
            this.takeover(vip);
            return;
        }
        this.call(() -> {
            this.runtime(vip);
            VipAdvert advert = this.peerAdverts(vip).get(node);
            if (advert == null) {
                throw new IllegalStateException(HaVipLogger.ROOT_LOGGER.notAMember(node, vip, this.members()));
            }
            if (!advert.eligible()) {
                throw new IllegalStateException(HaVipLogger.ROOT_LOGGER.notEligible(node, vip, "it reports itself ineligible"));
            }
            this.member.send(new ClusterMessage.Pin(vip, node, this.newestPin(vip) + 1));
            return null;
        });
    }

    /** Hands the VIP to the best other eligible member and pins it there. */
    public void release(String vip) throws Exception {
        String next = this.call(() -> {
            this.runtime(vip);
            return this.peerAdverts(vip).entrySet().stream()
                    .filter(e -> e.getValue().eligible())
                    .sorted((a, b) -> a.getValue().priority() != b.getValue().priority()
                            ? Integer.compare(b.getValue().priority(), a.getValue().priority()) : a.getKey().compareTo(b.getKey()))
                    .map(Map.Entry::getKey).findFirst()
                    .orElseThrow(() -> new IllegalStateException(HaVipLogger.ROOT_LOGGER.noOtherEligible(vip)));
        });
        this.move(vip, next);
    }

    /** Drops an operator's pin of the VIP on every node. */
    public void clear(String vip) throws Exception {
        this.call(() -> this.runtime(vip));
        this.member.send(new ClusterMessage.ClearPin(vip));
    }

    // ---- cluster callbacks (JGroups threads) ----

    @Override
    public void viewChanged(ClusterView view) {
        List<NodeState> gone = new ArrayList<>();
        this.peers.entrySet().removeIf(e -> !view.contains(e.getKey()) && gone.add(e.getValue()));
        java.util.Set<Address> previous = new java.util.HashSet<>(this.lastViewMembers);
        this.lastViewMembers = view.members();
        // members that only left need nothing from us; a newcomer needs everyone's state, and so does the
        // coordinator after a merge (it dropped the states of the members it had excluded)
        boolean newcomers = !previous.containsAll(view.members()) || view.merge();
        this.execute(() -> {
            HaVipLogger.ROOT_LOGGER.view(view.id(), this.members());
            this.merged |= view.merge();
            this.quorum.viewChanged(view.members().size());
            for (NodeState state : gone) {
                state.vips().forEach((name, advert) -> {
                    VipRuntime vip = this.vips.get(name);
                    if (vip != null && advert.held()) {
                        vip.vanishedHolder = state.node();
                    }
                });
            }
            this.forcePublish |= newcomers;
            this.reconcile();
        });
    }

    @Override
    public void received(Address sender, ClusterMessage message) {
        if (message instanceof ClusterMessage.State state) {
            // kept even when the sender is not in our view yet: a joiner can get a member's state
            // before its own first view, and nobody re-sends it; readers filter by the view
            if (!sender.equals(this.member.localAddress())) {
                NodeState before = this.peers.put(sender, state.state());
                if (before != null) {
                    this.announceWhereReleased(before, state.state());
                }
                this.requestReconcile();
            }
        } else if (message instanceof ClusterMessage.Table newTable) {
            this.execute(() -> {
                if (sender.equals(this.member.view().coordinator()) && (!sender.equals(this.tableFrom) || newTable.epoch() > this.table.epoch())) {
                    this.table = newTable;
                    this.tableFrom = sender;
                    this.reconcile();
                }
            });
        } else if (message instanceof ClusterMessage.Pin pin) {
            this.execute(() -> {
                VipRuntime vip = this.vips.get(pin.vip());
                if (vip != null && pin.node().equals(this.config.nodeName()) && pin.epoch() > vip.pinEpoch) {
                    vip.pinEpoch = pin.epoch();
                }
                this.reconcile();
            });
        } else if (message instanceof ClusterMessage.ClearPin clear) {
            this.execute(() -> {
                VipRuntime vip = this.vips.get(clear.vip());
                if (vip != null) {
                    vip.pinEpoch = 0;
                }
                this.reconcile();
            });
        }
    }

    // ---- the decision loop (decision thread only) ----

    private void requestReconcile() {
        if (!this.closed && this.reconcilePending.compareAndSet(false, true)) {
            this.execute(() -> {
                this.reconcilePending.set(false);
                this.reconcile();
            });
        }
    }

    private void reconcile() {
        if (this.closed) {
            return;
        }
        this.decidedIn = this.generation;
        long now = System.nanoTime();
        ClusterView view = this.member.view();
        boolean connected = view.contains(this.member.localAddress());
        if (connected && !this.connectedBefore) {
            this.joinedNanos = now;
            this.sawPeers = false;
        }
        this.connectedBefore = connected;
        boolean quorate = this.quorum.quorate();
        if (connected && quorate && !this.wasQuorate && view.members().size() == 1) {
            // back from isolation (e.g. the tie-breaker is reachable again) but still alone: the other side may
            // hold our VIPs; wait for discovery and the merge as a node that just started would
            this.joinedNanos = now;
            this.sawPeers = false;
        }
        this.wasQuorate = quorate;
        this.sawPeers |= view.members().size() > 1;
        boolean mayHold = connected && this.quorum.quorate() && !this.rejoining && !this.leaving
                && (this.pauses == null || !this.pauses.suspectsPause());
        // without quorum this node is not eligible either, so its coordinator (maybe itself, alone) revokes its
        // assignments instead of keeping them for the moment quorum comes back
        boolean nodeEligible = this.nodeEligible() && quorate;

        Map<String, Map<String, VipAdvert>> peerAdverts = this.peerAdverts(view);
        SortedMap<String, VipAdvert> adverts = new TreeMap<>();
        for (VipRuntime vip : this.vips.values()) {
            vip.healthy = this.health.allUp(vip.config.healthChecks());
            VipAdvert self = vip.advert(nodeEligible, now);
            long newestOther = peerAdverts.getOrDefault(vip.name(), Map.of()).values().stream().mapToLong(VipAdvert::pinEpoch).max().orElse(0);
            if (vip.pinEpoch > 0 && newestOther > vip.pinEpoch) {
                vip.pinEpoch = 0; // a newer pin elsewhere supersedes ours
                self = vip.advert(nodeEligible, now);
            }
            adverts.put(vip.name(), self);
        }
        if (connected) {
            this.coordinate(view, adverts, now);
        } else {
            this.coordinator.stop();
        }
        boolean tableCurrent = this.tableFrom != null && this.tableFrom.equals(view.coordinator());
        for (VipRuntime vip : this.vips.values()) {
            String owner = this.table.owners().get(vip.name());
            this.updateOwner(vip, tableCurrent ? owner : vip.owner);
            if (connected) {
                boolean assignedHere = tableCurrent && this.config.nodeName().equals(owner);
                this.act(vip, assignedHere, tableCurrent, mayHold && adverts.get(vip.name()).eligible(), now);
                if (vip.held && !vip.busy && vip.mover instanceof Director director) {
                    this.direct(vip, director, view, adverts.get(vip.name()));
                }
            }
            this.updateState(vip, connected);
            vip.snapshot(this.pinnedTo(vip, peerAdverts.getOrDefault(vip.name(), Map.of())));
        }
        NodeState state = new NodeState(this.config.nodeName(), this.member.bindAddress(), this.maintenance, this.table.coordinator(), this.table.epoch(),
                this.advertsNow(nodeEligible, now));
        if (connected && (this.forcePublish || !state.equals(this.lastPublished))) {
            this.member.send(new ClusterMessage.State(state));
            this.lastPublished = state;
            this.forcePublish = false;
        }
    }

    /** The coordinator's part: decide, and publish (and apply) a new assignment table when it changed. */
    private void coordinate(ClusterView view, SortedMap<String, VipAdvert> adverts, long now) {
        if (!this.member.localAddress().equals(view.coordinator())) {
            this.coordinator.stop();
            return;
        }
        Map<String, NodeState> members = new TreeMap<>();
        for (Address address : view.members()) {
            NodeState state = address.equals(this.member.localAddress())
                    ? new NodeState(this.config.nodeName(), this.member.bindAddress(), this.maintenance, this.table.coordinator(), this.table.epoch(), adverts)
                    : this.peers.get(address);
            if (state == null) {
                return; // a member's state has not arrived yet: decide with everyone's, or not at all
            }
            members.put(state.node(), state);
        }
        Map<String, Failback> failbacks = new TreeMap<>();
        members.values().forEach(state -> state.vips().keySet().forEach(vip -> failbacks.put(vip, Failback.AUTO)));
        this.vips.values().forEach(vip -> failbacks.put(vip.name(), vip.config.failback()));
        boolean alone = members.size() == 1 && !this.sawPeers
                && now - this.joinedNanos < TimeUnit.MILLISECONDS.toNanos(this.member.discoveryGraceMillis());
        Optional<ClusterMessage.Table> next;
        if (!this.coordinator.active() || this.merged) {
            this.merged = false;
            ClusterMessage.Table begun = this.coordinator.begin(members, failbacks);
            // this node acknowledges its own table at once; alone, it can decide in the same pass
            members.put(this.config.nodeName(), new NodeState(this.config.nodeName(), this.member.bindAddress(), this.maintenance, begun.coordinator(), begun.epoch(), adverts));
            next = this.coordinator.decide(members, failbacks, !alone).or(() -> Optional.of(begun));
        } else {
            next = this.coordinator.decide(members, failbacks, !alone);
        }
        // a member behind the current epoch may have got the table before its first view and dropped it
        boolean lagging = members.values().stream().anyMatch(this.coordinator::lagging);
        if (next.isPresent() || this.forcePublish || (lagging && now - this.tableSentNanos > TABLE_RESEND_NANOS)) {
            ClusterMessage.Table table = next.orElseGet(this.coordinator::current);
            this.table = table;
            this.tableFrom = this.member.localAddress();
            this.member.send(table);
            this.tableSentNanos = now;
        }
    }

    /** An LVS director sends the VIP's traffic to the members that are eligible for it now, this one included. */
    private void direct(VipRuntime vip, Director director, ClusterView view, VipAdvert own) {
        List<String> servers = new ArrayList<>();
        if (own.eligible()) {
            servers.add(this.member.bindAddress());
        }
        for (Address address : view.members()) {
            NodeState state = this.peers.get(address);
            VipAdvert advert = state != null ? state.vips().get(vip.name()) : null;
            if (advert != null && advert.eligible()) {
                servers.add(state.address());
            }
        }
        servers.removeIf(String::isEmpty);
        java.util.Collections.sort(servers);
        if (!servers.equals(vip.realServers)) {
            vip.realServers = servers;
            List<java.net.InetAddress> addresses = new ArrayList<>();
            for (String server : servers) {
                try {
                    java.net.InetAddress address = dev.havip.net.IpAddresses.parseLiteral(server);
                    // direct routing needs a member address of the VIP's own family
                    if (dev.havip.net.IpAddresses.isIpv4(address) == vip.config.spec().address().isIpv4()) {
                        addresses.add(address);
                    }
                } catch (IllegalArgumentException e) {
                    HaVipLogger.ROOT_LOGGER.moverFailed("real servers", vip.name(), e.getMessage());
                }
            }
            this.runMover(vip, "real servers", () -> director.setRealServers(addresses), true);
        }
    }

    /** Adverts as they are after this pass's actions (a takeover just started shows as held). */
    private SortedMap<String, VipAdvert> advertsNow(boolean nodeEligible, long now) {
        SortedMap<String, VipAdvert> adverts = new TreeMap<>();
        for (VipRuntime vip : this.vips.values()) {
            adverts.put(vip.name(), vip.advert(nodeEligible, now));
        }
        return adverts;
    }

    /**
     * This node's part for one VIP: hold it exactly when the current coordinator assigned it here and
     * this node may hold it. A node that is not (or no longer) allowed to hold releases at once; a
     * pending coordinator change keeps what is held but takes nothing new.
     */
    private void act(VipRuntime vip, boolean assignedHere, boolean tableCurrent, boolean canHold, long now) {
        if (vip.busy) {
            return;
        }
        if (vip.held) {
            if (!canHold || (tableCurrent && !assignedHere)) {
                this.runMover(vip, "release", vip.mover::release, false);
            } else {
                long refresh = vip.config.spec().garpRefreshInterval().toNanos();
                if (vip.announceNow || (refresh > 0 && now - vip.lastRefreshNanos >= refresh)) {
                    vip.announceNow = false;
                    vip.lastRefreshNanos = now;
                    this.runMover(vip, "refresh", vip.mover::refresh, true);
                }
            }
        } else if (assignedHere && canHold) {
            vip.taking = true;
            String vanished = vip.vanishedHolder;
            // after another member held it, whoever still answers for the address is that member: the owner before
            // us in the tables, or a member whose last state said it held the address when it vanished (a table
            // naming it may never have reached us, e.g. it took the VIP just before it crashed)
            boolean fromMember = vanished != null || (vip.previousOwner != null && !vip.previousOwner.equals(this.config.nodeName()));
            this.runMover(vip, "takeover", () -> {
                if (vanished != null) {
                    this.fencer.fence(vanished, vip.name());
                }
                if (fromMember) {
                    vip.mover.takeoverFromMember();
                } else {
                    vip.mover.takeover();
                }
            }, true);
        }
    }

    /**
     * A peer stopped holding a VIP that we hold (two holders after a partition, resolved by the merge): clients
     * that followed the peer's announcements now send to an address it no longer has, so we announce at once
     * instead of at the next refresh.
     */
    private void announceWhereReleased(NodeState before, NodeState after) {
        before.vips().forEach((name, advert) -> {
            VipAdvert now = after.vips().get(name);
            if (advert.held() && (now == null || !now.held())) {
                this.execute(() -> {
                    VipRuntime vip = this.vips.get(name);
                    if (vip != null && vip.held) {
                        vip.announceNow = true;
                        this.reconcile();
                    }
                });
            }
        });
    }

    /** Runs a mover operation off the decision thread; its outcome comes back to the decision thread. */
    private void runMover(VipRuntime vip, String what, MoverTask task, boolean holdsAfter) {
        vip.busy = true;
        long startedIn = this.decidedIn;
        this.moverThreads.execute(() -> {
            // decided before a pause was handled: adding or announcing now would undo the drop
            if (holdsAfter && (this.pauses.suspectsPause() || this.rejoining || startedIn != this.generation)) {
                this.execute(() -> {
                    vip.busy = false;
                    vip.taking = false;
                    this.reconcile();
                });
                return;
            }
            String error = null;
            try {
                task.run();
            } catch (Exception e) {
                error = e.getMessage() != null ? e.getMessage() : e.toString();
            }
            String failure = error;
            this.execute(() -> this.moverDone(vip, what, holdsAfter, failure, startedIn));
        });
    }

    private void moverDone(VipRuntime vip, String what, boolean holdsAfter, String error, long startedIn) {
        vip.busy = false;
        vip.taking = false;
        if (this.vips.get(vip.name()) != vip) {
            // removeVip ran meanwhile: whatever this added must go again
            if (holdsAfter && error == null) {
                releaseQuietly(vip);
            }
            return;
        }
        long now = System.nanoTime();
        if (error != null) {
            HaVipLogger.ROOT_LOGGER.moverFailed(what, vip.name(), error);
            vip.faulted(what + " failed: " + error, now);
        } else {
            vip.succeeded();
            vip.held = holdsAfter;
            if (!holdsAfter) {
                vip.realServers = List.of(); // the next takeover sets up the LVS service from scratch
            }
            if (holdsAfter) {
                vip.vanishedHolder = null;
                vip.lastRefreshNanos = now;
            }
        }
        if (vip.held && startedIn != this.generation) {
            // a pause happened while the address was being added: drop it again
            this.runMover(vip, "release", vip.mover::release, false);
        }
        this.reconcile();
    }

    private void updateOwner(VipRuntime vip, String owner) {
        if (owner != null && !owner.equals(vip.lastOwner)) {
            if (vip.lastOwner != null) {
                vip.failoverCount++;
            }
            vip.previousOwner = vip.lastOwner;
            vip.lastOwner = owner;
        }
        vip.owner = owner;
    }

    private void updateState(VipRuntime vip, boolean connected) {
        VipState next = !connected ? VipState.INIT
                : this.maintenance ? VipState.MAINTENANCE
                : vip.fault ? VipState.FAULT
                : vip.held ? VipState.MASTER
                : VipState.BACKUP;
        if (next != vip.state) {
            String reason = switch (next) {
                case INIT -> this.rejoining ? "rejoining the cluster" : "not in a cluster view";
                case MAINTENANCE -> "maintenance";
                case FAULT -> vip.lastError;
                case MASTER -> "assigned to this node by the coordinator";
                default -> vip.owner != null ? "owner " + vip.owner : "no owner";
            };
            Transition transition = new Transition(Instant.now(), vip.name(), vip.state, next, reason, this.config.nodeName());
            vip.state = next;
            vip.lastTransition = transition.time();
            this.history.add(transition);
            HaVipLogger.ROOT_LOGGER.transition(vip.name(), transition.from().name(), next.name(), reason);
            this.listeners.forEach(l -> l.accept(transition));
        }
    }

    // ---- pause handling (pause-detector thread) ----

    private void paused(long millis) {
        if (this.member.view().members().size() <= 1) {
            // alone in the view: no member could have declared us dead and taken over meanwhile
            HaVipLogger.ROOT_LOGGER.pausedAlone(millis);
            return;
        }
        this.generation++;
        this.rejoining = true;
        HaVipLogger.ROOT_LOGGER.paused(millis);
        // what the peers told us before the pause is stale; after the rejoin every member re-publishes
        this.peers.clear();
        // first drop every address, on this thread, before anything else acts on the stale view
        for (VipRuntime vip : this.vips.values()) {
            releaseQuietly(vip);
        }
        this.execute(() -> {
            // the assignments known before the pause are stale too: only a table received after the rejoin counts
            this.table = new ClusterMessage.Table("", 0, new TreeMap<>());
            this.tableFrom = null;
            this.vips.values().forEach(vip -> vip.held = false);
            this.reconcile();
        });
        Thread rejoin = new Thread(() -> {
            try {
                this.member.rejoin();
            } catch (Exception e) {
                HaVipLogger.ROOT_LOGGER.rejoinFailed(e.toString());
            } finally {
                this.rejoining = false;
                this.forcePublishLater();
            }
        }, "ha-vip-rejoin");
        rejoin.setDaemon(true);
        rejoin.start();
    }

    private void forcePublishLater() {
        this.execute(() -> {
            this.forcePublish = true;
            this.reconcile();
        });
    }

    // ---- helpers ----

    private boolean nodeEligible() {
        return this.ready && !this.maintenance && !this.leaving && !this.rejoining;
    }

    private String whyIneligible(VipRuntime vip) {
        return !this.ready ? "the server is not ready" : this.maintenance ? "it is in maintenance"
                : this.leaving ? "it is shutting down" : this.rejoining ? "it is rejoining the cluster"
                : vip.fault ? "the VIP is in FAULT: " + vip.lastError : !vip.healthy ? "a health check is not UP"
                : !this.quorum.quorate() ? "its partition has no quorum" : "unknown";
    }

    private boolean holdsOrMoves() {
        return this.vips.values().stream().anyMatch(vip -> vip.held || vip.busy);
    }

    private VipRuntime newRuntime(VipConfig config, boolean removeStale) {
        Mover mover;
        try {
            mover = this.movers.apply(config.spec());
        } catch (RuntimeException e) {
            HaVipLogger.ROOT_LOGGER.moverFailed("setup", config.name(), e.getMessage());
            mover = Movers.unavailable(e.getMessage());
        }
        if (removeStale) {
            try {
                if (mover.isHeld()) {
                    // this node owns nothing yet: an address found now is left over from an earlier run
                    mover.release();
                    HaVipLogger.ROOT_LOGGER.staleAddressRemoved(config.name(), config.spec().address().toString());
                }
            } catch (Exception e) {
                HaVipLogger.ROOT_LOGGER.moverFailed("start-up cleanup", config.name(), e.getMessage());
            }
        }
        // background announcements stop as soon as a pause is suspected, before the detector drops the address
        mover.guard(() -> !this.rejoining && (this.pauses == null || !this.pauses.suspectsPause()));
        return new VipRuntime(config, mover, this.config.priority());
    }

    private VipRuntime runtime(String vip) {
        VipRuntime runtime = this.vips.get(vip);
        if (runtime == null) {
            throw new IllegalArgumentException(HaVipLogger.ROOT_LOGGER.unknownVip(vip));
        }
        return runtime;
    }

    /** Adverts of the other members of the view, per VIP and node name: built once per decision pass. */
    private Map<String, Map<String, VipAdvert>> peerAdverts(ClusterView view) {
        java.util.Set<Address> members = new java.util.HashSet<>(view.members());
        Map<String, Map<String, VipAdvert>> byVip = new java.util.HashMap<>();
        this.peers.forEach((address, state) -> {
            if (members.contains(address)) {
                state.vips().forEach((vip, advert) -> byVip.computeIfAbsent(vip, v -> new TreeMap<>()).put(state.node(), advert));
            }
        });
        return byVip;
    }

    /** Adverts of the other members for this VIP, by node name. */
    private Map<String, VipAdvert> peerAdverts(String vip) {
        ClusterView view = this.member.view();
        Map<String, VipAdvert> adverts = new TreeMap<>();
        this.peers.forEach((address, state) -> {
            VipAdvert advert = state.vips().get(vip);
            if (advert != null && view.contains(address)) {
                adverts.put(state.node(), advert);
            }
        });
        return adverts;
    }

    private long newestPin(String vip) {
        long own = this.vips.containsKey(vip) ? this.vips.get(vip).pinEpoch : 0;
        return Math.max(own, this.peerAdverts(vip).values().stream().mapToLong(VipAdvert::pinEpoch).max().orElse(0));
    }

    private String nameOf(Address address) {
        if (address.equals(this.member.localAddress())) {
            return this.config.nodeName();
        }
        NodeState state = this.peers.get(address);
        return state != null ? state.node() : address.toString();
    }

    /** The member carrying the newest operator pin for the VIP, this node included. */
    private Optional<String> pinnedTo(VipRuntime own, Map<String, VipAdvert> others) {
        Map<String, VipAdvert> adverts = new TreeMap<>(others);
        if (own.pinEpoch > 0) {
            adverts.put(this.config.nodeName(), new VipAdvert(own.priority, true, false, own.held, own.pinEpoch));
        }
        return adverts.entrySet().stream().filter(e -> e.getValue().pinEpoch() > 0)
                .max((a, b) -> Long.compare(a.getValue().pinEpoch(), b.getValue().pinEpoch())).map(Map.Entry::getKey);
    }

    private static void releaseQuietly(VipRuntime vip) {
        try {
            vip.mover.release();
        } catch (Exception e) {
            HaVipLogger.ROOT_LOGGER.moverFailed("release", vip.name(), e.getMessage());
        }
    }

    /** Hands work to the decision thread; once the engine is closed, work that arrives late is dropped. */
    private void execute(Runnable task) {
        try {
            this.decisions.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            if (!this.closed) {
                throw e;
            }
        }
    }

    private <T> T call(Callable<T> task) throws Exception {
        try {
            return this.decisions.submit(task).get(OPERATION_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the ha-vip engine did not answer within " + OPERATION_TIMEOUT_S + " s", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @FunctionalInterface
    private interface MoverTask {
        void run() throws Exception;
    }
}
