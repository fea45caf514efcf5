package dev.havip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.jgroups.Address;
import org.jgroups.util.NameCache;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.Test;

/** Counting servers in a view: by name, because a member that rejoined after a pause can be in a view twice. */
class ClusterViewTest {

    @Test
    void aRejoinedMemberInAViewTwiceIsOneServer() {
        Address a = UUID.randomUUID();
        Address oldB = UUID.randomUUID();
        Address newB = UUID.randomUUID();
        NameCache.add(a, "node-a");
        NameCache.add(oldB, "node-b");
        NameCache.add(newB, "node-b");
        // seen in the lab: "Cluster view [node-a|10]: [node-a, node-b, node-b]" right after node-b's rejoin; counted as
        // three servers it made quorum=witness need three grants of three, and the witness's kill then cost the VIP
        assertEquals(2, new ClusterView("10", List.of(a, oldB, newB), false).servers());
        assertEquals(3, new ClusterView("11", List.of(a, oldB, UUID.randomUUID()), false).servers(), "an unnamed member counts by its address");
    }
}
