package dev.havip.engine;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The network namespace the scale benchmark's members run in with transport {@code mcast} (test scope): its own
 * loopback, with multicast switched on and routed, so JGroups' UDP sends a heartbeat or a table once instead of once
 * per member, without touching the host's interfaces. Created before the members start, deleted after they exited.
 * Test thread.
 */
final class ScaleNamespace implements AutoCloseable {

    private static final String NAME = "havip-scale";

    static ScaleNamespace create() throws Exception {
        ip(false, "netns", "del", NAME); // left over from a run that was killed
        ip(true, "netns", "add", NAME);
        ScaleNamespace namespace = new ScaleNamespace();
        try {
            ip(true, "-n", NAME, "link", "set", "lo", "up", "multicast", "on");
            ip(true, "-n", NAME, "route", "add", "224.0.0.0/4", "dev", "lo");
            return namespace;
        } catch (Exception e) {
            namespace.close();
            throw e;
        }
    }

    /** What a member's command line starts with. */
    List<String> prefix() {
        return List.of("ip", "netns", "exec", NAME);
    }

    @Override
    public void close() {
        try {
            ip(false, "netns", "del", NAME);
        } catch (Exception e) {
            System.err.println("[scale] could not delete network namespace " + NAME + ": " + e);
        }
    }

    private static void ip(boolean mustSucceed, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in 10 s");
        }
        if (mustSucceed && process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed: " + output.strip());
        }
    }
}
