package dev.havip.testsuite.lab;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Receiver;
import org.jgroups.View;

import dev.havip.cluster.ClusterCodec;
import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.NodeState;
import dev.havip.cluster.VipAdvert;

/**
 * An attacker on the LAN, run INSIDE a lab namespace of its own: a plain JGroups process with ha-vip's cluster name,
 * the project's own public stack XML and codec, that tries to join the servers (TCPPING at their addresses) and every
 * 200 ms sends what would move the VIP {@code web} if a server read it: a state claiming to be node-b with priority
 * 254 and the VIP held, its own such state, a pin of the VIP to itself, a clear of every pin, and a coordinator's
 * table handing it the VIP. Either without TLS ({@code plain}) or with TLS and a key store of its own that the
 * cluster does not trust ({@code wrong-key}, password in {@code STRANGER_STOREPASS}).
 * Prints {@code view <size> <view>} on every view it gets and {@code sent <n>} every 5 s; runs until stdin closes.
 * Main thread sends; JGroups' threads print views.
 * Usage: {@code Stranger <name> plain|wrong-key <bind address> <port> <initial hosts> [key store]}.
 */
public final class Stranger {

    private static final long EPOCH = Long.MAX_VALUE / 2;

    public static void main(String[] args) throws Exception {
        String name = args[0];
        boolean tls = args[1].equals("wrong-key");
        System.setProperty("jgroups.bind_addr", args[2]);
        System.setProperty("jgroups.tcp.port", args[3]);
        System.setProperty("jgroups.tcpping.initial_hosts", args[4]);
        if (tls) {
            String password = System.getenv("STRANGER_STOREPASS");
            for (String store : List.of("keystore", "truststore")) {
                System.setProperty("jgroups.tls." + store + "_path", args[5]);
                System.setProperty("jgroups.tls." + store + "_password", password);
            }
        }
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.US_ASCII);
        Prober.exitWhenStdinCloses();
        try (InputStream xml = Stranger.class.getClassLoader().getResourceAsStream(tls ? "jgroups/ha-vip-secure.xml" : "jgroups/ha-vip.xml");
                JChannel channel = new JChannel(xml).name(name)) {
            channel.setReceiver(new Receiver() {
                @Override
                public void viewAccepted(View view) {
                    out.println("view " + view.size() + " " + view);
                }
            });
            channel.connect("ha-vip");
            List<ClusterMessage> forged = forged(name);
            long sent = 0;
            long reported = System.nanoTime();
            while (true) {
                for (ClusterMessage message : forged) {
                    try {
                        channel.send(new BytesMessage(null, ClusterCodec.encode(message)));
                        sent++;
                    } catch (Exception e) {
                        out.println("send failed " + e);
                    }
                }
                if (System.nanoTime() - reported > 5_000_000_000L) {
                    out.println("sent " + sent);
                    reported = System.nanoTime();
                }
                Thread.sleep(200);
            }
        }
    }

    /** What would move the VIP {@code web} to this stranger, or away from its holder, if a server admitted it. */
    private static List<ClusterMessage> forged(String name) {
        Map<String, VipAdvert> best = Map.of("web", new VipAdvert(254, true, true, true, EPOCH, true));
        return List.of(
                new ClusterMessage.State(new NodeState("node-b", "198.18.0.20", false, name, EPOCH, best)),
                new ClusterMessage.State(new NodeState(name, "198.18.0.20", false, name, EPOCH, best)),
                new ClusterMessage.Pin("web", name, EPOCH),
                new ClusterMessage.ClearPin("web"),
                new ClusterMessage.Table(name, EPOCH, new TreeMap<>(Map.of("web", name))));
    }
}
