package dev.havip.movers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Removes a held VIP from the interface when this JVM dies, however it dies (kill -9 included), without waiting for the
 * address's lifetime: a child {@code ip -batch -} reads the removal from a pipe whose only writer is this JVM, as a last
 * line without a newline, which ip runs only when the pipe closes, i.e. when the kernel closes the JVM's end at its
 * exit. A release kills the child (and its descendants) first: SIGKILL, so it runs nothing. Only armed where this JVM
 * can kill everything it starts: without a command prefix, or as root (a {@code sudo} child would outlive a kill of sudo
 * and remove the address later, maybe after the VIP came back). Called on mover threads.
 */
final class DeathWatch {

    private static final boolean ROOT = isRoot();

    private Process process;

    /** Whether this JVM can arm a watch with these settings. */
    static boolean possible(MoverSettings settings) {
        return settings.commandPrefix().isEmpty() || ROOT;
    }

    /** Starts the watch for an address that is now on the interface; a watch already running is replaced. */
    synchronized void arm(MoverSettings settings, VipSpec spec) throws IOException {
        this.disarm();
        List<String> command = new ArrayList<>(settings.commandPrefix());
        command.addAll(List.of(settings.ip().toString(), "-batch", "-"));
        Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        OutputStream pipe = started.getOutputStream();
        // no newline: ip reads it as an unfinished line and runs it only at end of input (this JVM's exit)
        pipe.write(("address del " + spec.address() + " dev " + spec.interfaceName()).getBytes(StandardCharsets.US_ASCII));
        pipe.flush();
        this.process = started;
    }

    /** Stops the watch without running its removal (kills the child before anything closes the pipe). */
    synchronized void disarm() {
        Process running = this.process;
        this.process = null;
        if (running != null) {
            running.descendants().forEach(ProcessHandle::destroyForcibly);
            running.destroyForcibly();
            try {
                running.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Test hook: closes the pipe as the kernel does when this JVM exits, so the child runs the removal. */
    synchronized void pipeClosedAsAtExit() throws IOException {
        if (this.process != null) {
            this.process.getOutputStream().close();
            this.process = null;
        }
    }

    synchronized boolean armed() {
        return this.process != null && this.process.isAlive();
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
