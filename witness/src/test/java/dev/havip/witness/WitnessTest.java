package dev.havip.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness over real TLS on loopback, in this JVM or as its own process (where a test kills it): one holder at a
 * time; a silent holder keeps the VIP for one lease; a killed holder's lease ends {@code close-margin} after its
 * connection closed; a restarted witness grants nothing for one lease; a process without the cluster's key, or
 * without TLS, gets nothing; malformed requests close only their own connection.
 */
@Timeout(120)
class WitnessTest {

    private static final long LEASE_MS = 600;
    private static final long MARGIN_MS = 300;

    @TempDir
    static Path dir;
    static Path clusterKey;
    static Path strangerKey;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        clusterKey = KeyStores.make(dir, "cluster");
        strangerKey = KeyStores.make(dir, "stranger");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : this.open) {
            c.close();
        }
        this.processes.forEach(Process::destroyForcibly);
    }

    private int witnessHere() throws Exception {
        WitnessServer server = WitnessMain.start(new String[] { "--key-store=" + clusterKey, "--bind=127.0.0.1", "--port=0",
                "--lease=" + LEASE_MS, "--close-margin=" + MARGIN_MS }, KeyStores.PASSWORD);
        this.open.add(server);
        return server.port();
    }

    private WitnessClient client(int port, String node, Path key) throws Exception {
        WitnessClient client = new WitnessClient(WitnessClient.tls(key, KeyStores.PASSWORD.toCharArray()), new InetSocketAddress("127.0.0.1", port),
                "lab", node, 2000);
        this.open.add(client);
        return client;
    }

    /** Acquires until granted; returns System.nanoTime() of the granted request's sending. */
    private static long acquireUntilGranted(WitnessClient client, String vip, long timeoutMs) throws Exception {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            WitnessClient.Answer answer = client.acquire(vip);
            if (answer.granted()) {
                return answer.sentNanos();
            }
            Thread.sleep(10);
        }
        throw new AssertionError(vip + " not granted within " + timeoutMs + " ms");
    }

    @Test
    void oneHolderAtATimeAndASilentHolderKeepsItForOneLease() throws Exception {
        int port = this.witnessHere();
        WitnessClient a = this.client(port, "node-a", clusterKey);
        WitnessClient b = this.client(port, "node-b", clusterKey);
        assertEquals(LEASE_MS, a.leaseMs());
        WitnessClient.Answer early = a.acquire("web");
        assertFalse(early.granted(), "nothing in the first lease after start");
        assertEquals("-", early.holder());
        long granted = acquireUntilGranted(a, "web", 5000);
        WitnessClient.Answer denied = b.acquire("web");
        assertFalse(denied.granted());
        assertEquals("node-a", denied.holder());
        assertTrue(denied.ms() > 0 && denied.ms() <= LEASE_MS, "remaining " + denied.ms());
        // node-a goes silent (no renewal, connection open): node-b gets the VIP when a's lease has ended, not before
        long grantedToB = acquireUntilGranted(b, "web", 5000);
        long waitedMs = (grantedToB - granted) / 1_000_000;
        System.out.printf("[witness] a silent holder's VIP went to the other server %d ms after the holder's request (lease %d ms)%n",
                waitedMs, LEASE_MS);
        assertTrue(waitedMs >= LEASE_MS - 20 && waitedMs <= LEASE_MS + 300, "waited " + waitedMs + " ms");
        assertFalse(a.acquire("web").granted(), "a's renewal after its lease ended is a request like any other: b holds it");
        b.release("web");
        assertTrue(a.acquire("web").granted(), "released: free at once");
    }

    @Test
    void aKilledHoldersLeaseEndsAfterTheCloseMargin() throws Exception {
        int port = this.witnessHere();
        Process holder = this.java(HolderProcess.class, clusterKey.toString(), Integer.toString(port), "node-a", "web");
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("GRANTED", out.readLine());
        WitnessClient b = this.client(port, "node-b", clusterKey);
        Thread.sleep(2 * LEASE_MS); // the holder renews: b is refused all along
        assertFalse(b.acquire("web").granted(), "the holder renews");
        long killed = System.nanoTime();
        holder.destroyForcibly();
        long granted = acquireUntilGranted(b, "web", 5000);
        long afterKill = (granted - killed) / 1_000_000;
        System.out.printf("[witness] kill -9 of the holder -> the other server granted after %d ms (close margin %d ms, lease %d ms)%n",
                afterKill, MARGIN_MS, LEASE_MS);
        assertTrue(afterKill <= MARGIN_MS + 250, "granted " + afterKill + " ms after the kill");
    }

    @Test
    void aRestartedWitnessGrantsNothingForOneLease() throws Exception {
        int port = freePort();
        long lease = 3000; // longer than a witness JVM's start and first TLS handshake, so the first request falls inside it
        Process witness = this.witnessProcess(port, lease);
        WitnessClient a = this.awaitClient(port, "node-a");
        acquireUntilGranted(a, "web", 5000);
        witness.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long restarted = System.nanoTime();
        this.witnessProcess(port, lease);
        assertThrows(java.io.IOException.class, a::ping, "a's connection died with the witness it was open to");
        WitnessClient b = this.awaitClient(port, "node-b");
        b.ping();
        WitnessClient.Answer first = b.acquire("web");
        assertFalse(first.granted(), "a restarted witness does not know a's lease: it must not grant it to b");
        assertEquals("-", first.holder());
        long granted = acquireUntilGranted(b, "web", 10_000);
        long afterRestart = (granted - restarted) / 1_000_000;
        System.out.printf("[witness] restarted witness: first grant %d ms after the restart (lease %d ms)%n", afterRestart, lease);
        assertTrue(afterRestart >= lease, "granted " + afterRestart + " ms after the restart");
    }

    @Test
    void strangersAndMalformedRequestsGetNothing() throws Exception {
        int port = this.witnessHere();
        Thread.sleep(LEASE_MS);
        // a key of its own: the handshake fails (the witness trusts only the cluster's certificate)
        assertThrows(IOException.class, () -> this.client(port, "rogue", strangerKey));
        // no TLS at all: the plain request is never read as one
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(3000);
            plain.getOutputStream().write("HELLO lab rogue\nACQUIRE web 1\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = plain.getInputStream().readNBytes(64);
            assertFalse(new String(reply, StandardCharsets.ISO_8859_1).contains("GRANT"), "a plain connection got a grant");
        } catch (IOException closed) {
            // refused: as wanted
        }
        // with the key but malformed: ERR and the connection closes; the witness goes on
        for (String bad : List.of("ACQUIRE web 1", "HELLO lab", "HELLO lab node a", "HELLO lab no/de", "HELLO lab " + "x".repeat(300), "\u0007")) {
            SSLContext tls = WitnessClient.tls(clusterKey, KeyStores.PASSWORD.toCharArray());
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
                socket.setSoTimeout(3000);
                OutputStream out = socket.getOutputStream();
                out.write((bad + "\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                String reply = in.readLine();
                assertTrue(reply != null && reply.startsWith("ERR"), "'" + bad + "' -> " + reply);
                assertEquals(null, in.readLine(), "the connection closes after ERR");
            }
        }
        WitnessClient a = this.client(port, "node-a", clusterKey);
        assertTrue(a.acquire("web").granted(), "the witness serves the cluster after all of it");
    }

    private Process witnessProcess(int port, long lease) throws IOException {
        return this.java(WitnessMain.class, "--key-store=" + clusterKey, "--bind=127.0.0.1", "--port=" + port, "--lease=" + lease,
                "--close-margin=" + MARGIN_MS);
    }

    private WitnessClient awaitClient(int port, String node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                return this.client(port, node, clusterKey);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    private Process java(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("HAVIP_CLUSTER_PASSWORD", KeyStores.PASSWORD);
        Process process = builder.start();
        this.processes.add(process);
        return process;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
