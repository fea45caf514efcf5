package dev.havip.testsuite.lab;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import dev.havip.testsuite.lab.LabFigures.Probe;
import dev.havip.testsuite.lab.LabFigures.Sample;

/** A PNG of one scenario run: who answered the client over time, who had the VIP on eth0, fault and restore marked. */
final class Timeline {

    private static final Color NODE_A = new Color(0x1f77b4);
    private static final Color NODE_B = new Color(0xff7f0e);
    private static final Color FAILED = new Color(0xd62728);
    private static final int WIDTH = 1400;
    private static final int LEFT = 170;
    private static final int RIGHT = 20;
    private static final int ROW = 36;

    private Timeline() {
    }

    static void write(Path png, ScenarioRun.Outcome o) throws IOException {
        System.setProperty("java.awt.headless", "true");
        long from = Math.max(o.steadyAt(), o.faultAt() - 2_000); // from the steady state on
        long to = o.endAt();
        int height = 250;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(o.contender() + " - " + o.scenario().title + ": outage " + o.outageMs() + " ms, VIP on both " + o.twoHolderMs()
                    + " ms, failed probes " + o.failedProbes() + ", failback gap " + o.failbackGapMs() + " ms", 10, 20);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            Scale x = new Scale(from, to);
            int top = 40;
            // row 1: the client's probes, one colour per answer
            g.setColor(Color.BLACK);
            g.drawString("client, every 10 ms", 10, top + ROW / 2 + 4);
            List<Probe> probes = o.probes();
            for (int i = 0; i < probes.size(); i++) {
                Probe p = probes.get(i);
                if (p.start() < from) {
                    continue;
                }
                long next = i + 1 < probes.size() ? probes.get(i + 1).start() : p.end();
                g.setColor(p.failed() ? FAILED : "node-a".equals(p.result()) ? NODE_A : "node-b".equals(p.result()) ? NODE_B : Color.GRAY);
                g.fillRect(x.at(p.start()), top, Math.max(1, x.at(next) - x.at(p.start())), ROW);
            }
            // rows 2 and 3: the VIP on eth0
            bar(g, x, o.samples(), true, top + ROW + 14, "VIP on node-a's eth0", NODE_A);
            bar(g, x, o.samples(), false, top + 2 * ROW + 28, "VIP on node-b's eth0", NODE_B);
            int bottom = top + 3 * ROW + 28;
            // axis: seconds since the fault
            g.setColor(Color.DARK_GRAY);
            g.drawLine(LEFT, bottom + 6, WIDTH - RIGHT, bottom + 6);
            long step = (to - from) > 60_000 ? 10_000 : (to - from) > 20_000 ? 5_000 : 1_000;
            for (long t = o.faultAt() - (o.faultAt() - from) / step * step; t <= to; t += step) {
                g.drawLine(x.at(t), bottom + 6, x.at(t), bottom + 10);
                g.drawString(((t - o.faultAt()) / 1000) + " s", x.at(t) - 8, bottom + 24);
            }
            marker(g, x.at(o.faultAt()), top - 4, bottom + 8, FAILED, "fault");
            marker(g, x.at(o.restoredAt()), top - 4, bottom + 8, new Color(0x2ca02c), "restore");
            g.setColor(Color.BLACK);
            legend(g, 10, height - 12);
        } finally {
            g.dispose();
        }
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static void bar(Graphics2D g, Scale x, List<Sample> samples, boolean a, int y, String label, Color color) {
        g.setColor(Color.BLACK);
        g.drawString(label, 10, y + ROW / 2 + 4);
        g.setColor(new Color(0xeeeeee));
        g.fillRect(LEFT, y, WIDTH - LEFT - RIGHT, ROW);
        g.setColor(color);
        for (int i = 0; i + 1 < samples.size(); i++) {
            Sample s = samples.get(i);
            if (a ? s.a() : s.b()) {
                int x0 = x.at(s.time());
                g.fillRect(x0, y, Math.max(1, x.at(samples.get(i + 1).time()) - x0), ROW);
            }
        }
    }

    private static void marker(Graphics2D g, int at, int top, int bottom, Color color, String label) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 6f, 4f }, 0f));
        g.drawLine(at, top, at, bottom);
        g.setStroke(new BasicStroke());
        g.drawString(label, at + 4, top + 2);
    }

    private static void legend(Graphics2D g, int x, int y) {
        Object[][] items = { { NODE_A, "answered by node-a" }, { NODE_B, "answered by node-b" }, { FAILED, "failed probe" } };
        for (Object[] item : items) {
            g.setColor((Color) item[0]);
            g.fillRect(x, y - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString((String) item[1], x + 16, y);
            x += 170;
        }
    }

    /** Epoch ms → pixel column. */
    private record Scale(long from, long to) {
        int at(long time) {
            long clipped = Math.max(this.from, Math.min(this.to, time));
            return LEFT + (int) ((clipped - this.from) * (WIDTH - LEFT - RIGHT) / Math.max(1, this.to - this.from));
        }
    }
}
