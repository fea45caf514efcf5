package dev.havip.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.jgroups.Address;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.ClusterView;
import dev.havip.cluster.DiscoveryGrace;
import dev.havip.cluster.HoldRules;
import dev.havip.cluster.NodeState;
import dev.havip.cluster.PauseDetector;
import dev.havip.cluster.Quorum;
import dev.havip.cluster.Peers;
import dev.havip.cluster.Reachability;
import dev.havip.cluster.VipAdvert;
import dev.havip.election.Failback;
import dev.havip.logging.HaVipLogger;
import dev.havip.movers.Director;
import dev.havip.movers.IpMover;
import dev.havip.movers.Mover;
import dev.havip.movers.VipSpec;

/**
 * The loop that joins the three parts: who is alive ({@link Peers}, {@link DiscoveryGrace}, the hold rule in
 * {@link Eligibility}), who should hold what ({@link Assignments}, {@link Pins}), and make it so
 * ({@link MoverRuns}), then {@link Reporter} and {@link Publisher}. Every decision runs on the
 * {@link DecisionThread}; JGroups, management, pause-detector and mover threads hand their news to it.
 * Nothing here knows about WildFly.
 */
public final class HaVipEngine implements AutoCloseable {

    /** Whether the VIP's health inputs on this node are all UP: its named checks and whatever else the server binds to it. */
    @FunctionalInterface
    public interface Health {
        boolean healthy(String vip, List<String> checks);
    }

    /** How many transitions {@link #history(int)} keeps. */
    public static final int HISTORY_CAPACITY = History.CAPACITY;

    /**
     * The decision pass that runs without news, for what only time changes (a failback delay or a discovery grace
     * ending, an acknowledgement to ask again); views, messages, health and movers each start a pass of their own.
     */
    static final long TICK_MS = 100;
    /** Members per {@link #TICK_MS} of the tick's period: a pass costs more in a larger view, and the tick is only a safety net. */
    static final int MEMBERS_PER_TICK = 10;
    static final long SHUTDOWN_RELEASE_TIMEOUT_MS = 10_000;

    private final EngineConfig config;
    private final ClusterMember member;
    private final Function<VipSpec, Mover> movers;
    private final Health health;
    private final Map<String, VipRuntime> vips = new ConcurrentSkipListMap<>();
    private final Peers peers = new Peers();
    private final DiscoveryGrace grace;
    private final Eligibility eligibility;
    private final Assignments assignments;
    private final Publisher publisher;
    private final Reporter reporter;
    private final DecisionThread decisions;
    private final MoverRuns runs;
    private final OperatorActions operator;
    private final ClusterNews news;
    private final PauseResponse pauseResponse;
    private final Handovers handovers;
    private final AtomicBoolean reconcilePending = new AtomicBoolean();
    /** Test hook: the clock the pause detector reads; set before {@link #start}. */
    volatile LongSupplier pauseClock = System::nanoTime;
    /**
     * Set by {@link #start}: the tie-breaker prober starts inside the constructor and asks for decisions at once, before
     * the engine's other parts exist (a pass then failed on a null field, HAVIP0012 at boot); passes wait for it.
     */
    private volatile boolean started;

    public HaVipEngine(EngineConfig config, ClusterMember member, Function<VipSpec, Mover> movers, Health health, Fencer fencer) {
        this(config, member, movers, health, fencer, Reachability.ICMP);
    }

    /** @param reachability how the tie-breaker is probed (tests make it fail) */
    HaVipEngine(EngineConfig config, ClusterMember member, Function<VipSpec, Mover> movers, Health health, Fencer fencer, Reachability reachability) {
        this.config = config;
        this.member = member;
        this.movers = movers;
        this.health = health;
        this.grace = new DiscoveryGrace(member.discoveryGraceMillis());
        // before the hold rule: a tie-breaker prober starts at once and asks for decisions
        this.decisions = new DecisionThread(config.nodeName());
        this.eligibility = new Eligibility(HoldRules.of(config.quorum(), config.tieBreaker(), reachability, member, config.witness(),
                IpMover.LONGEST_ADDRESS_LIFE.toMillis(), this::requestReconcile), config.maintenance());
        this.assignments = new Assignments(config.nodeName(), member);
        this.publisher = new Publisher(config.nodeName(), member);
        this.reporter = new Reporter(config.nodeName());
        this.runs = new MoverRuns(config.nodeName(), fencer, this.eligibility, this.decisions, this.vips, this::reconcile);
        EngineParts parts = new EngineParts(config.nodeName(), member, this.peers, this.vips, this.decisions, this.assignments, this.eligibility, this.publisher);
        this.operator = new OperatorActions(parts, this::reconcile, this::members);
        this.news = new ClusterNews(parts, this::reconcile, this::requestReconcile, this::members);
        this.pauseResponse = new PauseResponse(parts, this::reconcile);
        this.handovers = new Handovers(config.nodeName(), this.peers, this.eligibility, this.decisions, this::requestReconcile);
    }

    /** Removes stale addresses of the given VIPs, joins the cluster and starts deciding. */
    public void start(Collection<VipConfig> initial) throws Exception {
        for (VipConfig vip : initial) {
            this.vips.put(vip.name(), this.runs.prepare(vip, this.movers, this.config.priority()));
        }
        // before connecting: the first view already starts mover tasks, and they consult the detector
        this.eligibility.watch(new PauseDetector(this.member.failureTimeoutMillis(), this.pauseResponse::paused, this.pauseClock).start());
        this.started = true;
        this.member.connect(this.news);
        this.decisions.every(() -> tickMillis(this.member.view().members().size()), "decision tick", this::reconcile);
        this.requestReconcile();
    }

    /** Planned leave: hands every held VIP over (release first, then tell the peers) before leaving the cluster. */
    @Override
    public void close() {
        this.eligibility.leaving = true;
        this.awaitNoneHeld(SHUTDOWN_RELEASE_TIMEOUT_MS);
        this.halt();
        this.member.close();
        // whatever is still held now (release failed or timed out) is removed one last time
        this.vips.values().forEach(MoverRuns::retire);
    }

    /**
     * WildFly suspends the server (or resumes it): a suspended server refuses requests, so it hands its VIPs over like
     * maintenance does and is no candidate until it resumes.
     */
    public void setSuspended(boolean suspended) {
        if (this.eligibility.suspended != suspended) {
            this.eligibility.suspended = suspended;
            this.requestReconcile();
        }
    }

    /**
     * Waits until this node holds no VIP and no mover task is running, at most {@code timeoutMillis}; the caller has
     * made it step down. Called on management threads.
     *
     * @return whether nothing is held any more
     */
    public boolean awaitNoneHeld(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (this.decisions.call(() -> this.vips.values().stream().anyMatch(v -> v.held || v.busy))) {
                if (System.nanoTime() >= deadline) {
                    return false;
                }
                this.requestReconcile();
                Thread.sleep(20);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            HaVipLogger.ROOT_LOGGER.shutdownRelease(e.toString());
            return false;
        }
    }

    /** Stops every thread of this engine at once, without releasing, publishing or leaving (tests: a crash). */
    void halt() {
        this.decisions.close();
        this.eligibility.close();
        this.runs.shutdown();
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
        return this.eligibility.quorate();
    }

    public boolean maintenance() {
        return this.eligibility.maintenance;
    }

    public Optional<VipStatus> vip(String name) {
        return Optional.ofNullable(this.vips.get(name)).map(VipRuntime::status);
    }

    /** Newest first: VIP state changes and health-check verdicts on this node. */
    public List<HistoryEntry> history(int limit) {
        return this.reporter.history().latest(limit);
    }

    /** Records a health check's change of verdict (the engine hears of it through {@link #healthChanged()} too). */
    public void healthTransition(String check, String from, String to, String reason) {
        this.reporter.healthTransition(check, from, to, reason);
    }

    public void addTransitionListener(Consumer<Transition> listener) {
        this.reporter.addListener(listener);
    }

    public void removeTransitionListener(Consumer<Transition> listener) {
        this.reporter.removeListener(listener);
    }

    /** What must be ready before a planned takeover adds a VIP's address here; set before {@link #start}. */
    public void setTakeoverPreparation(TakeoverPreparation preparation) {
        this.runs.preparation = preparation;
    }

    /** Told of every change of a VIP's owner as this node sees it, on the decision thread. */
    public void addOwnerListener(Consumer<OwnerChange> listener) {
        this.reporter.addOwnerListener(listener);
    }

    public void removeOwnerListener(Consumer<OwnerChange> listener) {
        this.reporter.removeOwnerListener(listener);
    }

    public void setMaintenance(boolean maintenance) {
        this.eligibility.maintenance = maintenance;
        this.requestReconcile();
    }

    /** The server finished booting (or stopped being ready); a node that is not ready holds no VIP. */
    public void setReady(boolean ready) {
        this.eligibility.ready = ready;
        this.requestReconcile();
    }

    public void healthChanged() {
        this.requestReconcile();
    }

    /** Starts managing the VIP; a VIP of the same name that still runs (a restart under way) is replaced. */
    public VipHandle addVip(VipConfig vip) throws Exception {
        VipRuntime replaced = this.decisions.call(() -> this.vips.remove(vip.name()));
        if (replaced != null) {
            MoverRuns.retire(replaced);
        }
        VipRuntime runtime = this.runs.prepare(vip, this.movers, this.config.priority()); // its stale-address check runs commands: not on the decision thread
        return this.decisions.call(() -> {
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
        if (this.decisions.call(() -> this.vips.remove(handle.name(), handle))) {
            MoverRuns.retire((VipRuntime) handle);
            this.requestReconcile();
        }
    }

    /** Pins the VIP to this node (operator's takeover). */
    public void takeover(String vip) throws Exception {
        this.operator.takeover(vip);
    }

    /** Pins the VIP to {@code node}, which must be a member that is eligible for it. */
    public void move(String vip, String node) throws Exception {
        this.operator.move(vip, node);
    }

    /** Hands the VIP to the best other eligible member and pins it there. */
    public void release(String vip) throws Exception {
        this.operator.release(vip);
    }

    /** Drops an operator's pin of the VIP on every node. */
    public void clear(String vip) throws Exception {
        this.operator.clear(vip);
    }

    // ---- the decision loop (decision thread only) ----

    private void requestReconcile() {
        if (!this.decisions.closed() && this.reconcilePending.compareAndSet(false, true)) {
            this.decisions.execute("decision", () -> {
                this.reconcilePending.set(false);
                this.reconcile();
            });
        }
    }

    /** One decision pass: alive, eligible, assign, act, report, publish. */
    private void reconcile() {
        if (this.decisions.closed() || !this.started) {
            return;
        }
        this.runs.pass(this.eligibility.generation());
        long now = System.nanoTime();
        // who is alive
        ClusterView view = this.member.view();
        boolean connected = view.contains(this.member.localAddress());
        this.grace.observe(connected, this.eligibility.quorate(), view.members().size(), now);
        // who may take part
        boolean nodeEligible = this.eligibility.nodeEligible();
        Map<String, Peers.Pin> pins = this.peers.newestPins(view);
        SortedMap<String, VipAdvert> adverts = new TreeMap<>();
        for (VipRuntime vip : this.vips.values()) {
            vip.healthy = this.health.healthy(vip.name(), vip.config.healthChecks());
            Pins.supersede(vip, pins.get(vip.name()));
            adverts.put(vip.name(), vip.advert(nodeEligible, now));
        }
        // who should hold what
        if (connected) {
            Map<String, Failback> failbacks = new TreeMap<>();
            this.vips.values().forEach(vip -> failbacks.put(vip.name(), vip.config.failback()));
            NodeState own = this.publisher.state(this.eligibility.steppingDown(), this.assignments.tableCoordinator(), this.assignments.tableEpoch(), adverts);
            // with a witness a lone member cannot take what a missed peer holds (the witness grants it to one of them), so it need not wait
            boolean waiting = this.config.quorum() != Quorum.WITNESS && this.grace.waiting(view.members().size(), now);
            this.assignments.coordinate(view, own, this.peers, failbacks, waiting, this.publisher.forced(), now);
        } else {
            this.assignments.notCoordinating();
        }
        // make it so, and report
        boolean tableCurrent = this.assignments.current(view);
        for (VipRuntime vip : this.vips.values()) {
            String owner = this.assignments.owner(vip.name());
            this.reporter.owner(vip, tableCurrent ? owner : vip.owner);
            boolean assignedHere = connected && tableCurrent && this.nodeName().equals(owner);
            // a lease is asked for before it is needed; a holder keeps its claim while the table is in transition (a merge,
            // a new coordinator): only a current table that names another owner makes it a planned move
            this.eligibility.rule().wants(vip.name(), assignedHere || (vip.held && !tableCurrent), vip.held || vip.busy);
            if (connected) {
                boolean canHold = this.eligibility.mayHold(vip.name(), true) && adverts.get(vip.name()).eligible();
                // a takeover while a live member still has the address is a planned handover (only looked up when one starts)
                String liveHolder = assignedHere && !vip.held && !vip.busy ? this.peers.holderAddress(vip.name(), view) : null;
                this.runs.act(vip, assignedHere, tableCurrent, canHold, this.handovers.holdingOver(vip, owner, tableCurrent, view, now), liveHolder, now);
                if (vip.held && !vip.busy && vip.mover instanceof Director director) {
                    this.runs.direct(vip, director, this.realServers(vip, view, adverts.get(vip.name())));
                }
            }
            this.reporter.state(vip, connected, this.eligibility.maintenance, this.eligibility.rejoining);
            vip.snapshot(Pins.pinnedTo(this.nodeName(), vip, pins.get(vip.name())));
        }
        // tell the others, with the adverts as they are after this pass's actions (a takeover just started shows as held)
        if (connected && !this.eligibility.rejoining) { // the rejoin publishes when it is done
            SortedMap<String, VipAdvert> after = new TreeMap<>();
            this.vips.values().forEach(vip -> after.put(vip.name(), vip.advert(nodeEligible, now)));
            this.publisher.publish(this.publisher.state(this.eligibility.steppingDown(), this.assignments.tableCoordinator(), this.assignments.tableEpoch(), after),
                    this.assignments.tableSender());
        }
    }

    /** An LVS director's real servers: the members eligible for the VIP now, this one included, sorted. */
    private List<String> realServers(VipRuntime vip, ClusterView view, VipAdvert own) {
        List<String> servers = new ArrayList<>(this.peers.eligibleAddresses(vip.name(), view));
        if (own.eligible()) {
            servers.add(this.member.bindAddress());
        }
        servers.removeIf(String::isEmpty);
        Collections.sort(servers);
        return servers;
    }

    // ---- helpers ----

    /** The tick's period in a view of that many members: 100 ms up to 19 members, then 100 ms more per 10 (1 s at 100). */
    static long tickMillis(int members) {
        return TICK_MS * Math.max(1, members / MEMBERS_PER_TICK);
    }

    private String nameOf(Address address) {
        return address.equals(this.member.localAddress()) ? this.nodeName() : this.peers.nameOf(address);
    }
}
