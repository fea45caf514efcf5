package dev.havip.testsuite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A program on a pseudo-terminal, as a person at a text console runs it: util-linux {@code script}
 * gives it a pty; the test reads what it prints, types lines, and presses Ctrl-C or Ctrl-D (the pty
 * turns them into SIGINT and end of input). The output is collected by a reader thread ("terminal
 * reader"), which ends with the program.
 */
public final class Terminal implements AutoCloseable {

    private static final Duration EXPECT_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final OutputStream keyboard;
    private final StringBuilder screen = new StringBuilder();
    private int consumed;

    private Terminal(Process process) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        Thread reader = new Thread(this::read, "terminal reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code program arguments...} on a new pty; the words are the test's own paths and options (no quotes in them). */
    public static Terminal start(List<String> command) throws IOException {
        List<String> quoted = new ArrayList<>();
        for (String word : command) {
            if (word.contains("'")) {
                throw new IllegalArgumentException("a quote in " + word);
            }
            quoted.add("'" + word + "'");
        }
        // script runs its -c command through $SHELL: set to sh; the words are single-quoted above
        ProcessBuilder builder = new ProcessBuilder("script", "--quiet", "--flush", "--return", "--command", String.join(" ", quoted), "/dev/null")
                .redirectErrorStream(true);
        builder.environment().put("SHELL", "/bin/sh");
        builder.environment().put("TERM", "dumb");
        return new Terminal(builder.start());
    }

    private void read() {
        byte[] buffer = new byte[4096];
        try (InputStream in = this.process.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                synchronized (this.screen) {
                    this.screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    this.screen.notifyAll();
                }
            }
        } catch (IOException e) {
            // the program ended
        }
    }

    /** Waits until {@code text} appears after what earlier calls consumed, and consumes up to its end. */
    public String expect(String text) throws InterruptedException {
        long deadline = System.nanoTime() + EXPECT_TIMEOUT.toNanos();
        long endedAt = -1;
        synchronized (this.screen) {
            while (true) {
                int at = this.screen.indexOf(text, this.consumed);
                if (at >= 0) {
                    String seen = this.screen.substring(this.consumed, at + text.length());
                    this.consumed = at + text.length();
                    return seen;
                }
                long now = System.nanoTime();
                if (endedAt < 0 && !this.process.isAlive()) {
                    endedAt = now; // the reader may still append the last bytes
                }
                if (now > deadline || (endedAt >= 0 && now - endedAt > TimeUnit.MILLISECONDS.toNanos(500))) {
                    throw new AssertionError("'" + text + "' did not appear; the terminal shows since the last step:\n"
                            + this.screen.substring(this.consumed));
                }
                this.screen.wait(100);
            }
        }
    }

    /** Types a line and Enter. */
    public void type(String line) throws IOException {
        this.keyboard.write((line + "\r").getBytes(StandardCharsets.UTF_8));
        this.keyboard.flush();
    }

    /** Ctrl-C: the pty sends SIGINT to the program. */
    public void interrupt() throws IOException {
        this.keyboard.write(3);
        this.keyboard.flush();
    }

    /** Ctrl-D at the start of a line: the program reads the end of its input. */
    public void endOfInput() throws IOException {
        this.keyboard.write(4);
        this.keyboard.flush();
    }

    /** The program's exit code (script --return passes it on; 128+n for a signal n). */
    public int awaitExit() throws InterruptedException {
        if (!this.process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("the program did not end within 120 s:\n" + this.all());
        }
        return this.process.exitValue();
    }

    public String all() {
        synchronized (this.screen) {
            return this.screen.toString();
        }
    }

    @Override
    public void close() {
        this.process.descendants().forEach(ProcessHandle::destroyForcibly);
        this.process.destroyForcibly();
    }
}
