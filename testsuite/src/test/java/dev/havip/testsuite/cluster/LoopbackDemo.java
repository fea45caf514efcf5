package dev.havip.testsuite.cluster;

import static dev.havip.testsuite.Narration.note;
import static dev.havip.testsuite.Narration.say;
import static dev.havip.testsuite.Narration.stamp;
import static dev.havip.testsuite.cluster.ClusterAssertions.awaitOwner;
import static dev.havip.testsuite.cluster.ClusterAssertions.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jboss.dmr.ModelNode;

import dev.havip.lab.Commands;
import dev.havip.testsuite.Cli;

/**
 * {@code ./demo.sh --loopback} (and without root): the two-server failover of {@link TwoServerFailoverTest} told
 * step by step, with the same {@link WildFlyNode}s: node-a (priority 200) and node-b (100) on this machine's loopback
 * (port offsets 0 and 100), the VIP with {@code method=none}, so ownership moves exactly as it would but no address is
 * added. kill -9 of node-a, node-b takes over, node-a restarts and takes the VIP back. Exits 1 if a step did not
 * happen in time. Runs on the main thread.
 */
public final class LoopbackDemo {

    private static final String VIP = "/subsystem=ha-vip/virtual-ip=web";

    private LoopbackDemo() {
    }

    /** Set before the demo exits by itself; otherwise the JVM is stopping because the user interrupted it. */
    private static volatile boolean exiting;

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!exiting) {
                System.err.println("interrupted: stopping the servers");
            }
        }, "demo interrupted"));
        boolean done = false;
        WildFlyNode a = null;
        WildFlyNode b = null;
        if (Commands.isRoot()) {
            System.out.println("ha-vip demo on loopback (--loopback): two servers on this machine, method=none, no address is moved");
        } else {
            System.out.println("ha-vip demo on loopback (not root): two servers on this machine, method=none, no address is moved");
            note("As root, ./demo.sh runs the live version instead: both servers and a client in network namespaces,",
                    "the VIP really added to the holder's eth0 and announced with gratuitous ARP, and a client connecting",
                    "to the VIP every 10 ms that shows which server answers and how long the outage lasts.");
        }
        try {
            say("starting node-a and node-b on loopback (port offsets 0 and 100)");
            Path dir = Files.createDirectories(Path.of(System.getProperty("havip.testsuite.target", "target"), "demo"));
            a = new WildFlyNode("node-a", 0, dir);
            b = new WildFlyNode("node-b", 100, dir);
            WildFlyNode[] both = { a, b };
            // Ctrl-C, even during the boot: the servers go with the demo
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(both), "demo cleanup"));
            for (WildFlyNode node : both) {
                node.start();
            }
            for (WildFlyNode node : both) {
                node.awaitRunning();
            }
            run(a, b);
            done = true;
        } catch (Throwable e) {
            System.out.flush();
            System.err.println(stamp(System.currentTimeMillis()) + " FAILED: " + e);
            e.printStackTrace();
        } finally {
            try {
                WildFlyNode.closeAll(a, b);
            } catch (InterruptedException e) {
                done = false;
            }
        }
        exiting = true;
        System.exit(done ? 0 : 1);
    }

    private static void closeQuietly(WildFlyNode... nodes) {
        try {
            WildFlyNode.closeAll(nodes);
        } catch (InterruptedException | RuntimeException e) {
            System.err.println("could not stop the servers: " + e);
        }
    }

    private static void run(WildFlyNode a, WildFlyNode b) throws Exception {
        for (WildFlyNode node : List.of(a, b)) {
            ModelNode add = WildFlyNode.noneVipAdd(VIP, node == a ? 200 : 100);
            add.get("failback").set("auto");
            new Cli(node.client()).ok(add);
        }
        awaitOwner(VIP, "node-a", a, b);
        say("both servers agree: node-a (priority 200) holds the VIP, node-b (100) stands by");
        show(a, b);

        say("kill -9 of node-a's JVM: no shutdown, no goodbye");
        long killedNanos = a.kill();
        Instant killed = Instant.now().minusNanos(System.nanoTime() - killedNanos);
        awaitOwner(VIP, "node-b", b);
        show(null, b);
        ModelNode history = historyOp();
        Instant master = new Cli(b.client()).ok(history).asList().stream()
                .filter(t -> t.get("virtual-ip").asString("").equals("web") && t.get("to").asString().equals("MASTER"))
                .map(t -> Instant.parse(t.get("time").asString())).filter(t -> !t.isBefore(killed.minusMillis(1))).findFirst()
                .orElseThrow(() -> new AssertionError("node-b's history shows no MASTER transition after the kill"));
        say("node-b saw node-a vanish from the JGroups view (failure detection) and became MASTER %d ms after the kill",
                Duration.between(killed, master).toMillis());
        note("(its own clock: /subsystem=ha-vip:history)");

        say("restarting node-a (its configuration, VIP included, was saved before the crash)");
        a.start();
        a.awaitRunning();
        awaitOwner(VIP, "node-a", a, b);
        show(a, b);
        say("failback=auto: once node-a was ready again, node-b released the VIP first and node-a took it (a planned handover)");
        note("With method=ip (the default) the holder adds 198.18.0.100/24 to eth0 and announces it with gratuitous ARP;",
                "run ./demo.sh as root to see that live, with a client, in network namespaces.");
    }

    /** owner, state and held of the VIP as each running server's management API shows it ({@code null}: down). */
    private static void show(WildFlyNode a, WildFlyNode b) throws Exception {
        note(line("node-a", a), line("node-b", b));
    }

    private static String line(String name, WildFlyNode node) throws Exception {
        if (node == null) {
            return String.format("%-7s (down)", name);
        }
        return String.format("%-7s owner=%-7s state=%-7s held=%s", name, read(node, VIP, "owner").asString(""), read(node, VIP, "state").asString(),
                read(node, VIP, "held").asString());
    }

    private static ModelNode historyOp() {
        ModelNode op = Cli.operation("/subsystem=ha-vip", "history");
        op.get("limit").set(5);
        return op;
    }
}
