package dev.havip.engine;

import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.jgroups.JChannel;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.NAKACK4;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCP_NIO2;
import org.jgroups.protocols.TP;
import org.jgroups.protocols.UDP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST4;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.STABLE;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.Quorum;
import dev.havip.election.Failback;
import dev.havip.movers.Movers;
import dev.havip.movers.VipSpec;
import dev.havip.net.Cidr;

/**
 * One member of issue 17's scale benchmark as a process of its own: the ha-vip engine with {@code method=none}
 * ({@code quorum=majority} from three members on) on a JGroups channel over loopback with ha-vip.xml's protocols (TCP,
 * TCPPING at every member's port, MERGE3, FD_SOCK2, FD_ALL3, VERIFY_SUSPECT2, NAKACK4, UNICAST4, GMS, FRAG4). N+M: VIP
 * {@code vip-k} prefers member {@code k mod N}, then the members after it. Prints {@code owners <epoch ms>
 * <vip>=<owner>[*],...} ({@code *}: held here) whenever what it knows changes (on each owner change or transition the
 * engine reports, and at the latest every poll ms, 1 s by default), {@code view <epoch ms> <members>} when its view's
 * size changes, {@code held|released <epoch ms> <vip>} at each transition into or out of MASTER with the engine's own
 * time of it, and runs until stdin closes. Main thread reports; engine threads decide and wake it.
 * <p>
 * Usage: {@code ScaleMember <index> <members> <vips> <base port>}. System properties: the stack's timings (ms)
 * {@code havip.scale.fd-interval}, {@code fd-timeout} (FD_ALL3; default 50 and 200 as in ha-vip.xml),
 * {@code verify-timeout} (VERIFY_SUSPECT2, 20), {@code merge-max} (MERGE3's max_interval, min a third of it; 3000), {@code join-timeout} (GMS, 1000);
 * {@code havip.scale.bundler} (the transport's bundler_type; JGroups' default otherwise); {@code havip.scale.transport}
 * ({@code tcp}, the default; {@code nio}: TCP_NIO2; {@code udp}: UDP without IP multicast; {@code mcast}: UDP with IP
 * multicast, in {@link ScaleNamespace}); {@code havip.scale.nakack} ({@code 2}: NAKACK2 and STABLE instead of NAKACK4);
 * {@code havip.scale.stats-ms} (every so often, {@link ScaleCounter}'s message counts on stderr); {@code havip.scale.processing}
 * (the transport's message_processing_policy: {@code direct} passes regular messages up on the thread that received
 * them instead of handing each to a pool thread); {@code havip.scale.trace} ({@link ScaleCounter}'s arrival times).
 */
public final class ScaleMember {

    public static void main(String[] args) throws Exception {
        int index = Integer.parseInt(args[0]);
        int members = Integer.parseInt(args[1]);
        int vips = Integer.parseInt(args[2]);
        int basePort = Integer.parseInt(args[3]);
        long fdInterval = Long.getLong("havip.scale.fd-interval", 50);
        long fdTimeout = Long.getLong("havip.scale.fd-timeout", 200);
        long verifyTimeout = Long.getLong("havip.scale.verify-timeout", 20);
        long mergeMax = Long.getLong("havip.scale.merge-max", 3000);
        long pollMs = Long.getLong("havip.scale.poll-ms", 1000);
        long joinTimeout = Long.getLong("havip.scale.join-timeout", 1000);
        String name = name(index);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.US_ASCII);
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // until EOF: the benchmark went away
                }
            } catch (java.io.IOException ignored) {
                // same
            }
            System.exit(0);
        });
        stdin.setDaemon(true);
        stdin.start();

        InetAddress loopback = InetAddress.getLoopbackAddress();
        // TCP as in ha-vip.xml; "nio" (TCP_NIO2: one selector thread instead of a reader thread per connection) or
        // "udp" (datagrams without IP multicast: one socket, no connections) to compare what a large cluster costs
        String transport = System.getProperty("havip.scale.transport", "tcp");
        TP tcp = switch (transport) {
            case "nio" -> new TCP_NIO2();
            case "udp" -> new UDP().setMulticasting(false);
            case "mcast" -> new UDP().setMulticastAddress(InetAddress.getByName("232.18.0.1")).setMulticastPort(basePort - 1);
            default -> new TCP();
        };
        tcp.setBindAddress(loopback);
        tcp.setBindPort(basePort + index);
        tcp.setPortRange(0);
        String bundler = System.getProperty("havip.scale.bundler");
        if (bundler != null) {
            tcp.setBundlerType(bundler);
        }
        String processing = System.getProperty("havip.scale.processing");
        if (processing != null) {
            tcp.setMessageProcessingPolicy(processing); // "direct": regular messages (heartbeats too) on the receiving thread
        }
        List<java.net.InetSocketAddress> hosts = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            hosts.add(new java.net.InetSocketAddress(loopback, basePort + i));
        }
        TCPPING ping = new TCPPING().setInitialHosts(hosts).setPortRange(0);
        ScaleCounter counter = new ScaleCounter();
        List<org.jgroups.stack.Protocol> stack = new ArrayList<>(List.of(tcp, counter, ping,
                new MERGE3().setMinInterval(mergeMax / 3).setMaxInterval(mergeMax),
                new FD_SOCK2().setOffset(10_000).setValue("connect_timeout", 250), new FD_ALL3().setInterval(fdInterval).setTimeout(fdTimeout),
                new VERIFY_SUSPECT2().setTimeout(verifyTimeout), multicast(), new UNICAST4()));
        if (nakack2()) {
            stack.add(new STABLE()); // NAKACK2 needs it to discard delivered messages
        }
        stack.addAll(List.of(new GMS().setJoinTimeout(joinTimeout), new FRAG4()));
        JChannel channel = new JChannel(stack);
        // majority from three members on, as an admin would run it: a member cut off alone takes nothing
        EngineConfig config = new EngineConfig(name, 100, members >= 3 ? Quorum.MAJORITY : Quorum.NONE, Optional.empty(), Optional.empty(), false);
        HaVipEngine engine = new HaVipEngine(config, new ClusterMember(channel, name, "ha-vip-scale"), Movers::create,
                (vip, checks) -> true, Fencer.NONE);
        List<VipConfig> configs = new ArrayList<>();
        for (int v = 0; v < vips; v++) {
            int distance = Math.floorMod(index - v, members); // 0 for the preferred member, then the ones after it
            VipSpec spec = new VipSpec("vip-" + v, Cidr.parse("198.18.1." + (1 + v) + "/24"), "lo", VipSpec.Method.NONE, 1,
                    Duration.ofMillis(100), Duration.ofSeconds(10), Optional.empty(), Optional.empty(), Optional.empty());
            configs.add(new VipConfig(spec, OptionalInt.of(Math.max(1, 250 - distance)), Failback.AUTO, Duration.ZERO, List.of()));
        }
        // woken by the engine's own reports rather than polling: at 100 members a 20 ms poll alone costs 5000 wake-ups a
        // second; the poll stays as a slow safety net
        java.util.concurrent.Semaphore changed = new java.util.concurrent.Semaphore(0);
        engine.addOwnerListener(change -> changed.release());
        engine.addTransitionListener(transition -> {
            // when the engine set the address up or took it down, by its own clock: the benchmark's two-holder check
            if (transition.to() == VipState.MASTER || transition.from() == VipState.MASTER) {
                out.println((transition.to() == VipState.MASTER ? "held " : "released ") + transition.time().toEpochMilli() + " " + transition.vip());
            }
            changed.release();
        });
        engine.start(configs);
        String last = "";
        int lastView = 0;
        long busyUntil = 0;
        long statsMs = Long.getLong("havip.scale.stats-ms", 0);
        long nextStats = System.currentTimeMillis() + statsMs;
        while (true) {
            if (statsMs > 0 && System.currentTimeMillis() >= nextStats) {
                counter.print(System.err);
                nextStats += statsMs;
            }
            String now = configs.stream().map(c -> engine.vip(c.spec().name()).orElseThrow())
                    .map(s -> s.vip() + "=" + s.owner().orElse("-") + (s.held() ? "*" : "")).collect(Collectors.joining(","));
            int view = engine.members().size();
            if (view != lastView) {
                out.println("view " + System.currentTimeMillis() + " " + view);
                lastView = view;
            }
            if (!now.equals(last)) {
                out.println("owners " + System.currentTimeMillis() + " " + now);
                last = now;
            }
            // an event may come just before the state it announces can be read: after one, look again every 20 ms
            // for half a second
            if (changed.tryAcquire(System.nanoTime() < busyUntil ? 20 : pollMs, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                busyUntil = System.nanoTime() + 500_000_000L;
            }
            changed.drainPermits();
        }
    }

    /**
     * NAKACK4 as in ha-vip.xml, or with {@code havip.scale.nakack=2} NAKACK2: NAKACK4's receivers acknowledge every
     * sender they heard from once a second (at 70 members, joining, a member received 1000 such acknowledgements in 10 s
     * against 190 ha-vip states); NAKACK2 asks only for what is missing and lets STABLE gossip what every member has.
     */
    private static org.jgroups.stack.Protocol multicast() {
        return nakack2() ? new org.jgroups.protocols.pbcast.NAKACK2() : new NAKACK4();
    }

    private static boolean nakack2() {
        return "2".equals(System.getProperty("havip.scale.nakack"));
    }

    static String name(int index) {
        return String.format("m%03d", index);
    }
}
