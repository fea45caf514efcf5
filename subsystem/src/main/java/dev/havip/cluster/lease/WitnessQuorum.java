package dev.havip.cluster.lease;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jgroups.Address;
import org.jgroups.util.NameCache;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.HoldRule;
import dev.havip.cluster.MajorityQuorum;
import dev.havip.cluster.WitnessEndpoint;
import dev.havip.logging.Guarded;
import dev.havip.logging.HaVipLogger;
import dev.havip.witness.WitnessClient;

/**
 * {@code quorum=witness}: this server may hold a VIP only while it holds leases on it from a majority of {servers,
 * witness} (itself included; the servers counted as the largest view it has seen), so two servers that cannot see
 * each other never both hold it: at most one of them gets the witness's lease. Every {@link #RENEW_MS} (and at once
 * when a VIP is newly assigned) it asks itself ({@link Grantor}), its peers (cluster messages) and the witness
 * ({@link WitnessLink}) again; {@link Holding} counts what they granted. The lease thread {@code ha-vip-leases} sends
 * the renewals and tells the engine (through {@code onChange}) when an answer flips; replies and peers' requests arrive
 * on JGroups threads; the decision thread says which VIPs are wanted.
 */
public final class WitnessQuorum implements HoldRule {

    static final long RENEW_MS = 400;
    /** Used until the witness has said how long its leases are. */
    static final long DEFAULT_LEASE_MS = 4000;
    private static final long CHECK_MS = 20;

    private final String self;
    private final ClusterMember member;
    private final Runnable onChange;
    private final long neededLeaseMs;
    private final Grantor grantor;
    private final Holding holding = new Holding(System::nanoTime);
    private final WitnessLink witness;
    /** VIP -> whether the coordinator assigns it here (false: still held, being handed over). */
    private final Map<String, Boolean> wanted = new ConcurrentHashMap<>();
    /** Per VIP, when each request round left (by sequence number), so a reply's lease is counted from then. */
    private final Map<String, Map<Long, Long>> sent = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Set<String> mayHoldBefore = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ha-vip-leases");
        t.setDaemon(true);
        return t;
    });
    private volatile long leaseMs = DEFAULT_LEASE_MS;
    private volatile boolean witnessReachable;
    /** The servers' side of the count: a majority of the largest view seen, and that view's size. */
    private final MajorityQuorum servers = new MajorityQuorum();

    /**
     * @param addressLifeMs how long a held address outlives its last renewal at most (its kernel lifetime and the
     *                      kernel's lateness): a lease must cover that plus a renewal
     */
    public WitnessQuorum(ClusterMember member, WitnessEndpoint endpoint, long addressLifeMs, Runnable onChange) {
        this.self = member.nodeName();
        this.member = member;
        this.onChange = onChange;
        this.neededLeaseMs = addressLifeMs + RENEW_MS + Holding.REMOVAL_MARGIN_MS + addressLifeMs / 50;
        this.grantor = new Grantor(this.self, System::nanoTime, DEFAULT_LEASE_MS);
        this.witness = new WitnessLink(endpoint, member.clusterName(), this.self, new WitnessLink.Answers() {
            @Override
            public void granted(String vip, WitnessClient.Answer answer) {
                WitnessQuorum.this.witnessGranted(vip, answer);
            }

            @Override
            public void refused(String vip) {
                WitnessQuorum.this.holding.refused(vip, WitnessLink.GRANTOR);
            }

            @Override
            public void reachable(boolean reachable, long leaseMs) {
                WitnessQuorum.this.witnessReachable(reachable, leaseMs);
            }
        });
        this.thread.scheduleWithFixedDelay(Guarded.task("lease renewal", this::renewAll), RENEW_MS, RENEW_MS, TimeUnit.MILLISECONDS);
        this.thread.scheduleWithFixedDelay(Guarded.task("lease check", this::check), CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void viewChanged(int members) {
        this.servers.viewChanged(members);
    }

    /** A candidate while it reaches the witness or sees a majority of the servers; each VIP then needs its leases. */
    @Override
    public boolean quorate() {
        return this.witnessReachable || this.servers.quorate();
    }

    @Override
    public boolean mayHold(String vip) {
        return this.holdsUntilNanos(vip) - System.nanoTime() > 0;
    }

    @Override
    public long holdsUntilNanos(String vip) {
        return this.holding.untilNanos(vip, this.majority());
    }

    /** More than half of {servers, witness}: with two servers, two of the three. */
    int majority() {
        return (Math.max(1, this.servers.largestView()) + 1) / 2 + 1;
    }

    @Override
    public void wants(String vip, boolean assigned, boolean held) {
        if (assigned || held) {
            Boolean before = this.wanted.put(vip, assigned);
            if (before == null || before != assigned) {
                this.grantor.assigned(vip, assigned);
            }
            if (Boolean.TRUE.equals(before) && !assigned) {
                // a planned move: the peers' leases are given back so that the new owner's own grant and this server's
                // make its majority; this server keeps its own and the witness's until it has removed the address
                this.member.send(new ClusterMessage.LeaseRelease(vip));
            }
            if (before == null) {
                this.witness.want(vip, true);
                this.thread.execute(Guarded.task("lease request", () -> this.renew(vip)));
            }
        } else if (this.wanted.remove(vip) != null) {
            // the address is off the interface (held is false): every lease may end now
            this.grantor.assigned(vip, false);
            this.grantor.ended(vip, this.self);
            this.holding.forget(vip);
            this.sent.remove(vip);
            this.witness.want(vip, false);
            this.member.send(new ClusterMessage.LeaseRelease(vip));
        }
    }

    @Override
    public void received(Address sender, ClusterMessage message) {
        String from = NameCache.get(sender);
        if (from == null || sender.equals(this.member.localAddress())) {
            return;
        }
        if (message instanceof ClusterMessage.LeaseRequest request) {
            boolean granted = this.grantor.grant(request.vip(), from, request.leaseMs());
            this.member.send(sender, new ClusterMessage.LeaseReply(request.vip(), request.seq(), granted));
        } else if (message instanceof ClusterMessage.LeaseReply reply) {
            Long at = this.sent.getOrDefault(reply.vip(), Map.of()).get(reply.seq());
            if (at == null || !this.wanted.containsKey(reply.vip())) {
                return; // not a request of this round's VIP (or one this server gave up since)
            }
            if (reply.granted()) {
                this.holding.granted(reply.vip(), from, at, this.leaseMs);
            } else {
                this.holding.refused(reply.vip(), from);
            }
            this.check();
        } else if (message instanceof ClusterMessage.LeaseRelease release) {
            this.grantor.ended(release.vip(), from);
        }
    }

    private void renewAll() {
        this.wanted.keySet().forEach(this::renew);
    }

    /** One round for {@code vip}: this server's own grant, then a request to every other member of the view. */
    private void renew(String vip) {
        Boolean assigned = this.wanted.get(vip);
        if (assigned == null) {
            return;
        }
        long seq = this.sequence.incrementAndGet();
        long now = System.nanoTime();
        Map<Long, Long> rounds = this.sent.computeIfAbsent(vip, v -> new ConcurrentHashMap<>());
        rounds.put(seq, now);
        rounds.keySet().removeIf(s -> s < seq - 16); // a reply older than 16 rounds is of no use
        long lease = this.leaseMs;
        // a server handing a VIP over still vouches for itself until the new owner has it (the bounded overlap of a planned move)
        if (!assigned || this.grantor.grant(vip, this.self, lease)) {
            this.holding.granted(vip, this.self, now, lease);
        } else {
            this.holding.refused(vip, this.self);
        }
        if (assigned) { // a server handing the VIP over asks its peers for nothing: see wants()
            List<Address> members = this.member.view().members();
            for (Address peer : members) {
                if (!peer.equals(this.member.localAddress())) {
                    this.member.send(peer, new ClusterMessage.LeaseRequest(vip, seq, lease));
                }
            }
        }
        this.check();
    }

    private void witnessGranted(String vip, WitnessClient.Answer answer) {
        if (answer.previousGone() && answer.previous() != null && !answer.previous().equals(this.self)) {
            // the previous holder released it or its process is gone: a lease this server granted it is void
            this.grantor.ended(vip, answer.previous());
        }
        this.holding.granted(vip, WitnessLink.GRANTOR, answer.sentNanos(), answer.ms());
        if (answer.previousGone()) {
            this.thread.execute(Guarded.task("lease request", () -> this.renew(vip)));
        } else {
            this.check();
        }
    }

    private void witnessReachable(boolean reachable, long leaseMs) {
        if (reachable) {
            if (leaseMs < this.neededLeaseMs) {
                HaVipLogger.ROOT_LOGGER.witnessLeaseTooShort(leaseMs, this.neededLeaseMs);
            }
            this.leaseMs = leaseMs;
        }
        if (this.witnessReachable != reachable) {
            this.witnessReachable = reachable;
            this.onChange.run();
        }
    }

    /** Tells the engine when a VIP's answer flipped (a lease ran out, or a majority came together). */
    private synchronized void check() {
        boolean changed = false;
        for (String vip : Set.copyOf(this.wanted.keySet())) {
            boolean now = this.mayHold(vip);
            changed |= now ? this.mayHoldBefore.add(vip) : this.mayHoldBefore.remove(vip);
        }
        changed |= this.mayHoldBefore.retainAll(this.wanted.keySet());
        if (changed) {
            this.onChange.run();
        }
    }

    @Override
    public void close() {
        this.thread.shutdownNow();
        this.witness.close();
    }
}
