package dev.havip.lab;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The network namespaces of one lab, all named with one random prefix (so parallel runs and leftovers never meet),
 * and their removal however the lab ends: {@link #close()} — or, if the JVM is stopped, a shutdown hook — first kills
 * every process still running inside them (deleting a namespace leaves its processes alive), then deletes them, last
 * created first. {@link #add} runs on the caller's thread; {@link #close()} on the caller's or the shutdown hook's.
 */
final class Namespaces implements AutoCloseable {

    final String prefix;
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());
    private final Thread hook;

    Namespaces(String tag) {
        SecureRandom random = new SecureRandom();
        StringBuilder p = new StringBuilder(tag);
        for (int i = 0; i < 5; i++) {
            p.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
        }
        this.prefix = p.toString();
        this.hook = new Thread(this::deleteAll, "netns cleanup " + this.prefix);
        Runtime.getRuntime().addShutdownHook(this.hook);
    }

    /** Creates the namespace {@code <prefix>-<name>} with its loopback up, and returns its name. */
    String add(String name) {
        String ns = this.prefix + "-" + name;
        this.created.add(ns); // before: a half-made namespace is deleted too
        Commands.run(NetLab.IP, "netns", "add", ns);
        Commands.run(NetLab.IP, "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /** Every process running inside namespace {@code ns}. */
    static List<ProcessHandle> processes(String ns) {
        List<ProcessHandle> all = new ArrayList<>();
        for (String pid : Commands.run(NetLab.IP, "netns", "pids", ns).split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(all::add);
            }
        }
        return all;
    }

    @Override
    public void close() {
        this.deleteAll();
        try {
            Runtime.getRuntime().removeShutdownHook(this.hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook does the work
        }
    }

    private void deleteAll() {
        List<String> all;
        synchronized (this.created) {
            all = new ArrayList<>(this.created);
            this.created.clear();
        }
        Collections.reverse(all);
        for (String ns : all) {
            try {
                processes(ns).forEach(ProcessHandle::destroyForcibly);
            } catch (AssertionError | NumberFormatException e) {
                System.err.println("could not list the processes of namespace " + ns + ": " + e.getMessage());
            }
            try {
                Commands.run(NetLab.IP, "netns", "del", ns);
            } catch (AssertionError e) {
                System.err.println("could not delete namespace " + ns + ": " + e.getMessage());
            }
        }
    }
}
