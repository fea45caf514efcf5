package dev.havip.testsuite;

/**
 * How the demo talks (./demo.sh: {@code LabDemo}, {@code LoopbackDemo}): each line stamped with the time since
 * the demo started, continuation lines indented under the text. Used from the demo's main thread and its client
 * narrator thread; each line is printed whole.
 */
public final class Narration {

    private static final long T0 = Long.getLong("demo.t0", System.currentTimeMillis());
    private static final String INDENT = " ".repeat(14);

    private Narration() {
    }

    /** "[+  12.345 s]" for an epoch-ms time (clamped at the demo's start). */
    public static String stamp(long epochMs) {
        long d = Math.max(0, epochMs - T0);
        return String.format("[+%4d.%03d s]", d / 1000, d % 1000);
    }

    /** A stamped line, now. */
    public static void say(String format, Object... args) {
        sayAt(System.currentTimeMillis(), format, args);
    }

    /** A line stamped with {@code epochMs}. */
    public static void sayAt(long epochMs, String format, Object... args) {
        System.out.println(stamp(epochMs) + " " + String.format(format, args));
    }

    /** Continuation lines. */
    public static void note(String... lines) {
        StringBuilder all = new StringBuilder();
        for (String line : lines) {
            all.append(INDENT).append(line).append('\n');
        }
        System.out.print(all);
        System.out.flush();
    }

    /** ms as seconds with one decimal: 9634 -> "9.6". */
    public static String seconds(long ms) {
        return String.format("%d.%d", ms / 1000, ms % 1000 / 100);
    }
}
