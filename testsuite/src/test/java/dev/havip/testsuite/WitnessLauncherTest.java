package dev.havip.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.havip.witness.WitnessClient;

/**
 * The provisioned server ships the witness of quorum=witness: {@code bin/ha-vip-witness.sh} (run by jboss-modules
 * from this installation, no server started) and its systemd unit. Started with a keytool-made cluster key store,
 * it announces itself, grants a lease to a client with that key after its quiet first lease, and refuses a bad
 * option with exit code 2.
 */
class WitnessLauncherTest {

    static final Path HOME = Path.of(System.getProperty("jboss.home", "target/server")).toAbsolutePath();
    static final Path LAUNCHER = HOME.resolve("bin/ha-vip-witness.sh");
    static final String PASSWORD = "witness-test-1";

    @Test
    void theWitnessRunsFromTheProvisionedServer(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is missing or not executable");
        assertTrue(Files.readString(HOME.resolve("bin/systemd/ha-vip-witness.service")).contains("ExecStart="), "the systemd unit");

        Process bad = new ProcessBuilder(LAUNCHER.toString(), "--bogus").redirectErrorStream(true).start();
        String badOutput = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue(), badOutput);
        assertTrue(badOutput.contains("unknown option '--bogus'") && badOutput.contains("--key-store=FILE"), badOutput);

        Path keyStore = dir.resolve("ha-vip-cluster.p12");
        ProcessBuilder keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias",
                "ha-vip", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30", "-dname", "CN=ha-vip-cluster", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass:env", "HAVIP_CLUSTER_PASSWORD").redirectErrorStream(true);
        keytool.environment().put("HAVIP_CLUSTER_PASSWORD", PASSWORD);
        Process made = keytool.start();
        made.getInputStream().readAllBytes();
        assertTrue(made.waitFor(60, TimeUnit.SECONDS) && made.exitValue() == 0, "keytool");

        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(LAUNCHER.toString(), "--key-store=" + keyStore, "--bind=127.0.0.1", "--port=" + port,
                "--lease=1000")).redirectErrorStream(true);
        builder.environment().put("HAVIP_CLUSTER_PASSWORD", PASSWORD);
        Process witness = builder.start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(witness.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = log.readLine()) != null && !line.contains("HAVIPW0001")) {
                // the logger's header line comes first
            }
            assertTrue(line != null && line.contains("127.0.0.1:" + port) && line.contains("lease 1000 ms"), "announced: " + line);
            try (WitnessClient client = new WitnessClient(WitnessClient.tls(keyStore, PASSWORD.toCharArray()), new InetSocketAddress("127.0.0.1", port),
                    "lab", "node-a", 5000)) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                boolean granted = false;
                while (!granted && System.nanoTime() < deadline) {
                    granted = client.acquire("web").granted();
                    Thread.sleep(50);
                }
                assertTrue(granted, "a client with the cluster's key gets the lease after the witness's first second");
            }
            String rss = Files.readAllLines(Path.of("/proc/" + witness.descendants().reduce((a, b) -> b).map(ProcessHandle::pid)
                    .orElse(witness.pid()) + "/status")).stream().filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS: ?");
            System.out.println("[witness] running from the provisioned server: " + rss.replaceAll("\\s+", " "));
        } finally {
            witness.descendants().forEach(ProcessHandle::destroyForcibly);
            witness.destroyForcibly();
        }
    }
}
