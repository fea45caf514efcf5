package dev.havip.testsuite.cluster;

import static dev.havip.testsuite.cluster.ClusterAssertions.await;
import static dev.havip.testsuite.cluster.ClusterAssertions.awaitOwner;
import static dev.havip.testsuite.cluster.ClusterAssertions.read;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.havip.testsuite.Cli;

/**
 * A dead service must cost the VIP even though the JVM and the heartbeat are fine: two servers, a
 * {@code deployment} health check on app.war, the VIP requires it. Undeploying the app on the owner
 * moves the VIP to the peer (event-driven: no polling interval in the way); redeploying brings it
 * back under failback=auto.
 */
class DeploymentHealthFailoverTest {

    static final String VIP = "/subsystem=ha-vip/virtual-ip=web";
    static final String CHECK = "/subsystem=ha-vip/health-check=app";
    static final String APP = "app.war";

    static WildFlyNode a;
    static WildFlyNode b;

    @BeforeAll
    static void startCluster() throws Exception {
        List<WildFlyNode> pair = WildFlyNode.startPair("deployment-health");
        a = pair.get(0);
        b = pair.get(1);
        for (WildFlyNode node : new WildFlyNode[] { a, b }) {
            Cli cli = new Cli(node.client());
            ModelNode check = Cli.operation(CHECK, "add");
            check.get("type").set("deployment");
            check.get("target").set(APP);
            cli.ok(check);
            ModelNode vip = WildFlyNode.noneVipAdd(VIP, node == a ? 200 : 100);
            vip.get("health-checks").add("app");
            cli.ok(vip);
            try (InputStream app = app()) {
                node.deploy(APP, app);
            }
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        WildFlyNode.closeAll(a, b);
    }

    @Test
    void undeployOnTheOwnerMovesTheVipAndRedeployBringsItBack() throws Exception {
        awaitOwner(VIP, "node-a", a, b);
        assertTrue(read(a, VIP, "healthy").asBoolean());
        assertTrue("UP".equals(read(a, CHECK, "status").asString()));

        long undeploy = System.nanoTime();
        new Cli(a.client()).ok(Cli.operation("/deployment=" + APP, "undeploy"));
        awaitOwner(VIP, "node-b", a, b);
        long moved = Duration.ofNanos(System.nanoTime() - undeploy).toMillis();
        System.out.printf("[deployment-health] undeploy of %s on node-a -> node-b owns and holds the VIP within %d ms (method=none)%n",
                APP, moved);
        assertTrue(moved <= 3_000, "the VIP moves within 3 s of the undeploy (52-146 ms measured): " + moved + " ms");
        assertFalse(read(a, VIP, "healthy").asBoolean());
        assertFalse(read(a, VIP, "held").asBoolean());
        assertTrue(read(a, CHECK, "status").asString().equals("DOWN"), "check on node-a");
        assertTrue(read(a, CHECK, "last-result").asString().contains("not running"), read(a, CHECK, "last-result")::toString);
        ModelNode history = Cli.operation("/subsystem=ha-vip", "history");
        history.get("limit").set(20);
        ModelNode entries = new Cli(a.client()).ok(history);
        assertTrue(entries.asList().stream().anyMatch(e -> e.get("health-check").asString().equals("app") && e.get("to").asString().equals("DOWN")),
                "the check's transition is in the history: " + entries);

        new Cli(a.client()).ok(Cli.operation("/deployment=" + APP, "deploy"));
        awaitOwner(VIP, "node-a", a, b);
        await(b, VIP, "held", held -> !held.asBoolean());
    }

    static InputStream app() {
        return ShrinkWrap.create(WebArchive.class, APP)
                .addAsWebResource(new StringAsset("app"), "index.html")
                .as(ZipExporter.class).exportAsInputStream();
    }
}
