package dev.havip.engine;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

/** The scale benchmark's PNG: time until all survivors agree against the member count, per fault kind. Test thread. */
final class ScaleChart {

    /** One line of the chart: a name, a colour, and a value per member count (ms). */
    record Series(String name, Color color, boolean dashed, long[] millis) {
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;

    private ScaleChart() {
    }

    /** {@code ScaleChart <png> <title> <csv>...}: {@link #fromCsv}, e.g. to draw several runs in one picture. Main thread. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ScaleChart <png> <title> <csv>...");
        }
        fromCsv(Path.of(args[0]), args[1], java.util.Arrays.stream(args, 2, args.length).map(Path::of).toList());
    }

    /** Draws the agreement times of the benchmark's CSV files, their rows in the order given. */
    static void fromCsv(Path png, String title, List<Path> csvs) throws java.io.IOException {
        List<String[]> rows = new java.util.ArrayList<>();
        List<String> header = null;
        for (Path csv : csvs) {
            List<String> lines = java.nio.file.Files.readAllLines(csv);
            header = List.of(lines.get(0).split(","));
            lines.subList(1, lines.size()).forEach(line -> rows.add(line.split(",")));
        }
        if (header == null || rows.isEmpty()) {
            throw new IllegalArgumentException("no rows in " + csvs);
        }
        List<String> columns = header;
        java.util.function.Function<String, long[]> column = name -> rows.stream().mapToLong(r -> Long.parseLong(r[columns.indexOf(name)])).toArray();
        int[] members = rows.stream().mapToInt(r -> Integer.parseInt(r[0])).toArray();
        write(png, title, members, List.of(
                new Series("kill -9, median", new Color(0, 90, 200), false, column.apply("kill_agreed_median_ms")),
                new Series("kill -9, max", new Color(0, 90, 200), true, column.apply("kill_agreed_max_ms")),
                new Series("SIGSTOP, median", new Color(230, 120, 0), false, column.apply("stop_agreed_median_ms")),
                new Series("SIGSTOP, max", new Color(230, 120, 0), true, column.apply("stop_agreed_max_ms"))), ScaleProcessesBenchmark.GOAL_MS);
    }

    static void write(Path file, String title, int[] members, List<Series> series, long goalMs) throws java.io.IOException {
        long top = goalMs;
        for (Series s : series) {
            for (long v : s.millis()) {
                top = Math.max(top, v);
            }
        }
        top = (top / 500 + 1) * 500;
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 25);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
        for (long tick = 0; tick <= top; tick += 500) {
            int y = y(tick, top, plotH);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT + 1, y, LEFT + plotW, y);
            g.setColor(Color.BLACK);
            g.drawString(tick + " ms", 10, y + 4);
        }
        for (int i = 0; i < members.length; i++) {
            g.drawString(members[i] + " members", x(i, members.length, plotW) - 25, TOP + plotH + 20);
        }
        g.setColor(Color.RED);
        g.setStroke(new BasicStroke(1, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 4, 4 }, 0));
        g.drawLine(LEFT, y(goalMs, top, plotH), LEFT + plotW, y(goalMs, top, plotH));
        g.drawString("goal " + goalMs + " ms", LEFT + plotW - 90, y(goalMs, top, plotH) - 5);
        int legend = 0;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.dashed() ? new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] { 8, 5 }, 0)
                    : new BasicStroke(2));
            for (int i = 0; i < members.length; i++) {
                int x = x(i, members.length, plotW);
                int y = y(s.millis()[i], top, plotH);
                g.fillOval(x - 3, y - 3, 7, 7);
                if (i > 0) {
                    g.drawLine(x(i - 1, members.length, plotW), y(s.millis()[i - 1], top, plotH), x, y);
                }
            }
            int lx = LEFT + (legend % 2) * 400;
            int ly = HEIGHT - 30 + (legend / 2) * 15;
            g.drawLine(lx, ly - 4, lx + 30, ly - 4);
            g.drawString(s.name(), lx + 36, ly);
            legend++;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static int x(int index, int count, int plotW) {
        return LEFT + (count == 1 ? plotW / 2 : 30 + index * (plotW - 60) / (count - 1));
    }

    private static int y(long millis, long top, int plotH) {
        return TOP + plotH - (int) (millis * plotH / top);
    }
}
