package dev.havip.cluster;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jgroups.JChannel;
import org.jgroups.PhysicalAddress;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.TP;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.Protocol;

/**
 * Whether this node's cluster traffic is authenticated, read from its JGroups stack: TLS on the TCP transport
 * (WildFly's ssl contexts or JGroups' own), or an encryption/authentication protocol. Without it any process that
 * reaches the port and knows the cluster name can join and take part in the election (README: Secure cluster).
 * Called once when the channel is built, on an MSC thread.
 */
public final class ClusterExposure {

    private ClusterExposure() {
    }

    public static boolean authenticated(JChannel channel) {
        TP transport = channel.getProtocolStack().getTransport();
        if (transport instanceof TCP tcp && tcp.tls() != null && tcp.tls().enabled()) {
            return true;
        }
        // WildFly's TLS replaces the transport's socket factory with its own TLS one
        if (transport.getSocketFactory() != null && transport.getSocketFactory().getClass().getSimpleName().toUpperCase(Locale.ROOT).contains("TLS")) {
            return true;
        }
        for (Protocol protocol : channel.getProtocolStack().getProtocols()) {
            String name = protocol.getName();
            if (name.equals("AUTH") || name.equals("ASYM_ENCRYPT") || name.equals("SYM_ENCRYPT") || name.equals("SSL_KEY_EXCHANGE")) {
                return true;
            }
        }
        return false;
    }

    /** The static peers (TCPPING's initial hosts) that are not on this machine's loopback. */
    public static List<String> remotePeers(JChannel channel) {
        List<String> remote = new ArrayList<>();
        TCPPING discovery = channel.getProtocolStack().findProtocol(TCPPING.class);
        if (discovery != null && discovery.getInitialHosts() != null) {
            for (PhysicalAddress peer : discovery.getInitialHosts()) {
                InetAddress address = peer instanceof IpAddress ip ? ip.getIpAddress() : null;
                if (address != null && !address.isLoopbackAddress()) {
                    remote.add(peer.toString());
                }
            }
        }
        return remote;
    }
}
