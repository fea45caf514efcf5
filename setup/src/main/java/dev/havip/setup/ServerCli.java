package dev.havip.setup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server's own {@code bin/jboss-cli.sh}, run as a child process with an argument list (never
 * through a shell) on a script file: against the running server when it is this one, else with an
 * embedded server on the configuration file. Main thread; each run bounded to three minutes.
 */
final class ServerCli {

    /** What a run printed and how it ended. */
    record Result(int exitCode, String output) {
    }

    private static final long TIMEOUT_SECONDS = 180;

    private final Path jbossHome;
    private final Path baseDir;
    private final String serverConfig;
    private final HostPort controller;

    ServerCli(Path jbossHome, Path baseDir, String serverConfig, HostPort controller) {
        this.jbossHome = jbossHome;
        this.baseDir = baseDir;
        this.serverConfig = serverConfig;
        this.controller = controller;
    }

    /** True when the controller answers and is this server (its base directory is ours), not another one on that port. */
    boolean running() throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(this.controller.host(), this.controller.port()), 500);
        } catch (IOException e) {
            return false;
        }
        Result result = this.run(List.of("/core-service=server-environment:read-attribute(name=base-dir)"), true);
        return result.exitCode() == 0 && result.output().contains("\"" + this.baseDir.toRealPath() + "\"");
    }

    /** Runs the lines on the running server, or between embed-server and stop-embedded-server. */
    Result run(List<String> lines, boolean running) throws IOException, InterruptedException {
        return this.run(lines, running, java.util.Map.of());
    }

    /**
     * @param environment variables of the CLI's process: an embedded server resolves {@code ${env.X}} expressions in
     *     what the batch adds (the cluster key's password) from there; a running server from its own
     */
    Result run(List<String> lines, boolean running, java.util.Map<String, String> environment) throws IOException, InterruptedException {
        List<String> script = new ArrayList<>();
        if (!running) {
            script.add("embed-server --std-out=discard --admin-only=true --server-config=" + this.serverConfig);
        }
        script.addAll(lines);
        if (!running) {
            script.add("stop-embedded-server");
        }
        Path file = Files.createTempFile("ha-vip-setup", ".cli");
        Path log = Files.createTempFile("ha-vip-setup", ".out");
        try {
            Files.write(file, script, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(this.jbossHome.resolve("bin/jboss-cli.sh").toString(), "--file=" + file));
            if (running) {
                command.add("--connect");
                command.add("--controller=" + this.controller);
            }
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("JBOSS_HOME", this.jbossHome.toString());
            builder.environment().putAll(environment);
            // the embedded server reads its base directory from this property, as standalone.sh does
            builder.environment().merge("JAVA_OPTS", "-Djboss.server.base.dir=" + this.baseDir, (old, added) -> old + " " + added);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Result(-1, "jboss-cli.sh did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(log);
        }
    }
}
