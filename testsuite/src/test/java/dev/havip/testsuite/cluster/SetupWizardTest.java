package dev.havip.testsuite.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.havip.testsuite.ServerDirs;
import dev.havip.testsuite.Terminal;

/**
 * bin/ha-vip-setup.sh as an administrator uses it, on copies of the provisioned server: typed at a
 * pseudo-terminal (wrong answers included, each refused with its reason and asked again) and without
 * questions; then both servers run and form a cluster in which exactly one holds the VIP
 * ({@code method=none}: on loopback nothing moves, ownership is decided and shown). Interrupting
 * the wizard at any question, closing its input, declining, or a batch the server refuses leave
 * {@code standalone.xml} byte for byte as it was.
 */
class SetupWizardTest {

    private static final Path SETUP = WildFlyNode.HOME.resolve("bin/ha-vip-setup.sh");
    private static final String VIP = "/subsystem=ha-vip/virtual-ip=web";
    private final Path work = Path.of(System.getProperty("havip.testsuite.target", "target"), "setup-wizard");

    private WildFlyNode nodeA;
    private WildFlyNode nodeB;

    @AfterEach
    void stopServers() throws InterruptedException {
        WildFlyNode.closeAll(this.nodeA, this.nodeB);
    }

    /** The answers of node-a at its prompts, in order; "" keeps the suggestion. */
    private static final String[][] NODE_A = {
        { "Node name", "node-a" }, { "Priority [100]", "200" }, { "Cluster address", "127.0.0.1" }, { "Cluster port [7660]", "" },
        { "Peers [127.0.0.1:7760]", "" }, { "HTTP address [0.0.0.0]", "" }, { "VIP name [web]", "" }, { "VIP address", "198.18.0.100/24" },
        { "Interface", "lo" }, { "Health check [none]", "" }, { "Failback [auto]", "" }, { "Failback delay (ms) [0]", "" },
        { "Quorum [tie-breaker]", "none" }, { "Method [ip]", "none" }, { "Cluster key [new]", "none" }, { "Apply this to standalone.xml?", "" },
    };
    private static final int CLUSTER_KEY = 14;
    private static final String PASSWORD = "Cluster-Secret-42";

    @Test
    void typedAndFlagAnswersMakeTheSameServersThatElectOneHolder() throws Exception {
        this.nodeA = new WildFlyNode("node-a", 0, this.work);
        this.nodeB = new WildFlyNode("node-b", 100, this.work);
        try (Terminal terminal = Terminal.start(List.of(SETUP.toString(), "--base-dir=" + this.nodeA.baseDir()))) {
            answer(terminal, "Node name", "node-a");
            answer(terminal, "Priority [100]", "0");
            refused(terminal, "'0' is outside 1-254", "Priority [100]", "255");
            refused(terminal, "'255' is outside 1-254", "Priority [100]", "200");
            answer(terminal, "Cluster address", "10.255.255.1");
            refused(terminal, "'10.255.255.1' is not an address of this host", "Cluster address", "127.0.0.1");
            for (int i = 3; i < 7; i++) {
                answer(terminal, NODE_A[i][0], NODE_A[i][1]);
            }
            answer(terminal, "VIP address", "198.18.0.300/24");
            refused(terminal, "'198.18.0.300' is not an IPv4 address", "VIP address", "198.18.0.100/33");
            refused(terminal, "prefix length 33 is outside 1..32", "VIP address", "198.18.0.100/24");
            answer(terminal, "Interface", "eth9");
            refused(terminal, "this host has no interface 'eth9'", "Interface", "lo");
            for (int i = 9; i < CLUSTER_KEY; i++) {
                answer(terminal, NODE_A[i][0], NODE_A[i][1]);
            }
            answer(terminal, "Cluster key [new]", "");
            answer(terminal, "Password (not shown)", "short");
            refused(terminal, "needs at least 8 characters", "Password (not shown)", PASSWORD);
            answer(terminal, "The same again", PASSWORD);
            for (int i = CLUSTER_KEY + 1; i < NODE_A.length; i++) {
                answer(terminal, NODE_A[i][0], NODE_A[i][1]);
            }
            terminal.expect("Applied to " + this.nodeA.baseDir().resolve("configuration/standalone.xml"));
            terminal.expect("--non-interactive --node-name=NAME");
            assertEquals(0, terminal.awaitExit(), terminal.all());
            assertFalse(terminal.all().contains(PASSWORD), "the password was echoed:\n" + terminal.all());
        }
        Path keyStore = this.nodeA.baseDir().resolve("configuration/ha-vip-cluster.p12");
        assertTrue(Files.isRegularFile(keyStore), "the wizard made the cluster key store");
        assertFalse(Files.readString(config(this.nodeA.baseDir())).contains(PASSWORD), "the password is in standalone.xml");

        // the same answers as flags, on a second copy: the same configuration, byte for byte
        Path flagsCopy = this.work.resolve("node-a-flags");
        ServerDirs.freshCopy(WildFlyNode.HOME, flagsCopy);
        assertEquals(0, runWithoutQuestions(flagsCopy, PASSWORD, "--node-name=node-a", "--priority=200", "--cluster-address=127.0.0.1",
                "--vip-address=198.18.0.100/24", "--interface=lo", "--quorum=none", "--cluster-key=new", "--method=none"));
        assertEquals(Files.readString(config(this.nodeA.baseDir())), Files.readString(config(flagsCopy)));

        // node-b imports node-a's key store (as if copied over), with the same password
        assertEquals(0, runWithoutQuestions(this.nodeB.baseDir(), PASSWORD, "--node-name=node-b", "--priority=100", "--cluster-address=127.0.0.1",
                "--peers=127.0.0.1:7660", "--vip-address=198.18.0.100/24", "--interface=lo", "--quorum=none", "--cluster-key=" + keyStore,
                "--method=none"));
        this.nodeA.withEnvironment("HAVIP_CLUSTER_PASSWORD", PASSWORD);
        this.nodeB.withEnvironment("HAVIP_CLUSTER_PASSWORD", PASSWORD);
        this.nodeA.start();
        this.nodeB.start(); // port offset 100: its cluster port 7660 becomes 7760, the peer node-a named
        this.nodeA.awaitRunning();
        this.nodeB.awaitRunning();
        for (WildFlyNode node : List.of(this.nodeA, this.nodeB)) {
            ClusterAssertions.await(node, "/subsystem=ha-vip", "members", members -> members.isDefined() && members.asList().size() == 2);
        }
        for (WildFlyNode node : List.of(this.nodeA, this.nodeB)) {
            assertEquals("ha-vip-secure", ClusterAssertions.read(node, "/subsystem=ha-vip", "stack").asString(), node.name + "'s stack");
        }
        ClusterAssertions.awaitOwner(VIP, "node-a", this.nodeA, this.nodeB);
        assertFalse(ClusterAssertions.read(this.nodeB, VIP, "held").asBoolean(), "node-b holds the VIP too");
        ModelNode served = ClusterAssertions.read(this.nodeA, VIP, "served");
        assertTrue(served.asBoolean(), "the HTTP address the wizard set (0.0.0.0) serves the VIP: " + served);

        // again on running node-b, only its priority given: the rest are the values it has (read from its standalone.xml),
        // applied to the running server; after the reload the wizard asks for, node-b is preferred and takes the VIP back
        List<String> output = new ArrayList<>();
        assertEquals(0, runWithoutQuestions(this.nodeB.baseDir(), output, PASSWORD, "--controller=127.0.0.1:" + (9990 + this.nodeB.portOffset),
                "--priority=250"));
        String printed = String.join("\n", output);
        assertTrue(printed.contains("The server runs: the changes go to it"), printed);
        for (String kept : List.of("node-name            node-b", "peers                127.0.0.1:7660", "vip-address          198.18.0.100/24",
                "interface            lo", "method               none", "cluster-key          keep")) {
            assertTrue(printed.contains(kept), "the second run keeps '" + kept + "':\n" + printed);
        }
        assertEquals(250, ClusterAssertions.read(this.nodeB, "/subsystem=ha-vip", "priority").asInt(), "node-b's model after the run");
        this.nodeB.reload();
        ClusterAssertions.awaitOwner(VIP, "node-b", this.nodeA, this.nodeB);
    }

    @Test
    void interruptedClosedDeclinedOrRefusedChangesNothing() throws Exception {
        Path base = this.work.resolve("node-c");
        ServerDirs.freshCopy(WildFlyNode.HOME, base);
        byte[] before = Files.readAllBytes(config(base));
        for (int stage = 0; stage < NODE_A.length; stage++) {
            try (Terminal terminal = Terminal.start(List.of(SETUP.toString(), "--base-dir=" + base))) {
                for (int i = 0; i < stage; i++) {
                    answer(terminal, NODE_A[i][0], NODE_A[i][1]);
                }
                terminal.expect(NODE_A[stage][0]);
                terminal.expect(": ");
                terminal.interrupt();
                terminal.expect("interrupted; nothing changed.");
                int exit = terminal.awaitExit();
                assertTrue(exit != 0, "Ctrl-C at '" + NODE_A[stage][0] + "' ended with 0:\n" + terminal.all());
            }
            assertArrayEquals(before, Files.readAllBytes(config(base)), "standalone.xml changed after Ctrl-C at " + NODE_A[stage][0]);
        }
        try (Terminal terminal = Terminal.start(List.of(SETUP.toString(), "--base-dir=" + base))) {
            for (int i = 0; i < CLUSTER_KEY; i++) {
                answer(terminal, NODE_A[i][0], NODE_A[i][1]);
            }
            answer(terminal, "Cluster key [new]", "new");
            terminal.expect("Password (not shown): ");
            terminal.interrupt();
            terminal.expect("interrupted; nothing changed.");
            assertTrue(terminal.awaitExit() != 0);
        }
        assertFalse(Files.exists(base.resolve("configuration/ha-vip-cluster.p12")), "Ctrl-C at the password left a key store");
        try (Terminal terminal = Terminal.start(List.of(SETUP.toString(), "--base-dir=" + base))) {
            answer(terminal, "Node name", "node-c");
            terminal.expect("Priority [100]: ");
            terminal.endOfInput();
            terminal.expect("Nothing changed.");
            assertEquals(1, terminal.awaitExit());
        }
        try (Terminal terminal = Terminal.start(List.of(SETUP.toString(), "--base-dir=" + base))) {
            for (int i = 0; i < NODE_A.length - 1; i++) {
                answer(terminal, NODE_A[i][0], NODE_A[i][1]);
            }
            answer(terminal, "Apply this to standalone.xml?", "no");
            terminal.expect("Nothing changed.");
            assertEquals(1, terminal.awaitExit());
        }
        assertArrayEquals(before, Files.readAllBytes(config(base)), "standalone.xml changed after end of input or 'no'");

        // a batch the server refuses: a second VIP on an address another VIP has (HAVIP0100); nothing of it is written
        assertEquals(0, runWithoutQuestions(base, (String) null, "--node-name=node-c", "--cluster-address=127.0.0.1", "--peers=127.0.0.1:7760",
                "--cluster-key=none", "--vip-name=other", "--vip-address=198.18.0.100/24", "--interface=lo",
                "--method=none", "--quorum=none"));
        byte[] configured = Files.readAllBytes(config(base));
        List<String> output = new ArrayList<>();
        assertEquals(1, runWithoutQuestions(base, output, PASSWORD, "--node-name=node-d", "--priority=50", "--cluster-address=127.0.0.1",
                "--peers=127.0.0.1:7760", "--cluster-key=new", "--vip-name=web", "--vip-address=198.18.0.100/24",
                "--interface=lo", "--method=none", "--quorum=none"));
        assertTrue(String.join("\n", output).contains("HAVIP0100"), "the server's reason is shown: " + output);
        assertTrue(String.join("\n", output).contains("the configuration was NOT changed"), String.join("\n", output));
        assertArrayEquals(configured, Files.readAllBytes(config(base)), "a refused batch changed standalone.xml");
        assertFalse(Files.exists(base.resolve("configuration/ha-vip-cluster.p12")), "the key store made for the refused batch is left");
    }

    private static void answer(Terminal terminal, String prompt, String typed) throws Exception {
        terminal.expect(prompt);
        terminal.expect(": ");
        terminal.type(typed);
    }

    /** The reason is shown, the same question comes again, and the next answer is typed. */
    private static void refused(Terminal terminal, String reason, String prompt, String typed) throws Exception {
        terminal.expect(reason);
        answer(terminal, prompt, typed);
    }

    private static Path config(Path base) {
        return base.resolve("configuration/standalone.xml");
    }

    /** @param password the cluster key's, given as the server gets it (HAVIP_CLUSTER_PASSWORD), or null */
    private static int runWithoutQuestions(Path base, String password, String... answers) throws Exception {
        return runWithoutQuestions(base, new ArrayList<>(), password, answers);
    }

    private static int runWithoutQuestions(Path base, List<String> output, String password, String... answers) throws Exception {
        List<String> command = new ArrayList<>(List.of(SETUP.toString(), "--non-interactive", "--base-dir=" + base));
        command.addAll(List.of(answers));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (password != null) {
            builder.environment().put("HAVIP_CLUSTER_PASSWORD", password);
        }
        Process process = builder.start();
        byte[] printed = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the wizard ended");
        output.addAll(new String(printed, StandardCharsets.UTF_8).lines().toList());
        System.out.printf("[setup] %s -> exit %d%n%s%n", String.join(" ", answers), process.exitValue(), String.join("\n", output));
        return process.exitValue();
    }
}
