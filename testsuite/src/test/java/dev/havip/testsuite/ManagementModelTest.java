package dev.havip.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Virtual IPs and health checks are added, changed and removed through the management API like
 * any WildFly resource, and bad values are refused with a message naming the attribute while the
 * server, and the configuration already there, carry on.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ManagementModelTest {

    static final String SUBSYSTEM = "/subsystem=ha-vip";
    static final String GOOD_VIP = SUBSYSTEM + "/virtual-ip=good";
    static final String GOOD_CHECK = SUBSYSTEM + "/health-check=good";

    @ArquillianResource
    ManagementClient management;

    Cli cli;

    @Deployment(testable = false)
    static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "probe.war").addAsWebResource(new StringAsset("probe"), "index.html");
    }

    @BeforeEach
    void addGoodConfiguration() throws Exception {
        this.cli = new Cli(this.management.getControllerClient());
        this.cli.ok(add(GOOD_CHECK, op -> {
            op.get("type").set("tcp");
            op.get("target").add("127.0.0.1:8080");
        }));
        this.cli.ok(add(GOOD_VIP, op -> {
            op.get("ip-address").set("198.18.0.100/24");
            op.get("interface").set("eth0");
            op.get("method").set("none");
            op.get("health-checks").add("good");
        }));
    }

    @AfterEach
    void removeGoodConfiguration() throws Exception {
        this.cli.ok(Cli.operation(GOOD_VIP, "remove"));
        this.cli.ok(Cli.operation(GOOD_CHECK, "remove"));
    }

    @Test
    void virtualIpAndHealthCheckRoundTrip() throws Exception {
        this.cli.ok(add(SUBSYSTEM + "/health-check=web", op -> {
            op.get("type").set("http");
            op.get("target").set("http://127.0.0.1:8080/health"); // a plain string becomes a one-element list
            op.get("fall").set(2);
        }));
        this.cli.ok(add(SUBSYSTEM + "/virtual-ip=v6", op -> {
            op.get("ip-address").set("fd00::100/64");
            op.get("interface").set("eth1");
            op.get("method").set("none");
            op.get("failback").set("manual");
            op.get("health-checks").add("web");
        }));
        assertEquals("fd00::100/64", this.cli.readAttribute(SUBSYSTEM + "/virtual-ip=v6", "address").asString(), "alias of ip-address");
        assertEquals(List.of(new ModelNode("http://127.0.0.1:8080/health")), this.cli.readAttribute(SUBSYSTEM + "/health-check=web", "target").asList());

        // applied at once, restarting only this VIP's service (without the header: reload-required)
        ModelNode writeOp = Cli.operation(SUBSYSTEM + "/virtual-ip=v6", "write-attribute");
        writeOp.get("name").set("address");
        writeOp.get("value").set("fd00::200/64");
        writeOp.get("operation-headers", "allow-resource-service-restart").set(true);
        ModelNode write = this.cli.execute(writeOp);
        assertEquals("success", write.get("outcome").asString(), write::toString);
        assertEquals("fd00::200/64", this.cli.readAttribute(SUBSYSTEM + "/virtual-ip=v6", "ip-address").asString());

        ModelNode inUse = this.cli.execute(Cli.operation(SUBSYSTEM + "/health-check=web", "remove"));
        assertEquals("failed", inUse.get("outcome").asString(), "a referenced health check cannot be removed: " + inUse);

        this.cli.ok(Cli.operation(SUBSYSTEM + "/virtual-ip=v6", "remove"));
        this.cli.ok(Cli.operation(SUBSYSTEM + "/health-check=web", "remove"));
        ModelNode gone = this.cli.execute(Cli.operation(SUBSYSTEM + "/virtual-ip=v6", "read-resource"));
        assertEquals("failed", gone.get("outcome").asString());
    }

    /**
     * This server's public interface is 127.0.0.1 (no -b): a VIP elsewhere would be held and announced but refused to
     * every client. The server says so in its log (HAVIP0015) and in the VIP's {@code served}; a VIP on the address
     * the HTTP listener is bound to is served.
     */
    @Test
    void aVipThatNoHttpListenerServesIsReported() throws Exception {
        assertEquals(false, this.cli.readAttribute(GOOD_VIP, "served").asBoolean(), "198.18.0.100 is not served by a listener on 127.0.0.1");
        ModelNode read = Cli.operation("/subsystem=logging/log-file=server.log", "read-log-file");
        read.get("lines").set(2000);
        ModelNode log = this.cli.ok(read);
        assertTrue(log.asList().stream().map(ModelNode::asString).anyMatch(line -> line.contains("HAVIP0015") && line.contains("VIP good (198.18.0.100)")
                && line.contains("http on 127.0.0.1") && line.contains("-b 0.0.0.0")), "the warning names the VIP, the listener and the fix");
        this.cli.ok(add(SUBSYSTEM + "/virtual-ip=local", op -> {
            op.get("ip-address").set("127.0.0.1/8");
            op.get("interface").set("lo");
            op.get("method").set("none");
        }));
        try {
            assertEquals(true, this.cli.readAttribute(SUBSYSTEM + "/virtual-ip=local", "served").asBoolean(), "the listener's own address is served");
        } finally {
            this.cli.ok(Cli.operation(SUBSYSTEM + "/virtual-ip=local", "remove"));
        }
    }

    @Test
    void aCommandThatDoesNotExistIsReportedDownNotACrash() throws Exception {
        String check = SUBSYSTEM + "/health-check=missing";
        this.cli.ok(add(check, op -> {
            op.get("type").set("command");
            op.get("target").add("/nonexistent/check-app");
            op.get("interval").set(100);
            op.get("fall").set(1);
        }));
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (!"DOWN".equals(this.cli.readAttribute(check, "status").asString()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals("DOWN", this.cli.readAttribute(check, "status").asString());
            String result = this.cli.readAttribute(check, "last-result").asString();
            assertTrue(result.contains("/nonexistent/check-app"), "last-result says what failed: " + result);
            assertEquals("running", this.cli.readAttribute("", "server-state").asString());
        } finally {
            this.cli.ok(Cli.operation(check, "remove"));
        }
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                vip("malformed CIDR", "ip-address", op -> base(op).get("ip-address").set("198.18.0.300/24")),
                vip("address without prefix", "ip-address", op -> base(op).get("ip-address").set("198.18.0.100")),
                vip("IPv4 prefix 33", "ip-address", op -> base(op).get("ip-address").set("198.18.0.100/33")),
                vip("IPv6 prefix 129", "ip-address", op -> base(op).get("ip-address").set("fd00::1/129")),
                vip("host name instead of an address", "ip-address", op -> base(op).get("ip-address").set("example.com/24")),
                vip("shell metacharacters in interface", "interface", op -> base(op).get("interface").set("eth0;reboot")),
                vip("option-like interface", "interface", op -> base(op).get("interface").set("-x")),
                vip("space in interface", "interface", op -> base(op).get("interface").set("eth 0")),
                vip("unknown failback", "failback", op -> base(op).get("failback").set("sometimes")),
                vip("unknown method", "method", op -> base(op).get("method").set("magic")),
                vip("negative failback-delay", "failback-delay", op -> base(op).get("failback-delay").set(-1)),
                vip("priority 255", "priority", op -> base(op).get("priority").set(255)),
                vip("garp-count 0", "garp-count", op -> base(op).get("garp-count").set(0)),
                vip("method=command without commands", "takeover-command", op -> base(op).get("method").set("command")),
                vip("relative executable", "takeover-command", op -> {
                    base(op).get("method").set("command");
                    op.get("takeover-command").add("vip-up").add("{address}");
                    op.get("release-command").add("/bin/true");
                }),
                vip("unknown placeholder", "notify-command", op -> base(op).get("notify-command").add("/bin/echo").add("{evil}")),
                vip("newline in an argument", "notify-command", op -> base(op).get("notify-command").add("/bin/echo").add("a\nb")),
                vip("unknown health check", "nope", op -> base(op).get("health-checks").add("nope")),
                vip("the address of another VIP (other prefix)", "virtual-ip=good", op -> base(op).get("ip-address").set("198.18.0.100/32")),
                vip("IPv6 zone id", "ip-address", op -> base(op).get("ip-address").set("fe80::1%eth0/64")),
                vip("oversized interface", "interface", op -> base(op).get("interface").set("x".repeat(10_000))),
                vip("control character in interface", "interface", op -> base(op).get("interface").set("eth\u00010")),
                vip("option-like argument in a command", "notify-command", op -> base(op).get("notify-command").add("-rf").add("/")),
                Arguments.of("VIP name with a leading -", SUBSYSTEM + "/virtual-ip=-rf", "name", (Consumer<ModelNode>) op -> base(op)),
                check("negative interval", "interval", op -> tcp(op).get("interval").set(-5)),
                check("port 0", "target", op -> {
                    op.get("type").set("tcp");
                    op.get("target").add("127.0.0.1:0");
                }),
                check("http target that is no URL", "target", op -> {
                    op.get("type").set("http");
                    op.get("target").add("not a url");
                }),
                check("command that is not an absolute path", "target", op -> {
                    op.get("type").set("command");
                    op.get("target").add("check.sh");
                }),
                check("unknown type", "type", op -> {
                    op.get("type").set("ping");
                    op.get("target").add("127.0.0.1:22");
                }),
                check("fall 0", "fall", op -> tcp(op).get("fall").set(0)));
    }

    static Stream<Arguments> badSubsystemValues() {
        return Stream.of(
                Arguments.of("command-prefix", list("sudo", "-n")),
                Arguments.of("command-timeout", new ModelNode(0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRejectedNamingTheAttribute(String description, String address, String named, Consumer<ModelNode> setup) throws Exception {
        ModelNode op = Cli.operation(address, "add");
        setup.accept(op);
        assertRejected(op, named);
    }

    @Test
    void badSubsystemWritesAreRejectedNamingTheAttribute() throws Exception {
        assertRejected(write("stack", new ModelNode("nope")), "nope");
        assertRejected(write("priority", new ModelNode(0)), "priority");
        assertRejected(write("quorum", new ModelNode("tie-breaker")), "tie-breaker-address");
        assertRejected(write("quorum", new ModelNode("most")), "quorum");
        assertRejected(write("tie-breaker-address", new ModelNode("gateway.example.com")), "tie-breaker-address");
        assertRejected(write("quorum", new ModelNode("witness")), "Attribute 'witness' is required");
        assertRejected(write("witness", new ModelNode("nope")), "outbound-socket-binding.nope");
        assertRejected(write("witness-ssl-context", new ModelNode("nope")), "ssl-context.nope");
        assertRejected(write("node-name", new ModelNode("a b")), "node-name");
        ModelNode fence = new ModelNode();
        fence.add("/usr/bin/fence").add("{address}");
        assertRejected(write("fence-command", fence), "fence-command");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubsystemValues")
    void badCommandSettingsAreRejected(String attribute, ModelNode value) throws Exception {
        assertRejected(write(attribute, value), attribute);
    }

    private static ModelNode list(String... values) {
        ModelNode list = new ModelNode().setEmptyList();
        for (String value : values) {
            list.add(value);
        }
        return list;
    }

    private void assertRejected(ModelNode op, String named) throws Exception {
        ModelNode response = this.cli.execute(op);
        assertEquals("failed", response.get("outcome").asString(), () -> "accepted: " + op);
        String message = response.get("failure-description").asString();
        assertTrue(message.contains(named), "failure should name '" + named + "': " + message);

        // nothing was lost: the server runs and the good configuration is intact
        assertEquals("running", this.cli.readAttribute("", "server-state").asString());
        assertEquals("198.18.0.100/24", this.cli.readAttribute(GOOD_VIP, "ip-address").asString());
        assertEquals("none", this.cli.readAttribute(SUBSYSTEM, "quorum").asString());
        assertFalse(this.cli.readAttribute(SUBSYSTEM, "stack").asString().equals("nope"));
    }

    private static ModelNode write(String attribute, ModelNode value) {
        ModelNode op = Cli.operation(SUBSYSTEM, "write-attribute");
        op.get("name").set(attribute);
        op.get("value").set(value);
        return op;
    }

    private static ModelNode add(String address, Consumer<ModelNode> setup) {
        ModelNode op = Cli.operation(address, "add");
        setup.accept(op);
        return op;
    }

    private static Arguments vip(String description, String named, Consumer<ModelNode> setup) {
        return Arguments.of(description, SUBSYSTEM + "/virtual-ip=bad", named, setup);
    }

    private static Arguments check(String description, String named, Consumer<ModelNode> setup) {
        return Arguments.of(description, SUBSYSTEM + "/health-check=bad", named, setup);
    }

    private static ModelNode base(ModelNode op) {
        op.get("ip-address").set("198.18.0.101/24");
        op.get("interface").set("eth0");
        return op;
    }

    private static ModelNode tcp(ModelNode op) {
        op.get("type").set("tcp");
        op.get("target").add("127.0.0.1:22");
        return op;
    }
}
