package dev.havip.testsuite.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.havip.testsuite.lab.LabFigures.Probe;

/**
 * Issue 12: a hot-standby app ({@code ha-vip.xml}, {@code mode="standby"}, deployed on both lab servers) through
 * planned moves, with the lab's client asking the VIP for the app every 10 ms: the new holder starts the app before
 * it announces the address, the old holder passes on the connections that straddle the clients' switch and stops the
 * app only after its release, so that no request meets a 404, a 503 or a reset.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StandbyLabTest {

    private static final String NS = "urn:dev.havip:deployment:1.0";
    private static final int MOVES = 4;

    @Test
    void aStandbyAppAnswersThroughPlannedMovesWithoutAFailedRequest() throws Exception {
        try (Lab lab = Lab.start(new HaVipContender(), "node-a", "node-b")) {
            for (LabServer server : List.of(lab.a, lab.b)) {
                Path war = server.baseDir().resolve("standby.war");
                writeStandbyApp(war, server.name);
                String out = server.cli("deploy " + war);
                assertTrue(!out.contains("Failed") && !out.contains("rror"), server.name + ": deploy standby.war: " + out);
            }
            lab.instruments("/standby/");
            long start = System.currentTimeMillis();
            lab.client.awaitStreak("node-a", 50, start, 30_000, "node-a's standby app answers on the VIP");
            long from = System.currentTimeMillis();
            for (int i = 0; i < MOVES; i++) {
                String to = i % 2 == 0 ? "node-b" : "node-a";
                LabServer holder = i % 2 == 0 ? lab.a : lab.b;
                long asked = System.currentTimeMillis();
                holder.cli("/subsystem=ha-vip/virtual-ip=web:move(node=" + to + ")");
                Probe first = lab.client.awaitStreak(to, 50, asked, 30_000, to + "'s standby app answers on the VIP");
                LabFigures.log("standby move %d to %s: answered by it %d ms after the CLI's start", i + 1, to, first.start() - asked);
            }
            lab.a.cli("/subsystem=ha-vip/virtual-ip=web:clear");
            lab.stopInstruments();
            List<Probe> probes = lab.client.probes();
            long failed = LabFigures.count(probes, from, Long.MAX_VALUE, Probe::failed);
            long answered = LabFigures.count(probes, from, Long.MAX_VALUE, Probe::ok);
            List<String> kinds = probes.stream().filter(p -> p.start() >= from && p.failed()).map(Probe::result).distinct().toList();
            LabFigures.log("standby app through %d planned moves: %d requests answered, %d failed %s", MOVES, answered, failed, kinds);
            assertEquals(0, failed, "no request to the standby app fails during planned moves: " + kinds);
            assertTrue(answered >= 100 * MOVES, "the client asked all along: " + answered);
        }
    }

    /** A WAR whose page names the node, bound to the VIP {@code web} in standby mode. */
    private static void writeStandbyApp(Path war, String node) throws Exception {
        try (ZipOutputStream zip = new ZipOutputStream(java.nio.file.Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write((node + "\n").getBytes(StandardCharsets.US_ASCII));
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\"/>\n".getBytes(StandardCharsets.US_ASCII));
            zip.putNextEntry(new ZipEntry("WEB-INF/ha-vip.xml"));
            zip.write(("<ha-vip xmlns=\"" + NS + "\"><bind virtual-ip=\"web\" mode=\"standby\"/></ha-vip>\n").getBytes(StandardCharsets.US_ASCII));
        }
    }
}
