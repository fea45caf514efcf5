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
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST4;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.Quorum;
import dev.havip.election.Failback;
import dev.havip.movers.Movers;
import dev.havip.movers.VipSpec;
import dev.havip.net.Cidr;

/**
 * One member of issue 17's scale benchmark as a process of its own: the ha-vip engine with {@code method=none} on a
 * JGroups channel over loopback with ha-vip.xml's protocols (TCP, TCPPING at every member's port, MERGE3, FD_SOCK2,
 * FD_ALL3, VERIFY_SUSPECT2, NAKACK4, UNICAST4, GMS, FRAG4). N+M: VIP {@code vip-k} prefers member {@code k mod N},
 * then the members after it. Prints {@code owners <epoch ms> <vip>=<owner>[*],...} ({@code *}: held here) whenever
 * what it knows changes (polled every 20 ms by default: the figures' resolution), and runs until stdin closes. Main thread polls; engine threads decide.
 * Usage: {@code ScaleMember <index> <members> <vips> <base port> [fd interval ms] [fd timeout ms] [poll ms]}.
 */
public final class ScaleMember {

    public static void main(String[] args) throws Exception {
        int index = Integer.parseInt(args[0]);
        int members = Integer.parseInt(args[1]);
        int vips = Integer.parseInt(args[2]);
        int basePort = Integer.parseInt(args[3]);
        long fdInterval = args.length > 4 ? Long.parseLong(args[4]) : 50;
        long fdTimeout = args.length > 5 ? Long.parseLong(args[5]) : 200;
        long pollMs = args.length > 6 ? Long.parseLong(args[6]) : 20;
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
        TCP tcp = new TCP();
        tcp.setBindAddress(loopback);
        tcp.setBindPort(basePort + index);
        tcp.setPortRange(0);
        List<java.net.InetSocketAddress> hosts = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            hosts.add(new java.net.InetSocketAddress(loopback, basePort + i));
        }
        TCPPING ping = new TCPPING().setInitialHosts(hosts).setPortRange(0);
        JChannel channel = new JChannel(tcp, ping, new MERGE3().setMinInterval(1000).setMaxInterval(3000), new FD_SOCK2().setOffset(10_000),
                new FD_ALL3().setInterval(fdInterval).setTimeout(fdTimeout), new VERIFY_SUSPECT2().setTimeout(50), new NAKACK4(),
                new UNICAST4(), new GMS().setJoinTimeout(1000), new FRAG4());
        EngineConfig config = new EngineConfig(name, 100, Quorum.NONE, Optional.empty(), Optional.empty(), false);
        HaVipEngine engine = new HaVipEngine(config, new ClusterMember(channel, name, "ha-vip-scale"), Movers::create,
                (vip, checks) -> true, Fencer.NONE);
        List<VipConfig> configs = new ArrayList<>();
        for (int v = 0; v < vips; v++) {
            int distance = Math.floorMod(index - v, members); // 0 for the preferred member, then the ones after it
            VipSpec spec = new VipSpec("vip-" + v, Cidr.parse("198.18.1." + (1 + v) + "/24"), "lo", VipSpec.Method.NONE, 1,
                    Duration.ofMillis(100), Duration.ofSeconds(10), Optional.empty(), Optional.empty(), Optional.empty());
            configs.add(new VipConfig(spec, OptionalInt.of(Math.max(1, 250 - distance)), Failback.AUTO, Duration.ZERO, List.of()));
        }
        engine.start(configs);
        String last = "";
        while (true) {
            String now = configs.stream().map(c -> engine.vip(c.spec().name()).orElseThrow())
                    .map(s -> s.vip() + "=" + s.owner().orElse("-") + (s.held() ? "*" : "")).collect(Collectors.joining(","));
            if (!now.equals(last)) {
                out.println("owners " + System.currentTimeMillis() + " " + now);
                last = now;
            }
            Thread.sleep(pollMs);
        }
    }

    static String name(int index) {
        return String.format("m%03d", index);
    }
}
