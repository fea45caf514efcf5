package dev.havip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.jgroups.Address;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

/** The newest operator pin per VIP, read from what the members of the view last said. */
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
}
