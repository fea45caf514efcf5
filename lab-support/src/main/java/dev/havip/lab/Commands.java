package dev.havip.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The lab's own runner for native commands, independent of the code under test: an argument list (never a shell),
 * every call bounded in time, a non-zero exit is an {@link AssertionError} with the output. Runs on the caller's
 * thread; the command's output is read on a daemon thread of a shared pool (so a full pipe cannot block it).
 */
public final class Commands {

    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lab output reader");
        t.setDaemon(true);
        return t;
    });

    private Commands() {
    }

    /** Runs {@code command} for at most 10 s and returns its output (stdout and stderr). */
    public static String run(String... command) {
        return run(10, command);
    }

    public static String run(int timeoutSeconds, String... command) {
        return run(timeoutSeconds, java.util.Map.of(), command);
    }

    /** The same with {@code environment} added to the command's (secrets go there, never on a command line). */
    public static String run(int timeoutSeconds, java.util.Map<String, String> environment, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process p = builder.start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            }, READERS);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            String out = new String(output.join(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", command), e);
        }
    }

    /** Whether this JVM runs as root (network namespaces need it). */
    public static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }
}
