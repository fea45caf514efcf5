package dev.havip.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.jgroups.Address;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.ClusterView;
import dev.havip.cluster.NodeState;
import dev.havip.cluster.Peers;
import dev.havip.election.Failback;

/**
 * Who holds what: the assignment table this node acts on (the newest one of the current coordinator),
 * and the coordinator role when this node is the view's coordinator ({@link Coordinator} is its pure
 * state machine). Decision thread only.
 */
final class Assignments {

    static final long TABLE_RESEND_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** A member whose acknowledgement is missing this long is named in the re-sent table, and answers. */
    static final long ASK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final ClusterMessage.Table NONE = new ClusterMessage.Table("", 0, new TreeMap<>());

    /** What a received table is to this node. */
    enum Received { IGNORED, NEW, REPEATED }

    private final ClusterMember member;
    private final Coordinator coordinator;
    private ClusterMessage.Table table = NONE;
    private Address tableFrom;
    private long tableSentNanos;
    /** A merge happened: the coordinator resynchronizes before it assigns anything new. */
    private boolean merged;
    /** Since when each member has not acknowledged the current table (coordinator only). */
    private final Map<String, Long> laggingSince = new java.util.HashMap<>();

    Assignments(String node, ClusterMember member) {
        this.member = member;
        this.coordinator = new Coordinator(node);
    }

    /**
     * A table arrived. Only the view's coordinator's counts. The same table again, naming this node among those
     * it waits for, means our acknowledgement was lost: the caller sends it again.
     */
    Received received(Address sender, ClusterMessage.Table received) {
        if (sender.equals(this.member.localAddress())) {
            return Received.IGNORED; // our own multicast: the coordinator applied it when it sent it
        }
        if (!sender.equals(this.member.view().coordinator())) {
            return Received.IGNORED;
        }
        if (!sender.equals(this.tableFrom) || received.epoch() > this.table.epoch()) {
            this.table = received;
            this.tableFrom = sender;
            return Received.NEW;
        }
        return received.epoch() == this.table.epoch() ? Received.REPEATED : Received.IGNORED;
    }

    void merged() {
        this.merged = true;
    }

    /** After a pause the assignments known before it are stale: only a table received after the rejoin counts. */
    void forget() {
        this.table = NONE;
        this.tableFrom = null;
    }

    /** Whether the table this node has comes from the view's current coordinator. */
    boolean current(ClusterView view) {
        return this.tableFrom != null && this.tableFrom.equals(view.coordinator());
    }

    /** The member whose table this node acted on last (this node when it coordinates), or null. */
    Address tableSender() {
        return this.tableFrom;
    }

    String owner(String vip) {
        return this.table.owners().get(vip);
    }

    String tableCoordinator() {
        return this.table.coordinator();
    }

    long tableEpoch() {
        return this.table.epoch();
    }

    void notCoordinating() {
        this.coordinator.stop();
    }

    /**
     * The coordinator's part: decide, and publish (and apply) a new table when it changed, or the current one
     * again when a member has not acted on it.
     * @param own this node's state as it would publish it now
     * @param failbacks the failback policy of each VIP this node runs (other VIPs count as auto)
     * @param waiting a lone member still waits for discovery: it assigns nothing new
     * @param resend send the table even when it did not change (a newcomer needs it)
     */
    void coordinate(ClusterView view, NodeState own, Peers peers, Map<String, Failback> failbacks, boolean waiting, boolean resend, long now) {
        if (!this.member.localAddress().equals(view.coordinator())) {
            this.coordinator.stop();
            return;
        }
        Map<String, NodeState> members = new TreeMap<>();
        for (Address address : view.members()) {
            NodeState state = address.equals(this.member.localAddress()) ? own : peers.get(address);
            if (state == null) {
                return; // a member's state has not arrived yet: decide with everyone's, or not at all
            }
            members.put(state.node(), state);
        }
        Map<String, Failback> policies = new TreeMap<>();
        members.values().forEach(state -> state.vips().keySet().forEach(vip -> policies.put(vip, Failback.AUTO)));
        policies.putAll(failbacks);
        Optional<ClusterMessage.Table> next;
        if (!this.coordinator.active() || this.merged) {
            this.merged = false;
            ClusterMessage.Table begun = this.coordinator.begin(members, policies);
            // this node acknowledges its own table at once; alone, it can decide in the same pass
            members.put(own.node(), own.acknowledging(begun.coordinator(), begun.epoch()));
            next = this.coordinator.decide(members, policies, !waiting).or(() -> Optional.of(begun));
        } else {
            next = this.coordinator.decide(members, policies, !waiting);
        }
        if (next.isPresent() || resend) {
            this.table = next.orElseGet(this.coordinator::current);
            this.tableFrom = this.member.localAddress();
            this.member.send(this.table);
            this.tableSentNanos = now;
        } else if (now - this.tableSentNanos > TABLE_RESEND_NANOS) {
            // a member behind the current epoch got the table before its first view and dropped it, or its
            // acknowledgement was lost: the table goes out again naming them, and they answer with their state
            List<String> lagging = members.entrySet().stream()
                    .filter(e -> !e.getKey().equals(own.node()) && this.coordinator.lagging(e.getValue())).map(Map.Entry::getKey).toList();
            this.laggingSince.keySet().retainAll(lagging);
            lagging.forEach(node -> this.laggingSince.putIfAbsent(node, now));
            if (!lagging.isEmpty()) {
                // only a member that lags for long is asked to answer: one that is just slow (a busy host) sends no duplicate
                List<String> named = lagging.stream().filter(node -> now - this.laggingSince.get(node) >= ASK_AFTER_NANOS).toList();
                this.table = this.coordinator.current();
                this.member.send(this.table.waitingFor(named));
                this.tableSentNanos = now;
            }
        }
    }
}
