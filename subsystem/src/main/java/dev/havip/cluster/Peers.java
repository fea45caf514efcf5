package dev.havip.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.jgroups.Address;

/**
 * What the other members last said about themselves: each one's latest published {@link NodeState}.
 * Written on JGroups threads (a state arrives, a view drops the departed) and by the pause handler;
 * read on the decision and management threads. A state is kept even when its sender is not in our view
 * yet (a joiner can get a member's state before its own first view, and nobody re-sends it), so every
 * reader filters by the view.
 */
public final class Peers {

    private final Map<Address, NodeState> states = new ConcurrentHashMap<>();

    /**
     * The sender's new state. An acknowledgement it sent on its own ({@link #acknowledge}) travels apart from its
     * multicast states and may overtake the state before it: a state never lowers what the sender acknowledged to the
     * same coordinator (a member acts on ever newer tables of a coordinator).
     * @return what the sender said before, or null
     */
    public NodeState put(Address sender, NodeState state) {
        NodeState[] before = new NodeState[1];
        this.states.compute(sender, (address, old) -> {
            before[0] = old;
            return old != null && old.ackFrom().equals(state.ackFrom()) && old.ack() > state.ack() ? state.acknowledging(old.ackFrom(), old.ack()) : state;
        });
        return before[0];
    }

    /**
     * The sender's state as it introduced itself to this newcomer: kept only when no state of the sender's is here yet
     * (its multicast states, sent after the introduction, may arrive before it).
     * @return whether it was kept
     */
    public boolean introduce(Address sender, NodeState state) {
        return this.states.putIfAbsent(sender, state) == null;
    }

    /**
     * The sender acted on {@code coordinator}'s table of {@code epoch}. Kept only with a state of the sender's to attach it
     * to (before its first state the coordinator decides nothing with it anyway, and asks again).
     * @return whether that raised what the sender had acknowledged
     */
    public boolean acknowledge(Address sender, String coordinator, long epoch) {
        boolean[] raised = new boolean[1];
        this.states.computeIfPresent(sender, (address, old) -> {
            raised[0] = !old.acknowledged(coordinator, epoch);
            return raised[0] ? old.acknowledging(coordinator, epoch) : old;
        });
        return raised[0];
    }

    public NodeState get(Address member) {
        return this.states.get(member);
    }

    /** Forgets the members that are not in the view and returns what they last said. */
    public List<NodeState> retain(ClusterView view) {
        List<NodeState> gone = new ArrayList<>();
        this.states.entrySet().removeIf(e -> !view.contains(e.getKey()) && gone.add(e.getValue()));
        return gone;
    }

    /** After a pause everything the peers said is stale; after the rejoin every member publishes again. */
    public void clear() {
        this.states.clear();
    }

    /** The newest operator pin a member carries for a VIP: its epoch and the member (on a tie, the first name). */
    public record Pin(String node, long epoch) {
    }

    /**
     * The newest pin of each VIP among the members of the view; VIPs nobody pinned are absent. One pass over
     * the states without building per-VIP maps: every decision pass calls it, and with 100 members and 20 VIPs
     * copying the adverts was what kept the decision threads busy.
     */
    public Map<String, Pin> newestPins(ClusterView view) {
        Map<String, Pin> newest = new HashMap<>();
        for (Address member : view.members()) {
            NodeState state = this.states.get(member);
            if (state == null) {
                continue;
            }
            state.vips().forEach((vip, advert) -> {
                if (advert.pinEpoch() > 0) {
                    newest.merge(vip, new Pin(state.node(), advert.pinEpoch()), Peers::newer);
                }
            });
        }
        return newest;
    }

    /** The newer of two pins; on a tie the one whose member's name sorts first, so every node picks the same. */
    public static Pin newer(Pin a, Pin b) {
        if (a.epoch() != b.epoch()) {
            return a.epoch() > b.epoch() ? a : b;
        }
        return a.node().compareTo(b.node()) <= 0 ? a : b;
    }

    /** Adverts of the members of the view for one VIP, by node name. */
    public SortedMap<String, VipAdvert> adverts(String vip, ClusterView view) {
        SortedMap<String, VipAdvert> adverts = new TreeMap<>();
        for (Address member : view.members()) {
            NodeState state = this.states.get(member);
            VipAdvert advert = state != null ? state.vips().get(vip) : null;
            if (advert != null) {
                adverts.put(state.node(), advert);
            }
        }
        return adverts;
    }

    /**
     * The cluster address of a member of the view that says it holds (or is taking) the VIP: empty when it did not
     * publish one; null when no member says so (looked up only when a takeover starts).
     */
    public String holderAddress(String vip, ClusterView view) {
        List<String> holders = this.addressesSaying(vip, view, VipAdvert::held);
        return holders.isEmpty() ? null : holders.get(0);
    }

    /** What the named member of the view says about the VIP, or null (looked up only during a planned move). */
    public VipAdvert advert(String node, String vip, ClusterView view) {
        return this.adverts(vip, view).get(node);
    }

    /** Cluster addresses of the members of the view that say they are eligible for the VIP (an LVS director's real servers). */
    public List<String> eligibleAddresses(String vip, ClusterView view) {
        return this.addressesSaying(vip, view, VipAdvert::eligible);
    }

    /** Cluster addresses of the members of the view whose advert for the VIP passes {@code test}, in view order. */
    private List<String> addressesSaying(String vip, ClusterView view, java.util.function.Predicate<VipAdvert> test) {
        List<String> addresses = new ArrayList<>();
        for (Address member : view.members()) {
            NodeState state = this.states.get(member);
            VipAdvert advert = state != null ? state.vips().get(vip) : null;
            if (advert != null && test.test(advert)) {
                addresses.add(state.address());
            }
        }
        return addresses;
    }

    /** The node name a member published, or its JGroups address while its state has not arrived. */
    public String nameOf(Address member) {
        NodeState state = this.states.get(member);
        return state != null ? state.node() : member.toString();
    }
}
