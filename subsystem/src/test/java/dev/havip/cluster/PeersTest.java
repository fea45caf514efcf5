package dev.havip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.jgroups.Address;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The newest operator pin per VIP, read from what the members of the view last said; acknowledgements that travel
 * apart from the states.
 */
class PeersTest {

    private static NodeState state(String node, Map<String, VipAdvert> adverts) {
        return new NodeState(node, "198.18.0.1", false, "", 0, adverts);
    }

    private static VipAdvert pinned(long epoch) {
        return new VipAdvert(100, true, true, false, epoch);
    }

    @Test
    void theNewestPinOfEachVipWinsAndOnlyMembersOfTheViewCount() {
        Address a = UUID.randomUUID();
        Address b = UUID.randomUUID();
        Address gone = UUID.randomUUID();
        Peers peers = new Peers();
        peers.put(a, state("node-a", Map.of("web", pinned(3), "db", pinned(0))));
        peers.put(b, state("node-b", Map.of("web", pinned(5), "db", pinned(0))));
        peers.put(gone, state("node-z", Map.of("web", pinned(9), "db", pinned(7))));
        ClusterView view = new ClusterView("v1", List.of(a, b), false);

        assertEquals(Map.of("web", new Peers.Pin("node-b", 5)), peers.newestPins(view), "db is pinned by no member of the view");
    }

    @Test
    void aTieGoesToTheNameThatSortsFirstWhateverTheViewOrder() {
        Address a = UUID.randomUUID();
        Address b = UUID.randomUUID();
        Peers peers = new Peers();
        peers.put(a, state("node-b", Map.of("web", pinned(4))));
        peers.put(b, state("node-a", Map.of("web", pinned(4))));

        assertEquals(new Peers.Pin("node-a", 4), peers.newestPins(new ClusterView("v1", List.of(a, b), false)).get("web"));
        assertEquals(new Peers.Pin("node-a", 4), peers.newestPins(new ClusterView("v1", List.of(b, a), false)).get("web"));
    }

    @Test
    void anAcknowledgementThatOvertookItsStateIsNotLowered() {
        Address a = UUID.randomUUID();
        Peers peers = new Peers();
        NodeState held = new NodeState("node-a", "198.18.0.1", false, "node-c", 4, Map.of("web", new VipAdvert(100, true, true, true, 0)));
        peers.put(a, held);
        assertTrue(peers.acknowledge(a, "node-c", 6));
        assertFalse(peers.acknowledge(a, "node-c", 5), "an older acknowledgement of the same coordinator changes nothing");
        NodeState released = new NodeState("node-a", "198.18.0.1", false, "node-c", 5, Map.of("web", new VipAdvert(100, true, true, false, 0)));
        peers.put(a, released); // multicast before the acknowledgement of 6, delivered after it

        assertEquals(released.acknowledging("node-c", 6), peers.get(a), "its adverts, and the newer acknowledgement");
        peers.put(a, released.acknowledging("node-d", 1));
        assertEquals(released.acknowledging("node-d", 1), peers.get(a), "another coordinator's table: the state says it all");
        assertTrue(peers.acknowledge(a, "node-c", 7), "acted on node-c's table again (after a merge)");
        assertEquals(released.acknowledging("node-c", 7), peers.get(a));
    }

    @Test
    void anAcknowledgementBeforeTheSendersFirstStateIsNotKept() {
        Address a = UUID.randomUUID();
        Peers peers = new Peers();
        assertFalse(peers.acknowledge(a, "node-c", 3));
        assertEquals(null, peers.get(a));
    }
}
