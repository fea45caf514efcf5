package dev.havip.testsuite.cluster;

import static dev.havip.testsuite.cluster.ClusterAssertions.await;
import static dev.havip.testsuite.cluster.ClusterAssertions.awaitOwner;
import static dev.havip.testsuite.cluster.ClusterAssertions.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.havip.testsuite.Cli;

/**
 * Two provisioned WildFly servers on loopback (port offsets 0 and 100), one JGroups cluster over the
 * ha-vip stack, VIPs with {@code method=none}: ownership is decided and shown, no address moves.
 * node-a prefers both VIPs; "auto" fails back, "manual" stays where it is. The steps build on
 * each other, like an admin's session: crash, restart, move, maintenance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoServerFailoverTest {

    static final String AUTO = "/subsystem=ha-vip/virtual-ip=auto";
    static final String MANUAL = "/subsystem=ha-vip/virtual-ip=manual";

    static WildFlyNode a;
    static WildFlyNode b;

    @BeforeAll
    static void startCluster() throws Exception {
        List<WildFlyNode> pair = WildFlyNode.startPair("two-servers");
        a = pair.get(0);
        b = pair.get(1);
        configure(a, 200);
        configure(b, 100);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        WildFlyNode.closeAll(a, b);
    }

    @Test
    @Order(1)
    void bothServersShowTheSameOwner() throws Exception {
        awaitOwner(AUTO, "node-a", a, b);
        awaitOwner(MANUAL, "node-a", a, b);
        assertEquals("MASTER", read(a, AUTO, "state").asString());
        assertEquals("BACKUP", read(b, AUTO, "state").asString());
        assertTrue(read(a, AUTO, "held").asBoolean());
        assertFalse(read(b, AUTO, "held").asBoolean());
        // members in view order (coordinator first: whoever started first), the same view on both
        assertEquals(java.util.Set.of("node-a", "node-b"), java.util.Set.copyOf(names(read(a, "/subsystem=ha-vip", "members"))));
        assertEquals(read(a, "/subsystem=ha-vip", "members"), read(b, "/subsystem=ha-vip", "members"));
        assertEquals(read(a, "/subsystem=ha-vip", "coordinator"), read(b, "/subsystem=ha-vip", "coordinator"));
        assertEquals(read(a, "/subsystem=ha-vip", "view-id"), read(b, "/subsystem=ha-vip", "view-id"));
    }

    @Test
    @Order(2)
    void killOfTheOwnerMovesBothVipsToThePeer() throws Exception {
        long killed = a.kill();
        java.time.Instant killedAt = java.time.Instant.now().minusNanos(System.nanoTime() - killed);
        awaitOwner(AUTO, "node-b", b);
        long observed = Duration.ofNanos(System.nanoTime() - killed).toMillis();
        // node-b's own record of when it became MASTER (same machine, same clock)
        java.time.Instant master = new Cli(b.client()).ok(historyOp(20)).asList().stream()
                .filter(t -> t.get("virtual-ip").asString().equals("auto") && t.get("to").asString().equals("MASTER"))
                .map(t -> java.time.Instant.parse(t.get("time").asString())).findFirst().orElseThrow();
        System.out.printf("[two-servers] kill -9 of node-a -> node-b MASTER of 'auto' after %d ms (server clock); "
                + "the CLI showed it after %d ms (method=none, loopback)%n", Duration.between(killedAt, master).toMillis(), observed);
        assertTrue(Duration.between(killedAt, master).toMillis() <= 3_000,
                "node-b is MASTER within 3 s of the kill (132-167 ms measured): " + Duration.between(killedAt, master).toMillis() + " ms");
        assertTrue(observed <= 5_000, "the CLI shows node-b as the owner within 5 s of the kill: " + observed + " ms");
        awaitOwner(MANUAL, "node-b", b);
        assertTrue(read(b, AUTO, "held").asBoolean());
        assertEquals(List.of("node-b"), names(read(b, "/subsystem=ha-vip", "members")));
        assertTrue(read(b, AUTO, "failover-count").asLong() >= 1, "failover-count counts the move");
    }

    @Test
    @Order(3)
    void restartedPreferredNodeTakesBackOnlyTheAutoVip() throws Exception {
        a.start();
        a.awaitRunning(); // its configuration (with both VIPs) was persisted before the kill
        awaitBothMembers();
        awaitOwner(AUTO, "node-a", a, b);
        assertTrue(read(a, AUTO, "held").asBoolean());
        awaitOwner(MANUAL, "node-b", a, b); // failback=manual: the holder keeps it
        assertTrue(read(b, MANUAL, "held").asBoolean());
    }

    @Test
    @Order(4)
    void moveHandsOverAndPins() throws Exception {
        awaitBothMembers();
        ModelNode move = Cli.operation(MANUAL, "move");
        move.get("node").set("node-a");
        new Cli(b.client()).ok(move);
        awaitOwner(MANUAL, "node-a", a, b);
        assertTrue(read(a, MANUAL, "held").asBoolean());
        await(b, MANUAL, "held", held -> !held.asBoolean());
        assertEquals("node-a", read(b, MANUAL, "pinned-to").asString());

        new Cli(a.client()).ok(Cli.operation(MANUAL, "clear"));
        await(a, MANUAL, "pinned-to", pin -> !pin.isDefined());
    }

    @Test
    @Order(5)
    void maintenanceHandsEverythingToThePeerAndBack() throws Exception {
        awaitBothMembers();
        ModelNode on = new Cli(a.client()).writeAttribute("/subsystem=ha-vip", "maintenance", ModelNode.TRUE);
        assertEquals("success", on.get("outcome").asString(), on::toString);
        awaitOwner(AUTO, "node-b", a, b);
        awaitOwner(MANUAL, "node-b", a, b);
        assertEquals("MAINTENANCE", read(a, AUTO, "state").asString());
        assertFalse(read(a, AUTO, "held").asBoolean());

        new Cli(a.client()).writeAttribute("/subsystem=ha-vip", "maintenance", ModelNode.FALSE);
        awaitOwner(AUTO, "node-a", a, b);
        awaitOwner(MANUAL, "node-b", a, b);
        ModelNode history = new Cli(a.client()).ok(historyOp(10));
        assertTrue(history.asList().stream().anyMatch(t -> t.get("to").asString().equals("MAINTENANCE")), history::toString);
    }

    /**
     * WildFly's {@code :suspend} (also the first step of {@code :shutdown} and SIGTERM): a suspended server refuses
     * requests, so its VIPs are on the peer by the time the operation returns (the handover runs inside the suspend,
     * before the request controller stops taking requests), and {@code :resume} makes it a candidate again.
     */
    @Test
    @Order(6)
    void suspendHandsTheVipsOverBeforeItReturnsAndResumeTakesThemBack() throws Exception {
        awaitBothMembers();
        awaitOwner(AUTO, "node-a", a, b);
        new Cli(a.client()).ok(Cli.operation("", "suspend"));
        // no waiting: the suspend returned, so the handover is done
        assertTrue(read(b, AUTO, "held").asBoolean(), "node-b holds the VIP when the suspend of node-a returns");
        assertFalse(read(a, AUTO, "held").asBoolean(), "suspended node-a holds nothing");
        assertEquals("SUSPENDED", new Cli(a.client()).readAttribute("", "suspend-state").asString());
        ModelNode takeover = new Cli(a.client()).execute(Cli.operation(AUTO, "takeover"));
        assertEquals("failed", takeover.get("outcome").asString(), takeover::toString);
        assertTrue(takeover.get("failure-description").asString().contains("the server is suspended"), takeover::toString);

        new Cli(a.client()).ok(Cli.operation("", "resume"));
        awaitOwner(AUTO, "node-a", a, b); // failback=auto: back once it is a candidate again
        assertTrue(read(a, AUTO, "held").asBoolean());
    }

    /** Both servers in one view (a busy machine can make a restarted node form its own view first, then merge). */
    private static void awaitBothMembers() throws Exception {
        for (WildFlyNode node : List.of(a, b)) {
            await(node, "/subsystem=ha-vip", "members", members -> members.isDefined() && members.asList().size() == 2);
        }
    }

    private static ModelNode historyOp(int limit) {
        ModelNode op = Cli.operation("/subsystem=ha-vip", "history");
        op.get("limit").set(limit);
        return op;
    }

    private static void configure(WildFlyNode node, int priority) throws Exception {
        Cli cli = new Cli(node.client());
        for (String vip : List.of(AUTO, MANUAL)) {
            ModelNode add = Cli.operation(vip, "add");
            add.get("ip-address").set(vip.equals(AUTO) ? "198.18.0.100/24" : "198.18.0.101/24");
            add.get("interface").set("eth0");
            add.get("method").set("none");
            add.get("priority").set(priority);
            add.get("failback").set(vip.equals(AUTO) ? "auto" : "manual");
            cli.ok(add);
        }
    }

    private static List<String> names(ModelNode list) {
        return list.asList().stream().map(ModelNode::asString).toList();
    }
}
