package dev.havip.movers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.havip.lab.NetLab;
import dev.havip.lab.Tools;
import dev.havip.net.Cidr;

/**
 * A connection that straddles a planned handover, for real in network namespaces (root only): the client completes
 * its handshake with the old holder a, the new holder b takes the VIP and announces it, and only then does the client
 * send its request, which now reaches b. Without forwarding b's kernel resets it; with {@link HandoverForwarding}
 * (nftables) b passes it to a, and a answers.
 */
class HandoverForwardingNetnsTest {

    private static final int PORT = 8080;

    @TempDir
    Path dir;
    private NetLab lab;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void lab() {
        NetLab.assumeRoot();
        Tools.require("ip", "arping", "na6", "nft");
        this.lab = IpMoverNetnsTest.serversAndClient();
    }

    @AfterEach
    void close() {
        this.started.forEach(Process::destroyForcibly);
        if (this.lab != null) {
            this.lab.close();
        }
    }

    @Test
    void ipv4StraddlingConnectionIsAnsweredByTheOldHolder() throws Exception {
        this.straddle("198.18.0.100", 24, "198.18.0.1");
    }

    @Test
    void ipv6StraddlingConnectionIsAnsweredByTheOldHolder() throws Exception {
        this.straddle("fd00:198:18::100", 64, "fd00:198:18::1");
    }

    private void straddle(String vip, int prefix, String aAddress) throws Exception {
        VipSpec spec = new VipSpec("web", Cidr.parse(vip + "/" + prefix), "eth0", VipSpec.Method.IP, 1, Duration.ofMillis(50),
                Duration.ofSeconds(30), Optional.empty(), Optional.empty(), Optional.empty());
        IpMover a = new IpMover(spec, MoverSettings.defaults().withCommandPrefix(this.lab.exec("a")));
        IpMover b = new IpMover(spec, MoverSettings.defaults().withCommandPrefix(this.lab.exec("b")));
        a.takeover();
        a.awaitAnnouncements();
        this.serve("a");
        this.serve("b");

        // without forwarding: the control, so that this test can fail
        Path flag = this.dir.resolve("without");
        CompletableFuture<String> answer = this.connect(vip, flag);
        b.takeoverFromMember();
        b.awaitAnnouncements();
        this.awaitClientSees(vip, "b");
        Files.createFile(flag);
        String without = answer.get(15, TimeUnit.SECONDS);
        System.out.printf("[forwarding] %s, without forwarding: %s%n", vip, without);
        assertTrue(without.startsWith("error"), "the new holder's kernel resets a connection it did not see start: " + without);

        b.release();
        a.refresh(); // announces a again
        a.awaitAnnouncements();
        this.awaitClientSees(vip, "a");

        flag = this.dir.resolve("with");
        answer = this.connect(vip, flag);
        b.takeoverFromLiveMember(InetAddress.getByName(aAddress));
        b.awaitAnnouncements();
        this.awaitClientSees(vip, "b");
        Files.createFile(flag);
        String with = answer.get(15, TimeUnit.SECONDS);
        System.out.printf("[forwarding] %s, with forwarding: %s%n", vip, with);
        assertEquals("answer: a got hello", with, () -> "b passes the straddling connection to a, which answers; b's tables: "
                + this.lab.runIn("b", Tools.path("nft"), "list", "ruleset") + "\nb's neighbours: " + this.lab.runIn("b", "ip", "neigh")
                + "\na's neighbours: " + this.lab.runIn("a", "ip", "neigh") + "\nclient's: " + this.lab.runIn("client", "ip", "neigh"));

        assertTrue(this.tables("b").contains("havip_"), "the forwarding table is there during the window");
        Thread.sleep(HandoverForwarding.WINDOW.toMillis() + 1_500);
        assertFalse(this.tables("b").contains("havip_"), "and gone after it: " + this.tables("b"));
        b.release();
        a.release();
    }

    private String tables(String host) {
        return this.lab.runIn(host, Tools.path("nft"), "list", "tables");
    }

    private void awaitClientSees(String vip, String host) throws InterruptedException {
        IpMoverNetnsTest.assertClientSees(this.lab, vip, this.lab.mac(host), Duration.ofSeconds(3));
    }

    private void serve(String host) throws Exception {
        BufferedReader out = this.start(host, "serve", host, Integer.toString(PORT));
        assertEquals("listening", out.readLine(), host + "'s server");
    }

    /** Connects from the client (waits until it did); the answer comes once {@code flag} exists. */
    private CompletableFuture<String> connect(String vip, Path flag) throws Exception {
        BufferedReader out = this.start("client", "connect", vip, Integer.toString(PORT), flag.toString());
        assertEquals("connected", out.readLine(), "the client's handshake with the holder");
        return CompletableFuture.supplyAsync(() -> {
            try {
                String line = out.readLine();
                return line == null ? "error: no output" : line;
            } catch (java.io.IOException e) {
                return "error: " + e.getMessage();
            }
        });
    }

    private BufferedReader start(String host, String... args) throws Exception {
        List<String> command = new ArrayList<>(this.lab.exec(host));
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx32m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), StraddleEndpoint.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        this.started.add(process);
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }
}
