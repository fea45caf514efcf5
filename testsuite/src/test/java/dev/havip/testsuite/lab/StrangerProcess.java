package dev.havip.testsuite.lab;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.jgroups.JChannel;

import dev.havip.cluster.ClusterCodec;
import dev.havip.lab.NetLab;

/**
 * A {@link Stranger} JVM inside a lab namespace, its output in {@code <name>.log} of the lab's directory, and what it
 * printed: the largest view it ever saw and how many forged messages it sent. Test thread.
 */
final class StrangerProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    /** {@code keyStore} null: no TLS at all; otherwise TLS with that store as key and trust store ({@code password}). */
    StrangerProcess(NetLab net, String host, String name, String bindAddress, int port, String initialHosts, Path keyStore,
            String password, Path dir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(net.exec(host));
        command.addAll(List.of(java, "-Xmx64m", "-XX:+UseSerialGC", "-Djava.net.preferIPv4Stack=true", "-cp", classpath(),
                Stranger.class.getName(), name, keyStore == null ? "plain" : "wrong-key", bindAddress, Integer.toString(port), initialHosts));
        if (keyStore != null) {
            command.add(keyStore.toString());
        }
        this.log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(this.log.toFile());
        if (password != null) {
            builder.environment().put("STRANGER_STOREPASS", password); // not on a command line
        }
        this.process = builder.start();
    }

    /** The largest view the stranger was ever in (1: only itself). */
    int largestView() throws IOException {
        return this.lines().stream().filter(l -> l.startsWith("view ")).mapToInt(l -> Integer.parseInt(l.split(" ")[1])).max().orElse(0);
    }

    /** How many forged messages it had sent at its last report. */
    long sent() throws IOException {
        return this.lines().stream().filter(l -> l.startsWith("sent ")).mapToLong(l -> Long.parseLong(l.substring(5).trim())).max().orElse(0);
    }

    boolean alive() {
        return this.process.isAlive();
    }

    Path log() {
        return this.log;
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(this.log, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws InterruptedException {
        this.process.descendants().forEach(ProcessHandle::destroyForcibly);
        this.process.destroyForcibly();
        this.process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The stranger's own classes, JGroups, ha-vip's codec and the project's stack XML: what an attacker can download. */
    private static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> c : List.of(Stranger.class, JChannel.class, ClusterCodec.class)) {
            entries.add(location(c.getProtectionDomain().getCodeSource().getLocation()));
        }
        URL stack = Stranger.class.getClassLoader().getResource("jgroups/ha-vip.xml");
        String url = String.valueOf(stack);
        entries.add(url.startsWith("jar:") ? location(urlOf(url.substring(4, url.indexOf("!/")))) : location(urlOf(url)).replaceFirst("/jgroups/ha-vip\\.xml$", ""));
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static URL urlOf(String spec) {
        try {
            return java.net.URI.create(spec).toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String location(URL url) {
        try {
            return Path.of(url.toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
