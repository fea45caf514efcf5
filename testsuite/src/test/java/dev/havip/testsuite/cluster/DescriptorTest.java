package dev.havip.testsuite.cluster;

import static dev.havip.testsuite.cluster.ClusterAssertions.awaitOwner;
import static dev.havip.testsuite.cluster.ClusterAssertions.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.havip.testsuite.Cli;

/**
 * The deployment descriptor ha-vip.xml on two real servers (loopback, {@code method=none}): a {@code standby} WAR
 * serves only where the VIP is and follows it after a kill -9; undeploying a {@code monitor} WAR on the holder moves
 * the VIP; bad descriptors fail only their own deployment.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DescriptorTest {

    static final String VIP = "/subsystem=ha-vip/virtual-ip=web";
    static final String NS = "urn:dev.havip:deployment:1.0";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static WildFlyNode a;
    static WildFlyNode b;

    @BeforeAll
    static void startCluster() throws Exception {
        List<WildFlyNode> pair = WildFlyNode.startPair("descriptor");
        a = pair.get(0);
        b = pair.get(1);
        for (WildFlyNode node : pair) {
            new Cli(node.client()).ok(WildFlyNode.noneVipAdd(VIP, node == a ? 200 : 100));
        }
        awaitOwner(VIP, "node-a", a, b);
        for (WildFlyNode node : pair) {
            try (InputStream war = war("standby.war", "<ha-vip xmlns=\"" + NS + "\"><bind virtual-ip=\"web\" mode=\"standby\"/></ha-vip>")) {
                node.deploy("standby.war", war);
            }
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        WildFlyNode.closeAll(a, b);
    }

    @Test
    @Order(1)
    void aStandbyAppServesOnlyWhereTheVipIs() throws Exception {
        awaitStatus(a, "/standby/", 200, Duration.ofSeconds(10));
        assertEquals(404, status(b, "/standby/"), "node-b does not hold the VIP: its standby app does not run");
        assertEquals("OK", read(b, "/deployment=standby.war", "status").asString(), "deployed on node-b, held back");
    }

    /**
     * A planned move starts the standby app on the new holder before that server takes the VIP: its own log shows
     * Undertow registering the app's context before ha-vip's BACKUP -> MASTER (server clock, ms), and the app stops on
     * the old holder after it let go.
     */
    @Test
    @Order(2)
    void aPlannedMoveStartsTheStandbyAppOnTheNewHolderBeforeItTakesTheVip() throws Exception {
        for (String[] step : new String[][] { { "move", "node-b" }, { "clear", "node-a" } }) {
            WildFlyNode to = step[1].equals("node-b") ? b : a;
            WildFlyNode from = to == a ? b : a;
            ModelNode op = Cli.operation(VIP, step[0]);
            if (step[0].equals("move")) {
                op.get("node").set(step[1]);
            }
            Instant asked = Instant.now();
            new Cli(a.client()).ok(op);
            awaitOwner(VIP, to.name, a, b);
            Instant master = new Cli(to.client()).ok(history()).asList().stream()
                    .filter(t -> t.get("virtual-ip").asString().equals("web") && t.get("to").asString().equals("MASTER"))
                    .map(t -> Instant.parse(t.get("time").asString())).findFirst().orElseThrow();
            Instant registered = logTimes(to, "Registered web context: '/standby'").stream()
                    .filter(t -> !t.isBefore(asked.minusMillis(1000)) && !t.isAfter(master)).reduce((x, y) -> y)
                    .orElseThrow(() -> new AssertionError(to.name + " did not register /standby between the request and its MASTER at " + master));
            System.out.printf("[descriptor] %s to %s: /standby/ registered %d ms after the request, %d ms before %s became MASTER%n",
                    step[0], to.name, Duration.between(asked, registered).toMillis(), Duration.between(registered, master).toMillis(), to.name);
            awaitStatus(to, "/standby/", 200, Duration.ofSeconds(10));
            awaitStatus(from, "/standby/", 404, Duration.ofSeconds(10)); // and it stopped on the old holder
        }
    }

    /** When the server logged lines containing {@code text} (its log's clock: this machine's, ms). */
    private static List<Instant> logTimes(WildFlyNode node, String text) throws java.io.IOException {
        java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
        return java.nio.file.Files.readAllLines(node.baseDir().resolve("log/server.log")).stream().filter(line -> line.contains(text))
                .map(line -> java.time.LocalDateTime.parse(line.substring(0, 23), format).atZone(java.time.ZoneId.systemDefault()).toInstant()).toList();
    }

    @Test
    @Order(3)
    void undeployingAMonitorAppOnTheHolderMovesTheVipAndTheStandbyAppFollows() throws Exception {
        for (WildFlyNode node : List.of(a, b)) {
            try (InputStream war = war("monitor.war", "<ha-vip xmlns=\"" + NS + "\"><bind virtual-ip=\"web\" mode=\"monitor\"/></ha-vip>")) {
                node.deploy("monitor.war", war);
            }
        }
        awaitOwner(VIP, "node-a", a, b);
        long undeployed = System.nanoTime();
        new Cli(a.client()).ok(Cli.operation("/deployment=monitor.war", "undeploy"));
        awaitOwner(VIP, "node-b", a, b);
        long moved = System.nanoTime();
        awaitStatus(b, "/standby/", 200, Duration.ofSeconds(10));
        long served = System.nanoTime();
        awaitStatus(a, "/standby/", 404, Duration.ofSeconds(10));
        System.out.printf("[descriptor] undeploy of monitor.war on node-a -> node-b holds the VIP after %d ms, serves /standby/ after %d ms%n",
                (moved - undeployed) / 1_000_000, (served - undeployed) / 1_000_000);
        assertFalse(read(a, VIP, "healthy").asBoolean(), "node-a is not eligible without its monitor app");

        new Cli(a.client()).ok(Cli.operation("/deployment=monitor.war", "deploy"));
        awaitOwner(VIP, "node-a", a, b); // failback=auto once the app is up again
        awaitStatus(a, "/standby/", 200, Duration.ofSeconds(10));
        awaitStatus(b, "/standby/", 404, Duration.ofSeconds(10));
    }

    @Test
    @Order(4)
    void afterAKillTheSurvivorStartsTheStandbyApp() throws Exception {
        long killed = a.kill();
        Instant killedAt = Instant.now().minusNanos(System.nanoTime() - killed);
        awaitStatus(b, "/standby/", 200, Duration.ofSeconds(30));
        long served = System.nanoTime();
        Instant master = new Cli(b.client()).ok(history()).asList().stream()
                .filter(t -> t.get("virtual-ip").asString().equals("web") && t.get("to").asString().equals("MASTER"))
                .map(t -> Instant.parse(t.get("time").asString())).findFirst().orElseThrow();
        Instant servedAt = Instant.now().minusNanos(System.nanoTime() - served);
        long fromKill = (served - killed) / 1_000_000;
        long fromTakeover = Duration.between(master, servedAt).toMillis();
        System.out.printf("[descriptor] kill -9 of node-a -> node-b MASTER after %d ms, first 200 from node-b's /standby/ after %d ms"
                + " (%d ms after the takeover: the app's start on the survivor)%n", Duration.between(killedAt, master).toMillis(), fromKill, fromTakeover);
        assertTrue(fromKill <= 10_000, "the standby app answers on the survivor within 10 s of the kill: " + fromKill + " ms");
    }

    @Test
    @Order(5)
    void badDescriptorsFailOnlyTheirDeployment() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("unknown-vip.war", "<ha-vip xmlns=\"" + NS + "\"><bind virtual-ip=\"db\" mode=\"monitor\"/></ha-vip>");
        bad.put("unknown-mode.war", "<ha-vip xmlns=\"" + NS + "\"><bind virtual-ip=\"web\" mode=\"hot\"/></ha-vip>");
        bad.put("malformed.war", "<ha-vip xmlns=\"" + NS + "\"><bind virtual-ip=\"web\" mode=\"monitor\">");
        bad.put("namespace.war", "<ha-vip xmlns=\"urn:example\"><bind virtual-ip=\"web\" mode=\"monitor\"/></ha-vip>");
        bad.put("twice.war", "<ha-vip xmlns=\"" + NS + "\"><bind virtual-ip=\"web\" mode=\"monitor\"/><bind virtual-ip=\"web\" mode=\"standby\"/></ha-vip>");
        bad.put("no-mode.war", "<ha-vip xmlns=\"" + NS + "\"><bind virtual-ip=\"web\"/></ha-vip>");
        bad.put("oversized.war", "<ha-vip xmlns=\"" + NS + "\"><!--" + "x".repeat(70_000) + "--><bind virtual-ip=\"web\" mode=\"monitor\"/></ha-vip>");
        Map<String, String> expected = Map.of("unknown-vip.war", "HAVIP0401", "unknown-mode.war", "mode 'hot' is not known",
                "malformed.war", "malformed XML", "namespace.war", "in namespace 'urn:example'", "twice.war", "bound twice",
                "no-mode.war", "needs the attribute mode", "oversized.war", "larger than 65536 bytes");
        for (Map.Entry<String, String> war : bad.entrySet()) {
            IllegalStateException refused;
            try (InputStream content = war(war.getKey(), war.getValue())) {
                refused = assertThrows(IllegalStateException.class, () -> b.deploy(war.getKey(), content));
            }
            String message = refused.getMessage();
            System.out.printf("[descriptor] %s refused: %s%n", war.getKey(), message.replaceAll("\\s+", " ").replaceFirst(".*(HAVIP04\\d\\d)", "$1"));
            assertTrue(message.contains(expected.get(war.getKey())) && message.contains("HAVIP04"), war.getKey() + ": " + message);
            assertTrue(message.contains(war.getKey() + "/WEB-INF/ha-vip.xml"), "the message names the file: " + message);
        }
        // the server, its VIP and the other deployments carry on
        assertEquals("running", new Cli(b.client()).readAttribute("", "server-state").asString());
        assertEquals("node-b", read(b, VIP, "owner").asString());
        assertEquals(200, status(b, "/standby/"));
        assertEquals(200, status(b, "/monitor/"));
    }

    @Test
    @Order(6)
    void removingTheVipStopsItsStandbyApp() throws Exception {
        assertEquals(200, status(b, "/standby/"), "node-b holds the VIP and serves the app");
        new Cli(b.client()).ok(Cli.operation(VIP, "remove"));
        awaitStatus(b, "/standby/", 404, Duration.ofSeconds(10)); // nothing holds the VIP here any more: the app is held back again
        assertEquals("OK", read(b, "/deployment=standby.war", "status").asString(), "still deployed, held back");
        assertEquals("running", new Cli(b.client()).readAttribute("", "server-state").asString());
    }

    private static ModelNode history() {
        ModelNode op = Cli.operation("/subsystem=ha-vip", "history");
        op.get("limit").set(20);
        return op;
    }

    static InputStream war(String name, String descriptor) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addAsWebResource(new StringAsset(name), "index.html")
                .addAsWebInfResource(new StringAsset(descriptor), "ha-vip.xml")
                .as(ZipExporter.class).exportAsInputStream();
    }

    static int status(WildFlyNode node, String path) throws Exception {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (8080 + node.portOffset) + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static void awaitStatus(WildFlyNode node, String path, int expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int status = status(node, path);
        while (status != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
            status = status(node, path);
        }
        assertEquals(expected, status, node.name + " " + path);
    }
}
