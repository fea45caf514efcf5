package dev.havip.testsuite.lab;

import static dev.havip.testsuite.lab.LabFigures.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.havip.testsuite.ClusterKeys;
import dev.havip.testsuite.SecretScan;
import dev.havip.testsuite.lab.LabFigures.Probe;

/**
 * Issue 13, in the namespace lab: both servers on the {@code ha-vip-secure} stack (README "Secure cluster"), the
 * client asking the VIP every 10 ms. From a third namespace two {@link Stranger}s with ha-vip's cluster name — one
 * without TLS, one with TLS and a key of its own — try to join and send forged states, pins, clears and tables for a
 * minute: neither is ever in a view, the VIP never leaves node-a (no failed probe, node-b never has the address), and
 * the servers log the refused connections, once per host every 10 s. Then node-b, which holds the cluster's key, restarts and joins again.
 * Neither password is in node-a's management model or in any file the lab left.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SecureLabTest {

    static final long ATTACK_MS = Long.getLong("secure-lab.attack-ms", 60_000);
    static final String ROGUE = "198.18.0.20";
    static final String SERVERS = "198.18.0.1[7660],198.18.0.2[7660]";

    @Test
    void strangersNeverJoinNorMoveTheVipAndAKeyHolderJoins() throws Exception {
        SecureHaVipContender secure = new SecureHaVipContender();
        String roguePassword = ClusterKeys.randomPassword("rogue");
        Path work;
        try (Lab lab = Lab.start(secure, "node-a", "node-b")) {
            work = lab.work;
            lab.instruments();
            long start = System.currentTimeMillis();
            lab.client.awaitStreak("node-a", 50, start, 30_000, "node-a answers on the VIP");
            assertMembers(lab.a, "node-a", "node-b");

            lab.net.host("rogue", ROGUE);
            Path rogueStore = ClusterKeys.keytool(lab.work.resolve("rogue.p12"), roguePassword, "CN=ha-vip-cluster");
            long from = System.currentTimeMillis();
            long refusalsBefore = lines(lab.a, "HAVIP0020") + lines(lab.b, "HAVIP0020");
            long sent;
            try (StrangerProcess plain = new StrangerProcess(lab.net, "rogue", "zz-plain", ROGUE, 7660, SERVERS, null, null, lab.work);
                    StrangerProcess wrongKey = new StrangerProcess(lab.net, "rogue", "zz-wrong-key", ROGUE, 7661, SERVERS, rogueStore,
                            roguePassword, lab.work)) {
                long until = from + ATTACK_MS;
                while (System.currentTimeMillis() < until) {
                    assertTrue(plain.alive() && wrongKey.alive(), "the strangers run, see " + plain.log() + " and " + wrongKey.log());
                    assertMembers(lab.a, "node-a", "node-b"); // one CLI JVM per call: a poll every few seconds
                    Thread.sleep(Math.max(0, Math.min(5_000, until - System.currentTimeMillis())));
                }
                assertEquals(1, plain.largestView(), "the stranger without TLS only ever saw itself, see " + plain.log());
                assertEquals(1, wrongKey.largestView(), "the stranger with an untrusted key only ever saw itself, see " + wrongKey.log());
                sent = plain.sent() + wrongKey.sent();
            }
            long to = System.currentTimeMillis();
            assertMembers(lab.a, "node-a", "node-b");
            assertMembers(lab.b, "node-a", "node-b");
            List<Probe> probes = lab.client.probes();
            long failed = LabFigures.count(probes, from, to, Probe::failed);
            long answered = LabFigures.count(probes, from, to, p -> p.result().equals("node-a"));
            long moved = LabFigures.firstWhere(lab.watcher.samples(), from, to, s -> !s.a() || s.b());
            long refused = lines(lab.a, "HAVIP0020") + lines(lab.b, "HAVIP0020") - refusalsBefore;
            long unfiltered = lines(lab.a, "JGRP000006") + lines(lab.b, "JGRP000006");
            log("secure lab: two strangers for %d s sent %d forged messages; the client got node-a %d times, %d probes failed; "
                    + "the servers logged %d lines about refused connections (HAVIP0020), JGroups' own warning %d times", (to - from) / 1000, sent,
                    answered, failed, refused, unfiltered);
            assertTrue(sent >= 4 * (ATTACK_MS / 1000), "the strangers kept sending forged messages: " + sent);
            assertEquals(0, failed, "no probe to the VIP failed while the strangers tried");
            assertTrue(answered >= 50 * (ATTACK_MS / 1000), "node-a answered on the VIP all along: " + answered);
            assertEquals(-1, moved, "the address stayed on node-a alone (watcher)");
            assertTrue(refused > 0, "the servers logged what they refused");
            // one remote host: at most a line every 10 s on each server
            assertTrue(refused <= 2 * (ATTACK_MS / 10_000 + 2), "refusals are logged at most once per host every 10 s: " + refused);
            assertEquals(0, unfiltered, "JGroups' warning for each refused connection is left out while ha-vip runs");

            // a server with the cluster's key joins normally
            lab.b.shutdown();
            assertMembers(lab.a, "node-a");
            long restarted = System.currentTimeMillis();
            lab.b.start();
            Lab.awaitServing(lab.net, lab.b);
            long deadline = System.currentTimeMillis() + 60_000;
            while (!members(lab.a).contains("node-b") && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
            }
            assertMembers(lab.a, "node-a", "node-b");
            assertMembers(lab.b, "node-a", "node-b");
            log("secure lab: node-b, with the cluster's key, was a member again %d ms after its restart", System.currentTimeMillis() - restarted);
            lab.stopInstruments();
            long failedOverall = LabFigures.count(lab.client.probes(), from, Long.MAX_VALUE, Probe::failed);
            assertEquals(0, failedOverall, "no probe failed while node-b left and joined again");
            SecretScan.assertNoSecretIn("node-a's read-resource", lab.a.cli(":read-resource(recursive=true, include-runtime=true)"),
                    List.of(secure.password(), roguePassword));
        }
        int files = SecretScan.assertNoSecretInFiles(List.of(work), List.of(secure.password(), roguePassword));
        log("secure lab: neither password in node-a's management model nor in the %d files the lab left", files);
    }

    private static void assertMembers(LabServer server, String... expected) {
        assertEquals(List.of(expected), members(server), server.name + "'s cluster members");
    }

    /** The subsystem's {@code members}, sorted, from the CLI inside the server's namespace. */
    private static List<String> members(LabServer server) {
        String out = server.cli("/subsystem=ha-vip:read-attribute(name=members)");
        org.jboss.dmr.ModelNode result = org.jboss.dmr.ModelNode.fromString(out).get("result");
        return result.isDefined() ? result.asList().stream().map(org.jboss.dmr.ModelNode::asString).sorted().toList() : List.of();
    }

    /** How many lines of the server's log so far contain {@code code}. */
    private static long lines(LabServer server, String code) throws java.io.IOException {
        Path log = server.baseDir().resolve("log/server.log");
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().filter(l -> l.contains(code)).count() : 0;
    }
}
