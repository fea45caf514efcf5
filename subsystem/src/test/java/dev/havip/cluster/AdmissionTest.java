package dev.havip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** What a member accepts from the network, and how often it says what it refused. */
class AdmissionTest {

    private static ClusterMessage.State state(String node) {
        return new ClusterMessage.State(new NodeState(node, "198.18.0.1", false, "", 0, Map.of()));
    }

    @Test
    void aStateMustBeAboutItsSender() {
        assertNull(Admission.refusal(state("node-a"), "node-a", true));
        assertNull(Admission.refusal(state("node-a"), "node-a", false), "a joiner's peers' states may come before its first view");
        assertNull(Admission.refusal(state("node-a"), null, true), "a sender whose name is not known yet is judged by the view");
        assertEquals("a state about 'node-a' sent by 'zz-rogue'", Admission.refusal(state("node-a"), "zz-rogue", true));
        ClusterMessage.Introduction introduction = new ClusterMessage.Introduction(state("node-a").state());
        assertNull(Admission.refusal(introduction, "node-a", false), "a newcomer's peers introduce themselves before its first view");
        assertEquals("a state about 'node-a' sent by 'zz-rogue'", Admission.refusal(introduction, "zz-rogue", true));
    }

    /** An acknowledgement raises only its sender's own, in a state the sender sent: one from a member that resumed is no refusal. */
    @Test
    void anAcknowledgementIsAboutItsSenderWhereverItComesFrom() {
        assertNull(Admission.refusal(new ClusterMessage.Ack("node-a", 4), "node-b", true));
        assertNull(Admission.refusal(new ClusterMessage.Ack("node-a", 4), "node-b", false));
    }

    @Test
    void pinsAndClearsComeOnlyFromTheViewAndTablesOnlyFromTheirCoordinator() {
        ClusterMessage.Table table = new ClusterMessage.Table("node-a", 3, new TreeMap<>(Map.of("web", "node-a")));
        assertNull(Admission.refusal(table, "node-a", true));
        assertNull(Admission.refusal(table, "node-a", false), "a joiner gets the coordinator's table before its first view");
        assertEquals("a table of coordinator 'node-a' sent by 'node-b'", Admission.refusal(table, "node-b", true));
        assertTrue(Admission.refusal(new ClusterMessage.Pin("web", "node-b", 9), "zz-rogue", false).contains("pin from a sender outside"));
        assertTrue(Admission.refusal(new ClusterMessage.ClearPin("web"), "zz-rogue", false).contains("clearpin from a sender outside"));
        assertNull(Admission.refusal(new ClusterMessage.Pin("web", "node-b", 9), "node-a", true));
    }

    /** quorum=witness: a member outside the view gets no lease, and its grants and releases count for nothing. */
    @Test
    void leaseMessagesComeOnlyFromTheView() {
        for (ClusterMessage lease : java.util.List.of(new ClusterMessage.LeaseRequest("web", 1, 4000), new ClusterMessage.LeaseReply("web", 1, true),
                new ClusterMessage.LeaseRelease("web"))) {
            assertTrue(Admission.refusal(lease, "zz-rogue", false).contains("from a sender outside the cluster view"), lease::toString);
            assertNull(Admission.refusal(lease, "node-b", true));
        }
    }

    @Test
    void aFloodIsLoggedOncePerSenderAndIntervalWithTheCountInBetween() {
        List<String> lines = new ArrayList<>();
        RefusalLog log = new RefusalLog((sender, what) -> lines.add(sender + ": " + what));
        long t = 1_000_000_000L;
        for (int i = 0; i < 500; i++) {
            log.refused("rogue", "forged", t + i * 1_000_000L); // 500 in half a second
        }
        log.refused("other", "forged", t);
        assertEquals(List.of("rogue: forged", "other: forged"), lines);
        log.refused("rogue", "forged", t + RefusalLog.INTERVAL_NANOS + 1_000_000_000L);
        assertEquals("rogue: forged (and 499 more refused since the last report)", lines.get(2));
        for (int i = 0; i < 2 * RefusalLog.MAX_SENDERS; i++) {
            log.refused("spoofed-" + i, "forged", t);
        }
        assertTrue(lines.size() <= 3 + RefusalLog.MAX_SENDERS + 1, "spoofed senders share one slot: " + lines.size());
    }
}
