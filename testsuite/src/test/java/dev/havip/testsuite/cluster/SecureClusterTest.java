package dev.havip.testsuite.cluster;

import static dev.havip.testsuite.cluster.ClusterAssertions.await;
import static dev.havip.testsuite.cluster.ClusterAssertions.awaitOwner;
import static dev.havip.testsuite.cluster.ClusterAssertions.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

import org.jboss.dmr.ModelNode;
import org.jgroups.JChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.havip.testsuite.Cli;
import dev.havip.testsuite.ClusterKeys;
import dev.havip.testsuite.SecretScan;

/**
 * README "Secure cluster", run as written: two real servers (port offsets 500 and 600, transport ports 8160 and 8260,
 * peers pointed there) get a PKCS12 key store made by keytool at run time, the Elytron key store, key manager, trust
 * manager and the two SSL contexts, set on the {@code ha-vip-secure} stack (no FD_SOCK2) that ha-vip then uses.
 * They elect one owner ({@code method=none}); two strangers with the right cluster name — a plain JGroups channel
 * without TLS and one with TLS but a key of its own — stay out of the view for 20 s and the VIP stays where it is;
 * kill -9 of the holder moves it (time printed). No password in any file the servers wrote, the whole management
 * model, ha-vip's history or the MBeans' attributes (issue 13).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureClusterTest {

    static final String VIP = "/subsystem=ha-vip/virtual-ip=web";
    static final String STORE = "ha-vip-cluster.p12";
    static final String PASSWORD_VARIABLE = ClusterKeys.PASSWORD_VARIABLE;
    /** ha-vip-peer1/2 follow the offsets: 7660 + 500, 7660 + 600 (other servers on this host use offsets 0 and 100). */
    static final List<String> PEERS = List.of("-Dha-vip.peer1.port=8160", "-Dha-vip.peer2.port=8260");
    static final String TLS13_SUITES = ClusterKeys.TLS13_SUITES;
    static final Duration STRANGER_WATCH = Duration.ofSeconds(20);

    static final String password = ClusterKeys.randomPassword("havip");
    static final String roguePassword = ClusterKeys.randomPassword("rogue");
    static Path dir;
    static WildFlyNode a;
    static WildFlyNode b;

    @BeforeAll
    static void startSecureCluster() throws Exception {
        dir = Files.createDirectories(Path.of(System.getProperty("havip.testsuite.target", "target"), "secure-cluster"));
        Path store = ClusterKeys.keytool(dir.resolve(STORE), password, "CN=ha-vip-cluster");
        ClusterKeys.keytool(dir.resolve("rogue.p12"), roguePassword, "CN=ha-vip-cluster"); // same name, another key
        a = new WildFlyNode("node-a", 500, dir).withArguments(PEERS.toArray(String[]::new)).withEnvironment(PASSWORD_VARIABLE, password);
        b = new WildFlyNode("node-b", 600, dir).withArguments(PEERS.toArray(String[]::new)).withEnvironment(PASSWORD_VARIABLE, password);
        for (WildFlyNode node : List.of(a, b)) {
            Files.copy(store, node.baseDir().resolve("configuration").resolve(STORE));
            ManagementUsers.add(node); // a JMX client, as JConsole, for the secret scan
            node.start();
        }
        for (WildFlyNode node : List.of(a, b)) {
            node.awaitRunning();
            secure(node);
        }
        for (WildFlyNode node : List.of(a, b)) {
            node.reload();
        }
        for (WildFlyNode node : List.of(a, b)) {
            new Cli(node.client()).ok(WildFlyNode.noneVipAdd(VIP, node == a ? 200 : 100));
        }
    }

    /** README "Secure cluster", step 2: the CLI commands, as management operations. */
    static void secure(WildFlyNode node) throws Exception {
        Cli cli = new Cli(node.client());
        ModelNode credential = new ModelNode();
        credential.get("clear-text").set(new org.jboss.dmr.ValueExpression("${env." + PASSWORD_VARIABLE + "}"));

        ModelNode keyStore = Cli.operation("/subsystem=elytron/key-store=ha-vip-cluster", "add");
        keyStore.get("path").set(STORE);
        keyStore.get("relative-to").set("jboss.server.config.dir");
        keyStore.get("type").set("PKCS12");
        keyStore.get("credential-reference").set(credential);
        cli.ok(keyStore);
        ModelNode keyManager = Cli.operation("/subsystem=elytron/key-manager=ha-vip-cluster", "add");
        keyManager.get("key-store").set("ha-vip-cluster");
        keyManager.get("credential-reference").set(credential);
        cli.ok(keyManager);
        ModelNode trustManager = Cli.operation("/subsystem=elytron/trust-manager=ha-vip-cluster", "add");
        trustManager.get("key-store").set("ha-vip-cluster");
        cli.ok(trustManager);
        ModelNode server = Cli.operation("/subsystem=elytron/server-ssl-context=ha-vip-server", "add");
        server.get("key-manager").set("ha-vip-cluster");
        server.get("trust-manager").set("ha-vip-cluster");
        server.get("need-client-auth").set(true);
        server.get("protocols").add("TLSv1.3");
        server.get("cipher-suite-names").set(TLS13_SUITES); // Elytron enables TLS 1.3 only with its suites named
        cli.ok(server);
        ModelNode client = Cli.operation("/subsystem=elytron/client-ssl-context=ha-vip-client", "add");
        client.get("key-manager").set("ha-vip-cluster");
        client.get("trust-manager").set("ha-vip-cluster");
        client.get("protocols").add("TLSv1.3");
        client.get("cipher-suite-names").set(TLS13_SUITES);
        cli.ok(client);

        // each SSL context requires the other: both in one composite (the CLI's batch)
        ModelNode composite = Cli.operation("", "composite");
        for (String attribute : List.of("client-ssl-context", "server-ssl-context")) {
            ModelNode write = Cli.operation("/subsystem=jgroups/stack=ha-vip-secure/transport=TCP", "write-attribute");
            write.get("name").set(attribute);
            write.get("value").set(attribute.startsWith("client") ? "ha-vip-client" : "ha-vip-server");
            composite.get("steps").add(write);
        }
        cli.ok(composite);
        cli.writeAttribute("/subsystem=ha-vip", "stack", new ModelNode("ha-vip-secure"));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        WildFlyNode.closeAll(a, b);
    }

    @Test
    @Order(1)
    void theSecurePairElectsOneOwner() throws Exception {
        awaitOwner(VIP, "node-a", a, b);
        for (WildFlyNode node : List.of(a, b)) {
            await(node, "/subsystem=ha-vip", "members", m -> m.isDefined() && m.asList().size() == 2);
            assertEquals(Set.of("node-a", "node-b"), Set.copyOf(names(read(node, "/subsystem=ha-vip", "members"))));
            assertEquals("ha-vip-secure", read(node, "/subsystem=ha-vip", "stack").asString());
            assertEquals("ha-vip-server", read(node, "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP", "server-ssl-context").asString());
        }
        assertEquals("MASTER", read(a, VIP, "state").asString());
        assertEquals("BACKUP", read(b, VIP, "state").asString());
    }

    @Test
    @Order(2)
    void strangersWithTheClusterNameButNoKeyStayOutAndTheVipStays() throws Exception {
        awaitOwner(VIP, "node-a", a, b);
        long failoversBefore = read(b, VIP, "failover-count").asLong() + read(a, VIP, "failover-count").asLong();
        String initialHosts = "127.0.0.1[8160],127.0.0.1[8260]";
        // the project's own public plain stack, no TLS at all
        JChannel plain = stranger("jgroups/ha-vip.xml", "zz-plain", 8360, initialHosts, null);
        // the secure plain-JGroups stack with TLS, but a key store the cluster does not trust
        JChannel wrongKey = stranger("jgroups/ha-vip-secure.xml", "zz-wrong-key", 8370, initialHosts, dir.resolve("rogue.p12"));
        try {
            long deadline = System.nanoTime() + STRANGER_WATCH.toNanos();
            int polls = 0;
            while (System.nanoTime() < deadline) {
                for (WildFlyNode node : List.of(a, b)) {
                    List<String> members = names(read(node, "/subsystem=ha-vip", "members"));
                    assertEquals(Set.of("node-a", "node-b"), Set.copyOf(members), node.name + " lets no stranger in: " + members);
                    assertEquals("node-a", read(node, VIP, "owner").asString(), "the VIP stays on node-a (" + node.name + ")");
                }
                assertEquals("MASTER", read(a, VIP, "state").asString());
                assertTrue(read(a, VIP, "held").asBoolean());
                assertEquals(1, plain.getView().size(), "the plain stranger sees only itself: " + plain.getView());
                assertEquals(1, wrongKey.getView().size(), "the stranger with a wrong key sees only itself: " + wrongKey.getView());
                polls++;
                Thread.sleep(200);
            }
            long failoversAfter = read(b, VIP, "failover-count").asLong() + read(a, VIP, "failover-count").asLong();
            assertEquals(failoversBefore, failoversAfter, "no failover while the strangers tried");
            System.out.printf("[secure-cluster] two strangers (no TLS; TLS with an untrusted key) tried for %d s: "
                    + "%d polls of both servers, never in the view, VIP stayed on node-a%n", STRANGER_WATCH.toSeconds(), polls);
        } finally {
            plain.close();
            wrongKey.close();
        }
    }

    @Test
    @Order(3)
    void killOfTheHolderMovesTheVip() throws Exception {
        awaitOwner(VIP, "node-a", a, b);
        long killed = a.kill();
        Instant killedAt = Instant.now().minusNanos(System.nanoTime() - killed);
        awaitOwner(VIP, "node-b", b);
        long observed = Duration.ofNanos(System.nanoTime() - killed).toMillis();
        ModelNode history = Cli.operation("/subsystem=ha-vip", "history");
        history.get("limit").set(20);
        Instant master = new Cli(b.client()).ok(history).asList().stream()
                .filter(t -> t.get("virtual-ip").asString().equals("web") && t.get("to").asString().equals("MASTER"))
                .map(t -> Instant.parse(t.get("time").asString())).findFirst().orElseThrow();
        long serverMillis = Duration.between(killedAt, master).toMillis();
        System.out.printf("[secure-cluster] kill -9 of node-a -> node-b MASTER of 'web' after %d ms (server clock); "
                + "the CLI showed it after %d ms (ha-vip-secure: TLS, no FD_SOCK2)%n", serverMillis, observed);
        assertTrue(serverMillis <= 5_000, "node-b is MASTER within 5 s of the kill: " + serverMillis + " ms");
        assertEquals(List.of("node-b"), names(read(b, "/subsystem=ha-vip", "members")));
    }

    @Test
    @Order(4)
    void noSecretInLogsConfigurationHistoryMBeansOrManagementOutput() throws Exception {
        List<String> secrets = List.of(password, roguePassword);
        Cli cli = new Cli(b.client());
        ModelNode everything = Cli.operation("", "read-resource");
        everything.get("recursive").set(true);
        everything.get("include-runtime").set(true);
        String model = cli.ok(everything).toString();
        assertTrue(model.contains("ha-vip-secure") && model.contains("key-store"), "the whole model was read: " + model.length());
        SecretScan.assertNoSecretIn("read-resource(recursive, include-runtime) of the whole model", model, secrets);
        ModelNode keyStore = cli.ok(Cli.operation("/subsystem=elytron/key-store=ha-vip-cluster", "read-resource"));
        assertTrue(keyStore.toString().contains("${env." + PASSWORD_VARIABLE + "}"), "read-resource shows the expression: " + keyStore);
        ModelNode history = Cli.operation("/subsystem=ha-vip", "history");
        SecretScan.assertNoSecretIn("ha-vip's history", cli.ok(history).toString(), secrets);
        String mbeans;
        try (JmxClient jmx = JmxClient.connect(b, "maintainer", ManagementUsers.PASSWORD)) {
            mbeans = attributes(jmx, "dev.havip:*", "jboss.as.expr:subsystem=elytron,*", "jboss.as:subsystem=jgroups,*", "jboss.as:subsystem=ha-vip,*");
        }
        assertTrue(mbeans.contains("dev.havip:"), "ha-vip's MBeans were read: " + mbeans.length());
        SecretScan.assertNoSecretIn("the attributes of ha-vip's MBeans, Elytron's (expressions) and JGroups'", mbeans, secrets);
        // WildFly's jboss.as JMX domain shows credential references with expressions resolved; its own masking is
        // RBAC: credentials are sensitive, readable by Administrator, Auditor and SuperUser only
        ManagementUsers.rbac(b);
        b.reload();
        String elytron;
        try (JmxClient jmx = JmxClient.connect(b, "maintainer", ManagementUsers.PASSWORD)) {
            elytron = attributes(jmx, "jboss.as:subsystem=elytron,*", "jboss.as.expr:subsystem=elytron,*", "dev.havip:*");
        }
        assertTrue(elytron.contains("dev.havip:"), "the Maintainer reads ha-vip's MBeans: " + elytron.length());
        System.out.printf("[secure-cluster] with RBAC a Maintainer %s the key store's MBean%n",
                elytron.contains("key-store=ha-vip-cluster") ? "sees" : "does not even see");
        SecretScan.assertNoSecretIn("the Elytron MBeans as a Maintainer sees them (RBAC)", elytron, secrets);
        int files = SecretScan.assertNoSecretInFiles(List.of(a.baseDir(), b.baseDir(), dir), secrets);
        System.out.printf("[secure-cluster] no password in the model (%d chars), history, %d + %d chars of MBean attributes, %d files%n",
                model.length(), mbeans.length(), elytron.length(), files);
        assertTrue(Files.readString(a.baseDir().resolve("configuration/standalone.xml")).contains("${env." + PASSWORD_VARIABLE + "}"));
    }

    /** Every readable attribute of the MBeans matching {@code patterns}, one per line ("unreadable" where access is denied). */
    private static String attributes(JmxClient jmx, String... patterns) throws Exception {
        StringBuilder out = new StringBuilder();
        MBeanServerConnection server = jmx.server();
        for (String pattern : patterns) {
            for (ObjectName name : server.queryNames(new ObjectName(pattern), null)) {
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    out.append(name).append(' ').append(attribute.getName()).append('=');
                    try {
                        out.append(server.getAttribute(name, attribute.getName())).append('\n');
                    } catch (Exception unreadable) {
                        out.append("unreadable\n");
                    }
                }
            }
        }
        return out.toString();
    }

    /** A plain JGroups process on this host with the right cluster name: {@code keyStore} null means no TLS at all. */
    private static JChannel stranger(String stackXml, String name, int port, String initialHosts, Path keyStore) throws Exception {
        System.setProperty("jgroups.tcp.port", Integer.toString(port));
        System.setProperty("jgroups.tcpping.initial_hosts", initialHosts);
        if (keyStore != null) {
            System.setProperty("jgroups.tls.keystore_path", keyStore.toString());
            System.setProperty("jgroups.tls.keystore_password", roguePassword);
            System.setProperty("jgroups.tls.truststore_path", keyStore.toString());
            System.setProperty("jgroups.tls.truststore_password", roguePassword);
        }
        try (InputStream xml = SecureClusterTest.class.getClassLoader().getResourceAsStream(stackXml)) {
            JChannel channel = new JChannel(xml).name(name);
            channel.connect("ha-vip");
            return channel;
        } finally {
            for (String property : List.of("jgroups.tcp.port", "jgroups.tcpping.initial_hosts", "jgroups.tls.keystore_path",
                    "jgroups.tls.keystore_password", "jgroups.tls.truststore_path", "jgroups.tls.truststore_password")) {
                System.clearProperty(property);
            }
        }
    }

    private static List<String> names(ModelNode list) {
        return list.isDefined() ? list.asList().stream().map(ModelNode::asString).toList() : List.of();
    }
}
