package dev.havip.testsuite.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.havip.lab.Commands;
import dev.havip.lab.NetLab;
import dev.havip.lab.Tools;
import dev.havip.testsuite.Terminal;

/**
 * The set-up wizard in the namespace lab, as root, with the real {@code ip} method: node-a is set up by typing at
 * bin/ha-vip-setup.sh inside its namespace (the suggestions are read off that namespace: its address, eth0 for the
 * VIP's subnet, ROOT.war among the deployments; the namespace has no default route, so the hub is typed as tie-breaker), node-b without
 * questions, importing node-a's cluster key (TLS between them); both then start with the README's start-up line. A client gets node-a's app on the VIP, and after a
 * kill -9 of node-a's JVM, node-b's.
 */
class SetupWizardLabTest {

    private static final String VIP = "http://" + Lab.VIP + ":8080/";
    private static final String PASSWORD = "Lab-Cluster-Key-7";

    @Test
    void wizardConfiguredServersServeTheVipAndFailOver() throws Exception {
        NetLab.assumeRoot();
        Tools.require("ip", "arping", "curl");
        Assumptions.assumeTrue(Files.isRegularFile(LabServer.HOME.resolve("bin/ha-vip-setup.sh")), "needs the provisioned server");
        Path setup = LabServer.HOME.resolve("bin/ha-vip-setup.sh");
        try (NetLab net = new NetLab(Lab.GATEWAY).host("a", "198.18.0.1").host("b", "198.18.0.2").host("client", "198.18.0.10")) {
            Path work = Files.createDirectories(Path.of(System.getProperty("havip.testsuite.target", "target"), "lab-wizard", net.prefix()));
            try (LabServer a = new LabServer(net, "a", "node-a", "198.18.0.1", work);
                    LabServer b = new LabServer(net, "b", "node-b", "198.18.0.2", work)) {
                List<String> typing = new ArrayList<>(net.exec("a"));
                typing.addAll(List.of(setup.toString(), "--base-dir=" + a.baseDir()));
                try (Terminal terminal = Terminal.start(typing)) {
                    String[][] answers = {
                        { "Node name", "node-a" }, { "Priority [100]", "200" }, { "Cluster address [198.18.0.1]", "" },
                        { "Cluster port [7660]", "" }, { "Peers", "198.18.0.2" }, { "HTTP address [0.0.0.0]", "" }, { "VIP name [web]", "" },
                        { "VIP address", "198.18.0.100/24" }, { "Interface [eth0]", "" }, { "Health check [none]", "deployment:ROOT.war" },
                        { "Failback [auto]", "" }, { "Failback delay (ms) [0]", "" }, { "Quorum [tie-breaker]", "" },
                        { "Tie-breaker address", Lab.GATEWAY }, { "Method [ip]", "" }, { "Cluster key [new]", "" },
                        { "Password (not shown)", PASSWORD }, { "The same again", PASSWORD }, { "Apply this to standalone.xml?", "" },
                    };
                    for (String[] answer : answers) {
                        if (answer[0].startsWith("Health check")) {
                            terminal.expect("deployments here: ROOT.war"); // offered in the explanation
                        }
                        terminal.expect(answer[0]);
                        terminal.expect(": ");
                        terminal.type(answer[1]);
                    }
                    terminal.expect("Applied to");
                    assertEquals(0, terminal.awaitExit(), terminal.all());
                    System.out.println("[lab-wizard] node-a's session:\n" + terminal.all());
                }
                // node-b without questions, with node-a's key store (as if copied over) and the password in its environment
                List<String> flags = new ArrayList<>(net.exec("b"));
                flags.addAll(List.of(setup.toString(), "--non-interactive", "--base-dir=" + b.baseDir(),
                        "--node-name=node-b", "--priority=100", "--peers=198.18.0.1", "--vip-address=198.18.0.100/24", "--health-check=deployment:ROOT.war",
                        "--tie-breaker-address=" + Lab.GATEWAY, "--cluster-key=" + a.baseDir().resolve("configuration/ha-vip-cluster.p12")));
                ProcessBuilder withoutQuestions = new ProcessBuilder(flags).redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                withoutQuestions.environment().put("HAVIP_CLUSTER_PASSWORD", PASSWORD); // not on a command line
                Process process = withoutQuestions.start();
                String printed = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(process.waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "node-b's wizard ended");
                System.out.println("[lab-wizard] node-b:\n" + printed);
                assertEquals(0, process.exitValue(), printed);

                a.withEnvironment("HAVIP_CLUSTER_PASSWORD", PASSWORD).start();
                b.withEnvironment("HAVIP_CLUSTER_PASSWORD", PASSWORD).start();
                Lab.awaitServing(net, a);
                Lab.awaitServing(net, b);
                String cluster = b.cli("/subsystem=ha-vip:read-resource(include-runtime=true)");
                String members = cluster.replaceFirst("(?s).*\"members\" => \\[([^]]*)].*", "$1");
                assertTrue(cluster.contains("\"stack\" => \"ha-vip-secure\"") && members.contains("node-a") && members.contains("node-b"),
                        "node-b runs the secure stack with node-a as member: " + cluster);
                long up = System.nanoTime();
                assertEquals("node-a", awaitAnswer(net, "node-a", 30_000), "the client on the VIP");
                System.out.printf("[lab-wizard] the VIP answered node-a %d ms after both served%n", (System.nanoTime() - up) / 1_000_000);
                long killed = System.nanoTime();
                a.jvm().destroyForcibly();
                assertEquals("node-b", awaitAnswer(net, "node-b", 10_000), "the client on the VIP after kill -9 of node-a");
                System.out.printf("[lab-wizard] the VIP answered node-b %d ms after kill -9 of node-a%n", (System.nanoTime() - killed) / 1_000_000);
            }
        }
    }

    /** Polls the VIP from the client namespace (a new connection each time) until it names {@code node}; returns the last answer. */
    private static String awaitAnswer(NetLab net, String node, long timeoutMs) throws InterruptedException {
        List<String> curl = new ArrayList<>(net.exec("client"));
        curl.addAll(List.of("curl", "-s", "-m", "1", VIP));
        long deadline = System.currentTimeMillis() + timeoutMs;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            try {
                last = Commands.run(curl.toArray(String[]::new)).trim();
                if (last.equals(node)) {
                    return last;
                }
            } catch (AssertionError notServed) {
                last = notServed.getMessage();
            }
            Thread.sleep(50);
        }
        return last;
    }
}
