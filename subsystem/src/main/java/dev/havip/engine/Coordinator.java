package dev.havip.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.NodeState;
import dev.havip.cluster.VipAdvert;
import dev.havip.election.Election;
import dev.havip.election.ElectionResult;
import dev.havip.election.Failback;
import dev.havip.election.VipCandidate;
import dev.havip.election.VipElectionInput;

/**
 * What the cluster's coordinator (the first member of the JGroups view) does with the election:
 * it alone turns verdicts into assignments, so two members never act on different guesses about
 * each other. A planned move (the holder is a member that may still hold the VIP, or is stepping
 * down) is one step, make-before-break: the table names the new owner, which adds and announces the
 * address, and the old holder keeps its copy until it sees that (SPEC: both serve for that moment,
 * never a third). Any other move is two steps: the coordinator revokes the VIP, waits until the old
 * holder's state shows it acknowledged the revocation and no longer holds the address, and only then
 * assigns it. A holder that left the view needs no revocation: failover is one message after the
 * view change.
 * <p>
 * Not thread-safe: used on the engine's decision thread only.
 */
final class Coordinator {

    private record Revocation(String node, long epoch) {
    }

    private final String self;
    private final SortedMap<String, String> table = new TreeMap<>();
    private final Map<String, Revocation> revoking = new HashMap<>();
    /**
     * Handovers whose old holder has not yet acknowledged the table that replaced it: until it has, its own table
     * still names it, so it could take the VIP again (after a health flap); the VIP is not handed on meanwhile.
     */
    private final Map<String, Revocation> handovers = new HashMap<>();
    private long epoch;
    /** New assignments wait until every member has acknowledged this epoch (set when a reign starts or partitions merge). */
    private long syncEpoch;
    private boolean active;

    /** @param self this node's name: the coordinator the members' acknowledgements must name */
    Coordinator(String self) {
        this.self = self;
    }

    boolean active() {
        return this.active;
    }

    void stop() {
        this.active = false;
        this.table.clear();
        this.revoking.clear();
        this.handovers.clear();
    }

    /**
     * Starts (or, after a merge, restarts) a reign: keeps whatever is held now (one holder per VIP,
     * the one the election prefers), revokes nothing, and assigns nothing new until every member
     * has seen this first table, so a member still acting on an older coordinator's table cannot
     * take a VIP this coordinator gives to someone else.
     */
    ClusterMessage.Table begin(Map<String, NodeState> members, Map<String, Failback> vips) {
        this.active = true;
        this.revoking.clear();
        this.handovers.clear();
        this.table.clear();
        long newest = members.values().stream().mapToLong(NodeState::ack).max().orElse(0);
        this.epoch = Math.max(this.epoch, newest) + 1;
        this.syncEpoch = this.epoch;
        vips.forEach((vip, failback) -> {
            SortedMap<String, VipCandidate> holders = new TreeMap<>();
            candidates(members, vip, null).forEach((node, candidate) -> {
                if (candidate.held() && candidate.eligible()) {
                    holders.put(node, candidate);
                }
            });
            if (!holders.isEmpty()) {
                Election.elect(new VipElectionInput(vip, failback, holders)).owner().ifPresent(owner -> this.table.put(vip, owner));
            }
        });
        return this.current();
    }

    /**
     * One decision pass over all VIPs.
     * @param members the state of every member of the view, this node included
     * @param mayAssign false while a lone member waits for discovery to find its peers
     * @return the new table when it changed
     */
    Optional<ClusterMessage.Table> decide(Map<String, NodeState> members, Map<String, Failback> vips, boolean mayAssign) {
        boolean synced = members.values().stream().allMatch(state -> state.acknowledged(this.self, this.syncEpoch));
        SortedMap<String, String> next = new TreeMap<>(this.table);
        vips.forEach((vip, failback) -> {
            String assigned = next.get(vip);
            if (assigned != null && !members.containsKey(assigned)) {
                next.remove(vip); // the holder left the view: nothing to wait for
                assigned = null;
            }
            Revocation revocation = this.revoking.get(vip);
            if (revocation != null) {
                NodeState old = members.get(revocation.node());
                if (old != null && (!old.acknowledged(this.self, revocation.epoch()) || holds(old, vip))) {
                    return; // the old holder has not released yet
                }
                this.revoking.remove(vip);
            }
            Revocation handover = this.handovers.get(vip);
            if (handover != null) {
                NodeState old = members.get(handover.node());
                if (old != null && !old.acknowledged(this.self, handover.epoch())) {
                    return; // the last handover's old holder has not seen it yet: nothing moves until it has
                }
                this.handovers.remove(vip);
            }
            ElectionResult result = Election.elect(new VipElectionInput(vip, failback, candidates(members, vip, assigned)));
            String desired = result.owner().orElse(null);
            if (assigned == null) {
                // a member holding without an assignment (an older table, a merged partition) releases
                // when it sees this table; until it has, nobody else may be given the VIP
                boolean heldElsewhere = members.entrySet().stream().anyMatch(e -> !e.getKey().equals(desired) && holds(e.getValue(), vip));
                if (desired != null && mayAssign && synced && !heldElsewhere) {
                    next.put(vip, desired);
                }
            } else if (!Objects.equals(desired, assigned)) {
                boolean plannable = desired != null && planned(members.get(assigned), vip) && heldOnlyBy(members, vip, assigned, desired);
                if (plannable && (!mayAssign || !synced)) {
                    // e.g. a merged view's first table: the holder keeps the VIP until every member acknowledged it, then
                    // hands over make-before-break (revoking now would take the address off it before the new owner has it)
                    return;
                }
                if (plannable) {
                    // make-before-break: the new owner adds and announces the address, and the old one removes its copy
                    // only when the new owner's state shows it announced (both serve for that moment)
                    next.put(vip, desired);
                    this.handovers.put(vip, new Revocation(assigned, this.epoch + 1));
                } else {
                    // unplanned (the holder may no longer hold it): it releases first, then the VIP is assigned
                    next.remove(vip);
                    this.revoking.put(vip, new Revocation(assigned, this.epoch + 1));
                }
            }
        });
        if (next.equals(this.table)) {
            return Optional.empty();
        }
        this.table.clear();
        this.table.putAll(next);
        this.epoch++;
        return Optional.of(this.current());
    }

    /** The current table, e.g. to send it again to a member that just joined. */
    ClusterMessage.Table current() {
        return new ClusterMessage.Table(this.self, this.epoch, this.table);
    }

    /** Whether the member has not yet acted on this coordinator's current table. */
    boolean lagging(NodeState member) {
        return !member.acknowledged(this.self, this.epoch);
    }

    /**
     * Election input for one VIP: every member that advertises it. The assigned member counts as
     * the current holder even before its address is up, so a sticky (manual) VIP stays with it.
     */
    private static SortedMap<String, VipCandidate> candidates(Map<String, NodeState> members, String vip, String assigned) {
        SortedMap<String, VipCandidate> candidates = new TreeMap<>();
        members.forEach((node, state) -> {
            VipAdvert advert = state.vips().get(vip);
            if (advert != null) {
                boolean current = advert.held() || node.equals(assigned);
                candidates.put(node, new VipCandidate(advert.priority(), advert.eligible(), advert.failbackReady(), current, advert.pinEpoch()));
            }
        });
        return candidates;
    }

    /**
     * A planned move: the holder is still a member and either may still hold the VIP (failback, move, release) or is
     * stepping down (maintenance, shutdown). A holder that became unhealthy, faulty or lost quorum is not handed over.
     */
    private static boolean planned(NodeState holder, String vip) {
        VipAdvert advert = holder.vips().get(vip);
        return holder.steppingDown() || (advert != null && advert.eligible());
    }

    /** No member other than these two holds the VIP: a handover never makes a third holder. */
    private static boolean heldOnlyBy(Map<String, NodeState> members, String vip, String from, String to) {
        return members.entrySet().stream().noneMatch(e -> !e.getKey().equals(from) && !e.getKey().equals(to) && holds(e.getValue(), vip));
    }

    private static boolean holds(NodeState state, String vip) {
        VipAdvert advert = state.vips().get(vip);
        return advert != null && advert.held();
    }
}
