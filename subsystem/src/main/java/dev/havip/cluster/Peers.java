package dev.havip.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** @return what the sender said before, or null */
    public NodeState put(Address sender, NodeState state) {
        return this.states.put(sender, state);
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

    /** Adverts of the members of the view, per VIP and node name. */
    public Map<String, SortedMap<String, VipAdvert>> advertsByVip(ClusterView view) {
        Set<Address> members = new HashSet<>(view.members());
        Map<String, SortedMap<String, VipAdvert>> byVip = new HashMap<>();
        this.states.forEach((address, state) -> {
            if (members.contains(address)) {
                state.vips().forEach((vip, advert) -> byVip.computeIfAbsent(vip, v -> new TreeMap<>()).put(state.node(), advert));
            }
        });
        return byVip;
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

    /** Cluster addresses of the members of the view that say they are eligible for the VIP (an LVS director's real servers). */
    public List<String> eligibleAddresses(String vip, ClusterView view) {
        List<String> addresses = new ArrayList<>();
        for (Address member : view.members()) {
            NodeState state = this.states.get(member);
            VipAdvert advert = state != null ? state.vips().get(vip) : null;
            if (advert != null && advert.eligible()) {
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
