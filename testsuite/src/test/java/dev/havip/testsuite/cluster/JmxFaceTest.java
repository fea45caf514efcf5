package dev.havip.testsuite.cluster;

import static dev.havip.testsuite.cluster.ClusterAssertions.awaitOwner;
import static dev.havip.testsuite.cluster.ClusterAssertions.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.Attribute;
import javax.management.AttributeChangeNotification;
import javax.management.MBeanServerConnection;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.havip.testsuite.Cli;

/**
 * ha-vip's JMX face as an admin meets it in JConsole: two real servers (loopback, {@code method=none}), RBAC on,
 * a remote JMX client over WildFly's JMX remoting logged in as a management user. It reads every SPEC attribute,
 * takes the VIP over from the non-owner and receives the State and Owner notifications of both servers; a Monitor
 * reads but may not move anything, over JMX or the CLI; /metrics shows the failover; removing a VIP at runtime
 * takes its bean away and adding it back brings it back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JmxFaceTest {

    static final String WEB = "/subsystem=ha-vip/virtual-ip=web";
    static final ObjectName WEB_BEAN = name("dev.havip:type=VirtualIp,name=web");
    static final ObjectName CLUSTER_BEAN = name("dev.havip:type=Cluster");
    static final ObjectName CHECK_BEAN = name("dev.havip:type=HealthCheck,name=management");
    static final Duration NOTIFIED = Duration.ofSeconds(15);

    static WildFlyNode a;
    static WildFlyNode b;

    @BeforeAll
    static void startCluster() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("havip.testsuite.target", "target"), "jmx"));
        a = new WildFlyNode("node-a", 0, dir);
        b = new WildFlyNode("node-b", 100, dir);
        for (WildFlyNode node : List.of(a, b)) {
            ManagementUsers.add(node);
            node.start();
        }
        for (WildFlyNode node : List.of(a, b)) {
            node.awaitRunning();
            configure(node, node == a ? 200 : 100);
        }
        // /metrics collects the resources that exist at boot: after the reload the VIP and the check are among them
        a.reload();
        b.reload();
        awaitOwner(WEB, "node-a", a, b);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        WildFlyNode.closeAll(a, b);
    }

    @Test
    @Order(1)
    void jconsoleSeesEveryAttributeAndATakeoverNotifiesBothServers() throws Exception {
        try (JmxClient onA = JmxClient.connect(a, "maintainer", ManagementUsers.PASSWORD);
                JmxClient onB = JmxClient.connect(b, "maintainer", ManagementUsers.PASSWORD)) {
            MBeanServerConnection jmxA = onA.server();
            MBeanServerConnection jmxB = onB.server();
            // every SPEC attribute of the three bean types, as open types
            awaitAttribute(jmxA, CHECK_BEAN, "Status", "UP");
            awaitAttribute(jmxB, CHECK_BEAN, "Status", "UP");
            assertEquals("MASTER", jmxA.getAttribute(WEB_BEAN, "State"));
            assertEquals("BACKUP", jmxB.getAttribute(WEB_BEAN, "State"));
            for (MBeanServerConnection jmx : List.of(jmxA, jmxB)) {
                assertEquals("node-a", jmx.getAttribute(WEB_BEAN, "Owner"));
                assertEquals(true, jmx.getAttribute(WEB_BEAN, "Healthy"));
                assertEquals("198.18.0.100/24", jmx.getAttribute(WEB_BEAN, "Address"));
                assertEquals("eth0", jmx.getAttribute(WEB_BEAN, "Interface"));
                assertTrue((Long) jmx.getAttribute(WEB_BEAN, "FailoverCount") >= 0);
                Instant.parse((String) jmx.getAttribute(WEB_BEAN, "LastTransition"));
                assertEquals(List.of("node-a", "node-b"), Arrays.stream((String[]) jmx.getAttribute(CLUSTER_BEAN, "Members")).sorted().toList());
                assertNotNull(jmx.getAttribute(CLUSTER_BEAN, "Coordinator"));
                assertEquals(true, jmx.getAttribute(CLUSTER_BEAN, "Quorate"));
                assertEquals(false, jmx.getAttribute(CLUSTER_BEAN, "Maintenance"));
                assertEquals("UP", jmx.getAttribute(CHECK_BEAN, "Status"));
                assertNotNull(jmx.getAttribute(CHECK_BEAN, "LastResult"));
                CompositeData[] history = (CompositeData[]) jmx.invoke(CLUSTER_BEAN, "history", new Object[] { 5 }, new String[] { "int" });
                assertTrue(history.length > 0 && history.length <= 5, "history rows: " + history.length);
                assertTrue(history[0].containsKey("virtualIp") && history[0].containsKey("reason"), history[0].toString());
            }
            assertEquals("node-a", jmxA.getAttribute(CLUSTER_BEAN, "NodeName"));
            assertEquals("node-b", jmxB.getAttribute(CLUSTER_BEAN, "NodeName"));
            assertEquals(true, jmxA.getAttribute(WEB_BEAN, "Held"));
            assertEquals(false, jmxB.getAttribute(WEB_BEAN, "Held"));

            BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
            NotificationListener listenerA = (notification, handback) -> seen.add(new Seen("node-a", (AttributeChangeNotification) notification, System.nanoTime()));
            NotificationListener listenerB = (notification, handback) -> seen.add(new Seen("node-b", (AttributeChangeNotification) notification, System.nanoTime()));
            jmxA.addNotificationListener(WEB_BEAN, listenerA, null, null);
            jmxB.addNotificationListener(WEB_BEAN, listenerB, null, null);

            long called = System.nanoTime();
            jmxB.invoke(WEB_BEAN, "takeover", new Object[0], new String[0]);

            List<String> wanted = List.of("node-a State MASTER->BACKUP", "node-a Owner ->node-b", "node-b State BACKUP->MASTER", "node-b Owner ->node-b");
            java.util.Map<String, Long> at = new java.util.TreeMap<>();
            long deadline = System.nanoTime() + NOTIFIED.toNanos();
            while (at.size() < wanted.size() && System.nanoTime() < deadline) {
                Seen next = seen.poll(100, TimeUnit.MILLISECONDS);
                if (next != null && wanted.contains(next.key())) {
                    at.putIfAbsent(next.key(), next.nanos());
                }
            }
            at.forEach((what, when) -> System.out.printf("[jmx] takeover() on node-b -> notification '%s' after %d ms%n", what, (when - called) / 1_000_000));
            assertEquals(java.util.Set.copyOf(wanted), at.keySet(), "notifications received within " + NOTIFIED);
            // the CLI of each server names the new owner: one runtime behind both faces
            awaitOwner(WEB, "node-b", a, b);
            assertEquals("node-b", read(b, WEB, "pinned-to").asString());
            jmxA.removeNotificationListener(WEB_BEAN, listenerA);
            jmxB.removeNotificationListener(WEB_BEAN, listenerB);
        }
    }

    @Test
    @Order(3)
    void aMonitorReadsEverythingAndMovesNothingOverJmxAndTheCli() throws Exception {
        // RBAC on (it takes effect at the reload); a Maintainer's pin does not survive the reload, so node-a holds again
        for (WildFlyNode node : List.of(a, b)) {
            ManagementUsers.rbac(node);
            node.reload();
        }
        awaitOwner(WEB, "node-a", a, b);
        try (JmxClient monitor = JmxClient.connect(a, "monitor", ManagementUsers.PASSWORD);
                JmxClient operator = JmxClient.connect(a, "operator", ManagementUsers.PASSWORD);
                ModelControllerClient monitorCli = ManagementUsers.client(a, "Monitor");
                ModelControllerClient maintainerCli = ManagementUsers.client(a, "Maintainer")) {
            MBeanServerConnection jmx = monitor.server();
            assertEquals("node-a", jmx.getAttribute(WEB_BEAN, "Owner"));
            awaitAttribute(jmx, CHECK_BEAN, "Status", "UP"); // its first probe after the reload
            assertTrue(((CompositeData[]) jmx.invoke(CLUSTER_BEAN, "history", new Object[] { 3 }, new String[] { "int" })).length > 0,
                    "history only reads: a Monitor may call it");
            for (String operation : List.of("takeover", "release", "clear")) {
                Exception refused = assertThrows(Exception.class, () -> jmx.invoke(WEB_BEAN, operation, new Object[0], new String[0]));
                System.out.printf("[jmx] monitor %s() refused: %s%n", operation, refused);
            }
            assertThrows(Exception.class, () -> jmx.invoke(WEB_BEAN, "moveTo", new Object[] { "node-b" }, new String[] { String.class.getName() }));
            assertThrows(Exception.class, () -> jmx.setAttribute(CLUSTER_BEAN, new Attribute("Maintenance", true)));
            // an Operator passes the JMX check for actions, then the management model asks for Maintainer
            Exception operatorRefused = assertThrows(Exception.class,
                    () -> operator.server().invoke(WEB_BEAN, "takeover", new Object[0], new String[0]));
            System.out.printf("[jmx] operator takeover() refused: %s%n", operatorRefused);
            assertTrue(String.valueOf(rootMessage(operatorRefused)).contains("WFLYCTL0313"), "refused by RBAC: " + rootMessage(operatorRefused));

            Cli cli = new Cli(monitorCli);
            assertEquals("node-a", cli.readAttribute(WEB, "owner").asString());
            for (String operation : List.of("takeover", "release", "clear")) {
                ModelNode response = cli.execute(Cli.operation(WEB, operation));
                assertEquals("failed", response.get("outcome").asString(), operation + " by a Monitor: " + response);
            }
            ModelNode move = Cli.operation(WEB, "move");
            move.get("node").set("node-b");
            assertEquals("failed", cli.execute(move).get("outcome").asString());
            assertEquals("failed", cli.writeAttribute("/subsystem=ha-vip", "maintenance", ModelNode.TRUE).get("outcome").asString());
            assertEquals(false, read(a, "/subsystem=ha-vip", "maintenance").asBoolean());
            assertEquals("node-a", read(a, WEB, "owner").asString(), "nothing moved");
            assertFalse(read(a, WEB, "pinned-to").isDefined(), "nothing pinned");

            // a Maintainer may, under RBAC too: over the CLI and over JMX
            ModelNode maintainerMove = Cli.operation(WEB, "move");
            maintainerMove.get("node").set("node-b");
            new Cli(maintainerCli).ok(maintainerMove);
            awaitOwner(WEB, "node-b", a, b);
            try (JmxClient maintainer = JmxClient.connect(a, "maintainer", ManagementUsers.PASSWORD)) {
                maintainer.server().invoke(WEB_BEAN, "clear", new Object[0], new String[0]);
            }
            awaitOwner(WEB, "node-a", a, b); // auto failback once the pin is gone
        }
    }

    /** Before RBAC is on: with RBAC, an anonymous scrape (the metrics subsystem's security-enabled=false) sees no wildfly_* metric at all. */
    @Test
    @Order(2)
    void metricsShowTheFailovers() throws Exception {
        for (WildFlyNode node : List.of(a, b)) {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (9990 + node.portOffset) + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
            long failovers = value(metrics, "wildfly_ha_vip_failover_count_total");
            long stateCode = value(metrics, "wildfly_ha_vip_state_code");
            long holding = value(metrics, "wildfly_ha_vip_holding");
            System.out.printf("[jmx] %s /metrics: failover_count_total=%d state_code=%d holding=%d%n", node.name, failovers, stateCode, holding);
            assertEquals(read(node, WEB, "failover-count").asLong(), failovers, "the metric is the CLI's failover-count");
            assertTrue(failovers >= 1, "web moved from node-a to node-b: " + failovers);
            assertEquals(node == b ? 2 : 1, stateCode, "MASTER is 2, BACKUP 1");
            assertEquals(node == b ? 1 : 0, holding);
        }
    }

    @Test
    @Order(4)
    void removingAVipAtRuntimeTakesItsBeanAwayAndAddingItBackBringsItBack() throws Exception {
        try (JmxClient onA = JmxClient.connect(a, "maintainer", ManagementUsers.PASSWORD)) {
            MBeanServerConnection jmx = onA.server();
            assertTrue(jmx.isRegistered(WEB_BEAN));
            Cli cli = new Cli(a.client());
            ModelNode removed = cli.ok(Cli.operation(WEB, "remove"));
            assertFalse(jmx.isRegistered(WEB_BEAN), "the bean left with the resource");
            awaitOwner(WEB, "node-b", b); // node-a released the VIP, node-b took it
            configureVip(a, 200);
            assertTrue(jmx.isRegistered(WEB_BEAN), "the bean is back");
            awaitOwner(WEB, "node-a", a, b);
            assertEquals("MASTER", jmx.getAttribute(WEB_BEAN, "State"));
            assertEquals("running", cli.readAttribute("", "server-state").asString(), "no reload or restart needed: " + removed);
        }
    }

    private static void awaitAttribute(MBeanServerConnection jmx, ObjectName bean, String attribute, Object expected) throws Exception {
        long deadline = System.nanoTime() + NOTIFIED.toNanos();
        while (!expected.equals(jmx.getAttribute(bean, attribute)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, jmx.getAttribute(bean, attribute), bean + " " + attribute);
    }

    private static void configure(WildFlyNode node, int priority) throws Exception {
        Cli cli = new Cli(node.client());
        ModelNode check = Cli.operation("/subsystem=ha-vip/health-check=management", "add");
        check.get("type").set("tcp");
        check.get("target").add("127.0.0.1:" + (9990 + node.portOffset));
        cli.ok(check);
        configureVip(node, priority);
    }

    private static void configureVip(WildFlyNode node, int priority) throws Exception {
        new Cli(node.client()).ok(WildFlyNode.noneVipAdd(WEB, priority));
    }

    /** The value of the one sample of a metric (ha-vip has one VIP here). */
    private static long value(String metrics, String metric) {
        Matcher matcher = Pattern.compile("(?m)^" + metric + "\\{[^}]*virtual_ip=\"web\"[^}]*\\} ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(matcher.find(), metric + " not in /metrics:\n" + metrics.lines().filter(l -> l.contains("ha_vip")).toList());
        return (long) Double.parseDouble(matcher.group(1));
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One notification as a test client received it. */
    private record Seen(String node, AttributeChangeNotification notification, long nanos) {
        /** State changes with both ends; Owner changes by the new owner only (a node may or may not see "nobody" in between). */
        String key() {
            String attribute = this.notification.getAttributeName();
            String from = attribute.equals("Owner") ? "" : String.valueOf(this.notification.getOldValue());
            return this.node + " " + attribute + " " + from + "->" + this.notification.getNewValue();
        }
    }
}
