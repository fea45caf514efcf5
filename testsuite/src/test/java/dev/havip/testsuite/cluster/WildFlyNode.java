package dev.havip.testsuite.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;

import dev.havip.testsuite.Cli;
import dev.havip.testsuite.ServerDirs;

/**
 * One real WildFly server from testsuite/target/server, run as its own process with its own base
 * directory and a port offset, so several can run side by side on loopback. Tests kill it hard
 * (SIGKILL of the JVM), restart it and talk to it through the management API, as an admin would.
 */
final class WildFlyNode implements AutoCloseable {

    static final Path HOME = Path.of(System.getProperty("jboss.home", "target/server"));
    static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

    final String name;
    final int portOffset;
    private final Path baseDir;
    private final List<String> extraArguments = new ArrayList<>();
    private final java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
    private Process process;
    private ModelControllerClient client;

    WildFlyNode(String name, int portOffset, Path workDir) throws IOException {
        this.name = name;
        this.portOffset = portOffset;
        this.baseDir = workDir.resolve(name);
        ServerDirs.freshCopy(HOME, this.baseDir); // every run starts from the provisioned configuration
    }

    /** node-a (port offset 0) and node-b (offset 100), started side by side and running, in target/{@code work}. */
    static List<WildFlyNode> startPair(String work) throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("havip.testsuite.target", "target"), work));
        List<WildFlyNode> pair = List.of(new WildFlyNode("node-a", 0, dir), new WildFlyNode("node-b", 100, dir));
        for (WildFlyNode node : pair) {
            node.start();
        }
        for (WildFlyNode node : pair) {
            node.awaitRunning();
        }
        return pair;
    }

    static void closeAll(WildFlyNode... nodes) throws InterruptedException {
        for (WildFlyNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    /** Extra arguments of standalone.sh (e.g. {@code -Dha-vip.peer1.port=8160}) for every later start. */
    WildFlyNode withArguments(String... arguments) {
        this.extraArguments.addAll(List.of(arguments));
        return this;
    }

    /** An environment variable of the server process (e.g. a password an expression reads), never put on a command line. */
    WildFlyNode withEnvironment(String variable, String value) {
        this.environment.put(variable, value);
        return this;
    }

    void start() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(9990 + this.portOffset, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + (9990 + this.portOffset) + " is taken: another server runs; " + this.name + " cannot start", e);
        }
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + this.baseDir,
                "-Djboss.node.name=" + this.name,
                "-Djboss.socket.binding.port-offset=" + this.portOffset));
        command.addAll(this.extraArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(this.baseDir.resolve("console.log").toFile()));
        builder.environment().put("JAVA_OPTS", "-Xms64m -Xmx384m -Djava.net.preferIPv4Stack=true");
        builder.environment().putAll(this.environment);
        this.process = builder.start();
    }

    /**
     * The {@code add} of a VIP as the cluster tests use it: 198.18.0.100/24 on eth0, {@code method=none} (on loopback no
     * address moves; ownership is decided and shown), this server's priority; callers add what else they need.
     */
    static ModelNode noneVipAdd(String resource, int priority) {
        ModelNode add = Cli.operation(resource, "add");
        add.get("ip-address").set("198.18.0.100/24");
        add.get("interface").set("eth0");
        add.get("method").set("none");
        add.get("priority").set(priority);
        return add;
    }

    /** This server's base directory (configuration, data, log). */
    Path baseDir() {
        return this.baseDir;
    }

    /** {@code :reload}, as an admin does after a change that needs one, and waits until it runs again. */
    void reload() throws Exception {
        try {
            this.client().execute(Cli.operation("", "reload"));
        } catch (IOException e) {
            // the reply may be lost: the management connection closes as the reload begins
        }
        this.closeClient();
        // the old server answers "running" for a moment after it accepted the reload: wait until it stopped answering so
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                ModelNode op = Cli.operation("", "read-attribute");
                op.get("name").set("server-state");
                if (!"running".equals(this.client().execute(op).get("result").asString())) {
                    break;
                }
            } catch (IOException e) {
                break;
            } finally {
                this.closeClient();
            }
            Thread.sleep(20);
        }
        this.awaitRunning();
    }

    /** Waits until the server answers and reports "running". */
    void awaitRunning() throws Exception {
        long deadline = System.nanoTime() + BOOT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException(this.name + " exited during boot, see " + this.baseDir.resolve("console.log"));
            }
            try {
                ModelNode op = Cli.operation("", "read-attribute");
                op.get("name").set("server-state");
                ModelNode response = this.client().execute(op);
                if ("running".equals(response.get("result").asString())) {
                    this.verifyIdentity();
                    return;
                }
            } catch (IOException e) {
                this.closeClient();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(this.name + " did not boot within " + BOOT_TIMEOUT);
    }

    /** Makes sure the server answering on our port is ours, not a leftover of another run. */
    private void verifyIdentity() throws IOException {
        ModelNode op = Cli.operation("/core-service=server-environment", "read-attribute");
        op.get("name").set("node-name");
        String nodeName = this.client().execute(op).get("result").asString();
        if (!this.name.equals(nodeName)) {
            throw new IllegalStateException("the server on port " + (9990 + this.portOffset) + " is " + nodeName + ", not " + this.name);
        }
    }

    /**
     * SIGKILL of the server JVM: no shutdown hook, no leave message, like a crash.
     * @return {@link System#nanoTime()} when the signal was sent
     */
    long kill() throws InterruptedException {
        List<ProcessHandle> jvms = this.process.toHandle().descendants().toList();
        long signalled = System.nanoTime();
        jvms.forEach(ProcessHandle::destroyForcibly);
        this.process.destroyForcibly();
        for (ProcessHandle jvm : jvms) {
            jvm.onExit().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
        this.process.waitFor(30, TimeUnit.SECONDS);
        this.closeClient();
        return signalled;
    }

    /** Deploys (and enables) an archive through the management API, as the CLI's deploy does. */
    void deploy(String deployment, java.io.InputStream content) throws IOException {
        ModelNode add = Cli.operation("/deployment=" + deployment, "add");
        add.get("content").add().get("input-stream-index").set(0);
        add.get("enabled").set(true);
        ModelNode response = this.client().execute(new org.jboss.as.controller.client.OperationBuilder(add).addInputStream(content).build());
        if (!"success".equals(response.get("outcome").asString())) {
            throw new IllegalStateException("deploying " + deployment + " on " + this.name + " failed: " + response);
        }
    }

    ModelNode execute(ModelNode operation) throws IOException {
        return this.client().execute(operation);
    }

    ModelControllerClient client() throws IOException {
        if (this.client == null) {
            this.client = ModelControllerClient.Factory.create(InetAddress.getLoopbackAddress(), 9990 + this.portOffset);
        }
        return this.client;
    }

    private void closeClient() {
        if (this.client != null) {
            try {
                this.client.close();
            } catch (IOException ignored) {
                // the server is going away anyway
            }
            this.client = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (this.process != null && this.process.isAlive()) {
            this.kill();
        }
        this.closeClient();
    }
}
