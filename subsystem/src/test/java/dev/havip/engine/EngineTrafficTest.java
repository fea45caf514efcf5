package dev.havip.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.havip.engine.EngineCluster.Node;
import dev.havip.engine.EngineCluster.VipDef;

/**
 * What a member that holds nothing sends while others join and fail (issue 17: at 100 members a state multicast by
 * every member for every table and every join cost N² deliveries each): its acknowledgements go to the coordinator
 * alone, its state to a newcomer alone, and nothing to everyone, with real JGroups channels.
 */
@Timeout(120)
class EngineTrafficTest {

    private EngineCluster cluster;

    @AfterEach
    void stop() {
        if (this.cluster != null) {
            this.cluster.close();
        }
    }

    @Test
    void aBystanderAcknowledgesToTheCoordinatorAloneAndIntroducesItselfToANewcomerAlone() throws Exception {
        this.cluster = new EngineCluster("traffic", List.of(VipDef.auto("vip-1")), EngineFailoverTest.spread(4));
        Node one = this.cluster.start("node-1"); // first: the coordinator, and vip-1's preferred holder
        Node two = this.cluster.start("node-2");
        Node three = this.cluster.start("node-3", true, node -> node.dropper.watching = true);
        this.cluster.awaitOwner("vip-1", List.of(one, two, three), "node-1");
        assertEquals("node-1", three.engine.coordinator().orElseThrow());
        this.settle(three);

        // a newcomer: it needs node-3's state, the others have it; the coordinator's table for the view is acknowledged
        List<String> sent = this.during(three, () -> {
            Node four = this.cluster.start("node-4");
            this.cluster.awaitOwner("vip-1", List.of(one, two, three, four), "node-1");
            this.awaitSent(three, s -> s.equals("Introduction to node-4"));
        });
        assertEquals(1, count(sent, "Introduction to node-4"), () -> "node-3 sent " + sent);
        assertEquals(0, count(sent, "State to all"), () -> "node-3's state did not change, yet it went to everyone: " + sent);
        assertTrue(sent.stream().allMatch(s -> s.equals("Introduction to node-4") || s.equals("Ack to node-1")), () -> "node-3 sent " + sent);

        // the coordinator and holder crashes: node-2 coordinates and takes vip-1; node-3 acknowledges node-2's tables only
        List<String> afterCrash = this.during(three, () -> {
            one.crash();
            this.cluster.awaitOwner("vip-1", this.cluster.live(), "node-2");
            this.awaitSent(three, s -> s.equals("Ack to node-2"));
        });
        assertEquals(0, count(afterCrash, "State to all"), () -> "node-3 sent " + afterCrash);
        assertTrue(count(afterCrash, "Ack to node-2") >= 1 && afterCrash.stream().allMatch(s -> s.equals("Ack to node-2")),
                () -> "node-3 sent " + afterCrash);
    }

    private interface Step {
        void run() throws Exception;
    }

    /** What the node sent while the step ran (and its consequences settled). */
    private List<String> during(Node node, Step step) throws Exception {
        node.dropper.sent.clear();
        step.run();
        this.settle(node);
        return new ArrayList<>(node.dropper.sent);
    }

    /** Until the node has sent nothing for a second: the tables and acknowledgements of the last change are through. */
    private void settle(Node node) throws InterruptedException {
        int last = -1;
        while (node.dropper.sent.size() != last) {
            last = node.dropper.sent.size();
            Thread.sleep(1000);
        }
    }

    private void awaitSent(Node node, Predicate<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (node.dropper.sent.stream().noneMatch(what)) {
            assertTrue(System.nanoTime() < deadline, () -> "not sent within 10 s; sent " + node.dropper.sent);
            Thread.sleep(20);
        }
    }

    private static long count(List<String> sent, String what) {
        return sent.stream().filter(what::equals).count();
    }
}
