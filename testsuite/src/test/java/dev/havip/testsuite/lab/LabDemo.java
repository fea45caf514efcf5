package dev.havip.testsuite.lab;

import static dev.havip.testsuite.Narration.note;
import static dev.havip.testsuite.Narration.say;
import static dev.havip.testsuite.Narration.seconds;
import static dev.havip.testsuite.Narration.stamp;
import static dev.havip.testsuite.lab.Lab.GATEWAY;
import static dev.havip.testsuite.lab.Lab.VIP;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jboss.dmr.ModelNode;

import dev.havip.lab.Commands;
import dev.havip.lab.NetLab;
import dev.havip.testsuite.ServerDirs;
import dev.havip.testsuite.lab.LabFigures.Probe;

/**
 * {@code ./demo.sh} as root: the live failover demo on the very lab the tests use ({@link Lab}: namespaces, the two
 * servers configured by {@link HaVipContender}, the {@link ClientProber}, the {@link Watcher}). node-a holds the VIP,
 * is killed with {@code kill -9}, node-b takes over, node-a is restarted and the VIP fails back; each step is told
 * with what a user would look at (the address on each eth0, the client's ARP entry, the client's outage, the
 * servers' own history), then the figures and an explanation. Exits 1 if a step did not happen in time (the logs
 * are kept then, and when a figure looked wrong).
 * Runs on the main thread; the client's commentary comes from a {@link ClientNarrator} thread.
 */
public final class LabDemo {

    private final Lab lab;
    private final String macA;
    private final String macB;
    private boolean unusual;

    private LabDemo(Lab lab) {
        this.lab = lab;
        this.macA = lab.net.mac("a");
        this.macB = lab.net.mac("b");
    }

    /** Set before the demo exits by itself; otherwise the JVM is stopping because the user interrupted it. */
    private static volatile boolean exiting;

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!exiting) {
                System.err.println("interrupted: stopping the servers and removing the namespaces");
            }
        }, "demo interrupted"));
        System.out.println("ha-vip live demo: two WildFly servers and a client, each in its own network namespace (as root)");
        note("hub     " + GATEWAY + "  bridge joining the hosts; the gateway, and the tie-breaker of the two servers",
                "node-a  198.18.0.1    priority 200 (preferred)",
                "node-b  198.18.0.2    priority 100 (standby)",
                "client  198.18.0.10   opens a new TCP connection to the VIP every 10 ms",
                "VIP     " + VIP + "/24 on eth0, method=ip, failback=auto, quorum=tie-breaker, a deployment health check on the app",
                "nothing touches this machine's own network");
        say("building the network, configuring node-a and node-b before boot (jboss-cli embed-server) and starting them");
        Lab lab = null;
        boolean done = false;
        boolean keep = true;
        try {
            lab = Lab.start(new HaVipContender());
            say("both servers answer on their own addresses (http://198.18.0.1:8080/ and http://198.18.0.2:8080/); logs in %s", lab.work);
            keep = new LabDemo(lab).run();
            done = true;
        } catch (Throwable e) {
            System.out.flush();
            System.err.println(stamp(System.currentTimeMillis()) + " FAILED: " + e);
            e.printStackTrace();
        } finally {
            if (lab != null) {
                try {
                    lab.close();
                    System.out.println("cleaned up: namespaces " + lab.net.prefix() + "-{hub,a,b,client} and everything that ran in them");
                    if (!keep) {
                        ServerDirs.delete(lab.work);
                    } else {
                        System.err.println("(logs kept in " + lab.work + ")");
                    }
                } catch (Exception | Error e) {
                    System.err.println("cleaning up failed: " + e);
                    done = false;
                }
            }
        }
        exiting = true;
        System.exit(done ? 0 : 1);
    }

    /** @return whether to keep the logs: something looked wrong although the failover and the failback happened */
    private boolean run() throws Exception {
        say("client starts: a new TCP connection to %s:8080 every 10 ms (GET /, the page names the node)", VIP);
        long started = System.currentTimeMillis();
        this.lab.instruments();
        ClientNarrator narrator = new ClientNarrator(this.lab.client);
        ClientProber client = this.lab.client;

        // ---- 1. steady: node-a holds the VIP and serves the client
        client.awaitStreak("node-a", 20, started, 60_000, "the client is served by node-a through the VIP");
        if (!this.lab.watcher.awaitHolders(true, false, 5_000)) {
            throw new AssertionError("the VIP is not on node-a's eth0 alone after 5 s: " + this.lab.watcher.last());
        }
        say("steady: node-a holds the VIP and serves the client");
        this.show();
        long deadline = System.currentTimeMillis() + 30_000;
        ModelNode vip = this.vipOf(this.lab.b);
        while (!vip.get("owner").asString("").equals("node-a") || !vip.get("state").asString().equals("BACKUP")) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("node-b does not see node-a as the holder after 30 s: " + vip);
            }
            Thread.sleep(500);
            vip = this.vipOf(this.lab.b);
        }
        say("node-b agrees (its CLI: owner=%s, its own state %s): ready for the crash", vip.get("owner").asString(), vip.get("state").asString());

        // ---- 2. kill -9 of the holder
        say("kill -9 of node-a's JVM (pid %d) and everything else of node-a: no shutdown, no goodbye to the cluster", this.lab.a.jvm().pid());
        long killed = System.currentTimeMillis();
        this.lab.crash(this.lab.a);
        Probe firstB = client.awaitStreak("node-b", 20, killed, 30_000, "the client is served by node-b after the kill");
        long servedAfter = firstB.end() - killed;
        say("node-b serves the client: first answer %d ms after the kill", servedAfter);
        if (servedAfter > 2_000) {
            this.unusual = true;
            say("WARNING: much slower than usual (about 0.2 s, README: Performance); see node-b's history below");
        }
        this.show();
        CompletableFuture<String> historyB = CompletableFuture.supplyAsync(() -> this.lab.b.cli("/subsystem=ha-vip:history(limit=5)"));
        String expiry = this.awaitExpiry(killed);
        List<ModelNode> history = LabServer.historyEntries(historyB.join());
        long master = after(history, killed, "MASTER");
        if (master < 0) {
            throw new AssertionError("node-b's history shows no MASTER transition after the kill: " + history);
        }
        say("node-b's own history: MASTER %d ms after the kill", master - killed);
        print("node-b: /subsystem=ha-vip:history(limit=5), newest first", history);

        // ---- 3. restart node-a: failback
        say("restarting node-a (its configuration, VIP included, is in its standalone.xml)");
        long restarted = System.currentTimeMillis();
        this.lab.contender.restart(this.lab, this.lab.a);
        Probe firstA = client.awaitStreak("node-a", 50, restarted, 150_000, "the client is served by node-a again (failback)");
        say("failback: node-a serves the client again, %s s after its restart", seconds(firstA.end() - restarted));
        Thread.sleep(1000);
        this.show();
        long ended = System.currentTimeMillis();
        this.lab.stopInstruments();
        narrator.close();

        CompletableFuture<String> historyA = CompletableFuture.supplyAsync(() -> this.lab.a.cli("/subsystem=ha-vip:history(limit=5)"));
        List<ModelNode> afterB = LabServer.historyEntries(this.lab.b.cli("/subsystem=ha-vip:history(limit=5)"));
        List<ModelNode> afterA = LabServer.historyEntries(historyA.join());
        long released = after(afterB, restarted, "BACKUP");
        long took = after(afterA, restarted, "MASTER");
        String handover = released < 0 || took < 0 ? "unknown (see the histories above)"
                : (took - released) + " ms (node-b BACKUP at " + stamp(released) + ", node-a MASTER at " + stamp(took) + ")";
        print("node-b: /subsystem=ha-vip:history(limit=5), newest first", afterB);
        print("node-a (restarted): /subsystem=ha-vip:history(limit=5), newest first", afterA);

        List<Probe> probes = client.probes();
        System.out.println();
        System.out.println("Figures of this run");
        note("kill -9 -> node-b MASTER (node-b's history):        " + (master - killed) + " ms",
                "kill -9 -> the client's first answer from node-b:  " + servedAfter + " ms",
                "client at the kill, longest gap / failed probes:   " + window(probes, killed - 1000, firstB.end() + 1000),
                "VIP left on dead node-a's eth0 for:                " + expiry,
                "failback, node-b released -> node-a took the VIP:  " + handover,
                "client at the failback, longest gap / failed:      " + window(probes, firstA.start() - 10_000, ended));
        if (this.unusual) {
            note("", "WARNING: this run was not as expected (see above); the logs are kept");
        }
        explain();
        return this.unusual;
    }

    /** Waits (at most 20 s after the kill) until dead node-a's kernel dropped the VIP, from the watcher's events. */
    private String awaitExpiry(long killed) throws InterruptedException {
        long gone;
        while ((gone = LabFigures.firstWhere(this.lab.watcher.samples(), killed, Long.MAX_VALUE, s -> !s.a())) < 0
                && System.currentTimeMillis() < killed + 20_000) {
            Thread.sleep(100);
        }
        if (gone < 0) {
            this.unusual = true;
            say("WARNING: %s is still on dead node-a's eth0 %s s after the kill (expected: at most its lifetime, %s s)", VIP,
                    seconds(System.currentTimeMillis() - killed), seconds(Lab.LIFETIME_MS));
            return "more than 20 s (expected: at most its lifetime, " + seconds(Lab.LIFETIME_MS) + " s)";
        }
        say("%s left dead node-a's eth0 %s s after the kill: the JVM's exit closed the pipe of its 'ip -batch -' watch,"
                + " which removed it (the address's lifetime, %s s, is the fallback)", VIP, seconds(gone - killed), seconds(Lab.LIFETIME_MS));
        return seconds(gone - killed) + " s (address lifetime " + seconds(Lab.LIFETIME_MS) + " s)";
    }

    /** Who has the VIP on eth0, and where the client's ARP entry points. */
    private void show() {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("who has " + VIP + " on eth0 (ip -n <namespace> addr show dev eth0):");
        for (LabServer server : List.of(this.lab.a, this.lab.b)) {
            StringBuilder line = new StringBuilder();
            boolean held = false;
            for (String entry : this.lab.net.addresses(server.host).lines().filter(l -> l.contains(" inet ")).toList()) {
                List<String> f = List.of(entry.trim().split("\\s+"));
                String address = f.get(3);
                if (address.startsWith(VIP + "/")) {
                    held = true;
                    int lft = f.indexOf("valid_lft");
                    address += lft > 0 ? " (valid_lft " + f.get(lft + 1) + ")" : "";
                }
                line.append(line.length() == 0 ? "" : ", ").append(address);
            }
            lines.add("  " + server.name + " (" + (server == this.lab.a ? this.macA : this.macB) + "): " + line + (held ? "   <- has the VIP" : "")
                    + (server.running() ? "" : "   [server dead]"));
        }
        String entry = Commands.run(NetLab.IP, "-n", this.lab.net.ns("client"), "neigh", "show", VIP, "dev", "eth0").trim();
        String who = entry.contains(this.macA) ? " = node-a" : entry.contains(this.macB) ? " = node-b" : "";
        lines.add("the client's ARP entry (ip -n <client> neigh show " + VIP + "): " + (entry.isEmpty() ? "none" : entry + who));
        note(lines.toArray(String[]::new)); // one block: the client's commentary does not cut into it
    }

    private ModelNode vipOf(LabServer server) {
        try {
            return ModelNode.fromString(server.cli("/subsystem=ha-vip/virtual-ip=web:read-resource(include-runtime=true)")).get("result");
        } catch (AssertionError | IllegalArgumentException e) {
            return new ModelNode(); // the CLI failed (e.g. still booting): asked again
        }
    }

    /** Epoch ms of the first transition of the VIP web to {@code to} at or after {@code since}, or -1. */
    private static long after(List<ModelNode> history, long since, String to) {
        return history.stream().filter(e -> e.get("virtual-ip").asString("").equals("web") && e.get("to").asString().equals(to))
                .mapToLong(e -> Instant.parse(e.get("time").asString()).toEpochMilli()).filter(t -> t >= since).min().orElse(-1);
    }

    private static void print(String title, List<ModelNode> history) {
        note(title);
        for (ModelNode e : history) {
            String what = e.hasDefined("virtual-ip") ? "virtual-ip " + e.get("virtual-ip").asString() : "health-check " + e.get("health-check").asString("");
            String reason = e.get("reason").asString("");
            note("  " + stamp(Instant.parse(e.get("time").asString()).toEpochMilli()) + " " + what + ": " + e.get("from").asString("")
                    + " -> " + e.get("to").asString("") + (reason.isEmpty() ? "" : "  (" + reason + ")"));
        }
    }

    /** "longest time between two answers / failed probes" among the probes started in [from, to]. */
    private static String window(List<Probe> probes, long from, long to) {
        long failed = LabFigures.count(probes, from, to, Probe::failed);
        return LabFigures.longestGap(probes, from, to).millis() + " ms / " + failed + " failed probe" + (failed == 1 ? "" : "s");
    }

    private static void explain() {
        System.out.println();
        System.out.println("What happened");
        note("- node-a and node-b watch each other over JGroups (TCP between 198.18.0.1 and .2; a crashed peer's closed socket",
                "  is noticed at once, a silent peer after a quarter of a second). kill -9 closed node-a's sockets, so node-b",
                "  soon installed a new JGroups view without node-a, became coordinator, still had quorum (it reaches the",
                "  tie-breaker " + GATEWAY + ") and assigned itself the VIP: BACKUP -> MASTER.",
                "- Taking the VIP: 'ip addr replace " + VIP + "/24 dev eth0 valid_lft 2 preferred_lft 2', then gratuitous ARP",
                "  ('arping -U'). The client's ARP entry moved to node-b's MAC, so its next connections went to node-b. The",
                "  failed probes before that went to node-a's MAC: its kernel still had the address but no server behind it.",
                "- Dead node-a's address went with its JVM: a child 'ip -batch -' held 'address del' on a pipe from the JVM",
                "  and ran it when the kernel closed that pipe at the JVM's exit. Had that failed, the address's 2 s lifetime",
                "  (renewed every half second by a live holder) would have ended it; nothing announced it, so the client stayed away.",
                "- node-a came back with priority 200 and failback=auto: once it was ready, the coordinator handed the VIP",
                "  over make-before-break: node-a added and announced it while node-b still had it, then node-b removed its",
                "  copy (MASTER -> BACKUP). Both live servers serve, so the client's connections in those few tens of ms",
                "  were answered by one or the other; one whose handshake went to node-b and its request to node-a (the",
                "  client's ARP entry switched in between) node-a's nftables rule passed on to node-b, which answered it.");
    }
}
