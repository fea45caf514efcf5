package dev.havip.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.havip.movers.CommandTemplate;

/**
 * Runs an executable from an argument list (never through a shell); healthy iff it exits 0
 * within the timeout. A command that overruns is killed with its descendants.
 */
public final class CommandProbe implements Probe {

    /** Bytes of stderr kept for the detail; the rest is read and discarded so the child never blocks. */
    static final int STDERR_LIMIT = 4096;
    /** How often stderr is drained while waiting; waitFor returns at once when the process exits. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long REAP_SECONDS = 5;

    private final List<String> arguments;
    private final Duration timeout;

    public CommandProbe(CommandTemplate command, Duration timeout) {
        this.arguments = command.arguments();
        this.timeout = timeout;
    }

    @Override
    public ProbeResult probe() {
        Process process;
        try {
            process = new ProcessBuilder(this.arguments)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            // e.g. "Cannot run program "/nonexistent/cmd": error=2, No such file or directory"
            return ProbeResult.failed("cannot run " + this.arguments.get(0) + ": " + reason(e));
        }
        try {
            process.getOutputStream().close(); // a script that reads stdin gets EOF instead of waiting
            return await(process);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        } catch (IOException e) {
            kill(process);
            return ProbeResult.failed(e);
        }
    }

    private ProbeResult await(Process process) throws InterruptedException, IOException {
        // Stderr is drained by polling rather than by a blocking read: a grandchild that inherited
        // the pipe could keep it open long after the command itself exited or was killed.
        InputStream stderr = process.getErrorStream();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        long deadline = System.nanoTime() + this.timeout.toNanos();
        while (true) {
            drain(stderr, buffer, captured);
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                kill(process);
                return ProbeResult.timedOut(this.timeout);
            }
            if (process.waitFor(Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS)) {
                break;
            }
        }
        drain(stderr, buffer, captured); // what it wrote just before exiting
        int exit = process.exitValue();
        String line = firstLine(captured.toString(StandardCharsets.UTF_8));
        String detail = line.isEmpty() ? "exit " + exit : "exit " + exit + ": " + line;
        return exit == 0 ? ProbeResult.ok(detail) : ProbeResult.failed(detail);
    }

    private static void drain(InputStream in, byte[] buffer, ByteArrayOutputStream captured) throws IOException {
        int available;
        while ((available = in.available()) > 0) {
            int n = in.read(buffer, 0, Math.min(available, buffer.length));
            if (n < 0) {
                return;
            }
            int keep = Math.min(n, STDERR_LIMIT - captured.size());
            if (keep > 0) {
                captured.write(buffer, 0, keep);
            }
        }
    }

    /** Kills the command and whatever it started, then waits for the kill to take (the JDK reaps it). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        boolean interrupted = Thread.interrupted(); // reap even when we were interrupted
        try {
            process.waitFor(REAP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String firstLine(String text) {
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                return line.strip();
            }
        }
        return "";
    }

    private static String reason(Exception e) {
        String message = String.valueOf(e.getMessage());
        int error = message.indexOf("error=");
        if (error >= 0) {
            int comma = message.indexOf(", ", error);
            return comma >= 0 ? message.substring(comma + 2) : message.substring(error);
        }
        return message;
    }
}
