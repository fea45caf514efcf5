package dev.havip.testsuite.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.jboss.dmr.ModelNode;

import dev.havip.lab.Commands;
import dev.havip.lab.NetLab;
import dev.havip.testsuite.ServerDirs;

/**
 * One provisioned WildFly (testsuite/target/server) running INSIDE a lab namespace, with its own base directory.
 * Every port is the default one: the namespace has its own loopback and ports. It is started with the README's
 * start-up line (public interface on 0.0.0.0, cluster traffic on its address, management on its loopback). The test
 * JVM lives in the root namespace and cannot reach the management interface, so configuration
 * happens before boot with an embedded server (jboss-cli {@code embed-server}, run inside the namespace too) and
 * runtime management goes through {@code ip netns exec <ns> jboss-cli.sh -c}. The app is a ROOT.war whose
 * index.html names the node, dropped into deployments/ before boot.
 */
final class LabServer implements AutoCloseable {

    static final Path HOME = Path.of(System.getProperty("jboss.home", "target/server")).toAbsolutePath();

    final String name;
    final String host;
    final String address;
    private final NetLab lab;
    private final Path baseDir;
    private final String[] properties;
    private final java.util.Map<String, String> environment = new java.util.HashMap<>();
    private Process process;

    LabServer(NetLab lab, String host, String name, String address, Path workDir, String... properties) throws IOException {
        this.lab = lab;
        this.host = host;
        this.name = name;
        this.address = address;
        this.baseDir = workDir.resolve(name).toAbsolutePath();
        this.properties = properties;
        ServerDirs.copy(HOME.resolve("standalone"), this.baseDir);
        writeApp(this.baseDir.resolve("deployments/ROOT.war"), name);
    }

    /** Runs a CLI script against an embedded (not yet started) server of this base directory, inside the namespace. */
    void configureBeforeBoot(String... commands) {
        if (commands.length == 0) {
            return;
        }
        Path script = this.baseDir.resolve("configure.cli");
        List<String> lines = new ArrayList<>();
        lines.add("embed-server --server-config=standalone.xml --std-out=discard");
        lines.add("batch");
        lines.addAll(List.of(commands));
        lines.add("run-batch");
        lines.add("stop-embedded-server");
        try {
            Files.write(script, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(this.lab.exec(this.host));
        command.addAll(List.of(HOME.resolve("bin/jboss-cli.sh").toString(), "--file=" + script));
        // the server's environment too: the embedded server resolves ${env.…} expressions when they are added
        java.util.Map<String, String> environment = new java.util.HashMap<>(this.environment);
        environment.put("JAVA_OPTS", "-Djboss.server.base.dir=" + this.baseDir);
        String out = Commands.run(120, environment, command.toArray(String[]::new));
        if (!out.contains("The batch executed successfully")) {
            throw new AssertionError("configuring " + this.name + " failed: " + out);
        }
    }

    void start() throws IOException {
        Files.deleteIfExists(this.pidFile());
        List<String> command = new ArrayList<>(this.lab.exec(this.host));
        // exactly the README's start-up line ("Add ha-vip to your own server"), plus the base directory that lets
        // two servers share one installation
        command.addAll(List.of(HOME.resolve("bin/standalone.sh").toString(), "-Djboss.server.base.dir=" + this.baseDir,
                "-b", "0.0.0.0", "-Djboss.node.name=" + this.name, "-Djboss.bind.address.private=" + this.address));
        command.addAll(List.of(this.properties));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(this.baseDir.resolve("console.log").toFile()));
        builder.environment().put("JAVA_OPTS", "-Xms64m -Xmx384m -Djava.net.preferIPv4Stack=true");
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
        builder.environment().put("JBOSS_PIDFILE", this.pidFile().toString());
        builder.environment().putAll(this.environment);
        this.process = builder.start();
    }

    /** The server JVM (standalone.sh writes its pid to JBOSS_PIDFILE). */
    ProcessHandle jvm() {
        try {
            String pid = Files.readString(this.pidFile()).trim();
            return ProcessHandle.of(Long.parseLong(pid)).orElseThrow(() -> new IllegalStateException(this.name + ": JVM " + pid + " is gone"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the server (started by {@link #start()}) has exited. */
    void awaitExit() throws InterruptedException {
        if (this.process != null && !this.process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError(this.name + " did not exit within 60 s");
        }
    }

    /** Graceful shutdown through the management interface; returns once the server has exited. */
    void shutdown() throws InterruptedException {
        this.cli(":shutdown");
        this.awaitExit();
    }

    boolean running() {
        return this.process != null && this.process.isAlive();
    }

    /** A CLI command line against the running server, from inside its namespace (slow: one CLI JVM per call). */
    String cli(String commands) {
        List<String> command = new ArrayList<>(this.lab.exec(this.host));
        command.addAll(List.of(HOME.resolve("bin/jboss-cli.sh").toString(), "-c",
                "--controller=127.0.0.1:9990", "--commands=" + commands));
        return Commands.run(60, command.toArray(String[]::new));
    }

    /** The entries of a {@code /subsystem=ha-vip:history} result, newest first (none when the CLI gave no result). */
    static List<ModelNode> historyEntries(String cliOutput) {
        ModelNode result = ModelNode.fromString(cliOutput).get("result");
        return result.isDefined() ? result.asList() : List.of();
    }

    /** An environment variable of the server for every later start (e.g. the cluster key's password, never on a command line). */
    LabServer withEnvironment(String variable, String value) {
        this.environment.put(variable, value);
        return this;
    }

    /** This server's base directory (its configuration, deployments, logs). */
    Path baseDir() {
        return this.baseDir;
    }

    Path console() {
        return this.baseDir.resolve("console.log");
    }

    private Path pidFile() {
        return this.baseDir.resolve("server.pid");
    }

    @Override
    public void close() throws InterruptedException {
        if (this.process != null) {
            if (Files.isRegularFile(this.pidFile())) {
                try {
                    this.jvm().destroyForcibly();
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
            this.process.descendants().forEach(ProcessHandle::destroyForcibly);
            this.process.destroyForcibly();
            this.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A WAR with nothing but an index.html that names the node. */
    static void writeApp(Path war, String node) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write((node + "\n").getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write(("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\"/>\n").getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
    }
}
