package dev.havip.movers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The one place where ha-vip starts native commands. Commands are argument lists handed to the kernel as they
 * are (never a shell line), with the configured prefix in front, a timeout, and bounded capture of their output.
 * Every command is logged; failures become {@link MoverException}s that name the command, the exit status and
 * stderr, so that the VIP's {@code last-error} tells an administrator what to fix.
 */
public final class CommandRunner {

    /** Per stream; a tool that prints more is not interesting beyond that, and the JVM must not buffer it all. */
    static final int MAX_CAPTURE = 8 * 1024;
    /** How long to wait for output after the process ended (a daemonised grandchild may keep the pipe open). */
    private static final long DRAIN_MILLIS = 500;

    private static final AtomicInteger THREADS = new AtomicInteger();
    // Readers are pooled daemon threads: output must be read while the command runs, or a chatty command blocks on a full pipe.
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ha-vip command output " + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private static final String PRIVILEGE_HINT = "; this needs CAP_NET_ADMIN (ip, ipvsadm) and CAP_NET_RAW (arping, na6):"
            + " run the server as root, or set a command prefix such as [/usr/bin/sudo, -n] with a sudoers rule for these commands,"
            + " or give the binaries the capabilities with 'setcap cap_net_admin,cap_net_raw+ep <binary>' (na6 insists on root or sudo)";

    /** What a finished command said. */
    public record Result(List<String> command, int exitStatus, String stdout, String stderr) {
    }

    private final List<String> prefix;
    private final Duration timeout;

    public CommandRunner(MoverSettings settings) {
        this.prefix = settings.commandPrefix();
        this.timeout = settings.commandTimeout();
    }

    public Duration timeout() {
        return this.timeout;
    }

    /** Runs the command and insists on exit status 0. */
    public Result run(List<String> command) throws MoverException {
        Result result = this.execute(command);
        if (result.exitStatus() != 0) {
            throw failed(result);
        }
        return result;
    }

    /** The exception (already logged) for a command that ended with a non-zero status the caller cannot accept. */
    static MoverException failed(Result result) {
        String failure = "command '" + render(result.command()) + "' failed with exit status " + result.exitStatus()
                + describeStderr(result.stderr());
        MoverLogger.LOG.commandFailed(failure, result.stdout().strip());
        return new MoverException(failure);
    }

    /** Runs the command and returns whatever exit status it had; throws only when it could not run or timed out. */
    public Result execute(List<String> command) throws MoverException {
        return this.finish(this.start(command), System.nanoTime() + this.timeout.toNanos());
    }

    /**
     * Starts the same command {@code times} times, {@code interval} apart, without waiting for one to end before the
     * next starts: announcement tools send at once but then linger (arping waits a whole second), and the
     * announcements must go out at the configured pace. Returns when all have ended; fails like {@link #run}.
     */
    public void runSpaced(List<String> command, int times, Duration interval) throws MoverException {
        this.runSpaced(command, times, interval, () -> true);
    }

    /** Like {@link #runSpaced(List, int, Duration)}, but starts no further run once {@code keepGoing} answers false. */
    public void runSpaced(List<String> command, int times, Duration interval, java.util.function.BooleanSupplier keepGoing) throws MoverException {
        this.runSpaced(command, times, interval, keepGoing, () -> {
        });
    }

    /** Like the above; {@code firstStarted} runs once the first run's process has started (or none will). */
    public void runSpaced(List<String> command, int times, Duration interval, java.util.function.BooleanSupplier keepGoing, Runnable firstStarted)
            throws MoverException {
        try {
            this.spaced(command, times, interval, keepGoing, firstStarted);
        } finally {
            firstStarted.run(); // a second call is harmless: callers count a latch down
        }
    }

    private void spaced(List<String> command, int times, Duration interval, java.util.function.BooleanSupplier keepGoing, Runnable firstStarted)
            throws MoverException {
        List<Started> started = new ArrayList<>(times);
        MoverException failure = null;
        long first = System.nanoTime();
        try {
            for (int i = 0; i < times; i++) {
                if (i > 0) {
                    sleepUntil(first + i * interval.toNanos());
                }
                if (!keepGoing.getAsBoolean()) {
                    break;
                }
                started.add(this.start(command));
                if (i == 0) {
                    firstStarted.run();
                }
            }
        } catch (MoverException e) {
            failure = e;
        }
        for (Started s : started) {
            try {
                Result result = this.finish(s, s.startNanos + this.timeout.toNanos());
                if (result.exitStatus() != 0 && failure == null) {
                    failure = failed(result);
                }
            } catch (MoverException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private record Started(List<String> command, Process process, Capture stdout, Capture stderr, long startNanos) {
    }

    /**
     * A command started ahead of time that waits for its input on stdin; {@link #runPrepared} gives it. Its two output
     * readers (pooled daemon threads) wait with it.
     */
    public static final class Prepared {
        private final Started started;

        private Prepared(Started started) {
            this.started = started;
        }

        boolean alive() {
            return this.started.process.isAlive();
        }

        /** Ends it unused: EOF on an empty input (a batch tool then does nothing and exits); killed if it lingers. */
        public void discard() {
            try {
                this.started.process.getOutputStream().close();
                if (!this.started.process.waitFor(1, TimeUnit.SECONDS)) {
                    killTree(this.started.process);
                }
            } catch (IOException e) {
                killTree(this.started.process);
            } catch (InterruptedException e) {
                killTree(this.started.process);
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts {@code command} now with its stdin left open, so that a time-critical step later costs a pipe write
     * instead of a process start (5-15 ms on these machines, more on a busy one).
     */
    public Prepared prepare(List<String> command) throws MoverException {
        return new Prepared(this.start(command, false));
    }

    /**
     * Gives a prepared command its whole input (one or more lines, each ending in a newline), closes its stdin and waits
     * for it like {@link #execute}; empty if it had already ended, so nothing ran and the caller runs the command itself.
     */
    public java.util.Optional<Result> runPrepared(Prepared prepared, String input) throws MoverException {
        if (input.indexOf('\0') >= 0 || input.indexOf('\r') >= 0 || !input.endsWith("\n")) {
            throw new IllegalArgumentException("prepared input must be whole lines without NUL or CR: " + input);
        }
        Started s = prepared.started;
        if (!s.process.isAlive()) {
            prepared.discard();
            return java.util.Optional.empty();
        }
        MoverLogger.LOG.running(render(s.command) + " <<< " + input.strip().replace('\n', ';'));
        long now = System.nanoTime();
        try (java.io.OutputStream stdin = s.process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            prepared.discard(); // it ended between the check and the write: nothing reached it
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(this.finish(new Started(s.command, s.process, s.stdout, s.stderr, now), now + this.timeout.toNanos()));
    }

    private Started start(List<String> command) throws MoverException {
        return this.start(command, true);
    }

    private Started start(List<String> command, boolean closeStdin) throws MoverException {
        checkCommand(command);
        List<String> full = new ArrayList<>(this.prefix.size() + command.size());
        full.addAll(this.prefix);
        full.addAll(command);
        String line = render(full);
        MoverLogger.LOG.running(line);
        ProcessBuilder builder = new ProcessBuilder(full);
        // Tools' messages are parsed ("Operation not permitted", arping's reply lines): make sure they are not translated.
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("LANG", "C");
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String failure = "cannot run '" + line + "': " + e.getMessage() + " (is " + full.get(0)
                    + " installed at that path? the paths of the tools are set in the mover settings)";
            MoverLogger.LOG.commandFailed(failure, "");
            throw new MoverException(failure, e);
        }
        if (closeStdin) {
            try {
                process.getOutputStream().close(); // no tool reads stdin; EOF instead of a hang if one tries
            } catch (IOException ignored) {
                // nothing to do: the process may already be gone
            }
        }
        Capture out = new Capture(process.getInputStream());
        Capture err = new Capture(process.getErrorStream());
        READERS.execute(out);
        READERS.execute(err);
        return new Started(full, process, out, err, startNanos);
    }

    private Result finish(Started s, long deadlineNanos) throws MoverException {
        String line = render(s.command);
        try {
            boolean ended = s.process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!ended) {
                killTree(s.process);
                String failure = "command '" + line + "' did not finish within " + this.timeout.toMillis() + " ms and was killed"
                        + describeStderr(s.stderr.await(DRAIN_MILLIS));
                MoverLogger.LOG.commandFailed(failure, s.stdout.await(0).strip());
                throw new MoverException(failure);
            }
            String stdout = s.stdout.await(DRAIN_MILLIS);
            String stderr = s.stderr.await(DRAIN_MILLIS);
            int status = s.process.exitValue();
            MoverLogger.LOG.finished(line, status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s.startNanos), stdout.strip(), stderr.strip());
            return new Result(s.command, status, stdout, stderr);
        } catch (InterruptedException e) {
            killTree(s.process);
            Thread.currentThread().interrupt();
            throw new MoverException("interrupted while running '" + line + "'; the command was killed", e);
        }
    }

    /** Kills the command and what it started (sudo, a script's children), then reaps it, all in bounded time. */
    private static void killTree(Process process) {
        List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepUntil(long nanos) throws MoverException {
        long wait = nanos - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MoverException("interrupted while announcing", e);
            }
        }
    }

    /** Commands are built from validated values; this is the last line of defence, not the validation. */
    private static void checkCommand(List<String> command) {
        if (command.isEmpty() || !command.get(0).startsWith("/")) {
            throw new IllegalArgumentException("a command must start with the absolute path of its executable: " + command);
        }
        for (String argument : command) {
            if (argument.indexOf('\0') >= 0 || argument.indexOf('\n') >= 0 || argument.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a command argument contains a NUL or a line break: " + command);
            }
        }
    }

    private static String describeStderr(String stderr) {
        String trimmed = stderr.strip();
        if (trimmed.isEmpty()) {
            return " (no output on stderr)";
        }
        String text = ": " + trimmed.replaceAll("\\s*\\R\\s*", " | ");
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.contains("operation not permitted") || lower.contains("permission denied") || lower.contains("root privileges")
                || lower.contains("must be root")) {
            text += PRIVILEGE_HINT;
        }
        return text;
    }

    /** The command line as an administrator would type it; arguments with blanks or quotes are single-quoted. */
    static String render(List<String> command) {
        return command.stream().map(CommandRunner::quote).collect(Collectors.joining(" "));
    }

    private static String quote(String argument) {
        if (!argument.isEmpty() && argument.chars().noneMatch(c -> Character.isWhitespace(c) || c == '\'' || c == '"' || c == '\\')) {
            return argument;
        }
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    /** Reads a stream to its end, keeping the first {@link #MAX_CAPTURE} bytes. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final byte[] kept = new byte[MAX_CAPTURE];
        private int length;
        private long dropped;
        private boolean done;

        Capture(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[4096];
            try (InputStream stream = this.in) {
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                    synchronized (this) {
                        int keep = Math.min(n, MAX_CAPTURE - this.length);
                        System.arraycopy(buffer, 0, this.kept, this.length, keep);
                        this.length += keep;
                        this.dropped += n - keep;
                    }
                }
            } catch (IOException e) {
                // the stream was closed under us (process killed): keep what we have
            } finally {
                synchronized (this) {
                    this.done = true;
                    this.notifyAll();
                }
            }
        }

        /** What was read so far, waiting up to {@code millis} for the end of the stream. */
        synchronized String await(long millis) throws InterruptedException {
            long end = System.currentTimeMillis() + millis;
            long left;
            while (!this.done && (left = end - System.currentTimeMillis()) > 0) {
                this.wait(left);
            }
            String text = new String(this.kept, 0, this.length, StandardCharsets.UTF_8);
            return this.dropped == 0 ? text : text + " [... " + this.dropped + " more bytes not kept]";
        }
    }
}
