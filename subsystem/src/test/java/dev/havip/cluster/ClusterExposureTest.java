package dev.havip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.jgroups.JChannel;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.util.TLS;
import org.junit.jupiter.api.Test;

/** Whether a stack's traffic is authenticated, and which of its static peers are not on loopback (the boot warning's input). */
class ClusterExposureTest {

    private static JChannel channel(TCP transport, String... peers) throws Exception {
        List<InetSocketAddress> hosts = new java.util.ArrayList<>();
        for (String peer : peers) {
            hosts.add(new InetSocketAddress(InetAddress.getByName(peer), 7660));
        }
        return new JChannel(transport.setBindAddress(InetAddress.getLoopbackAddress()).setBindPort(17660), new TCPPING().initialHosts(hosts), new NAKACK2(), new UNICAST3(), new GMS());
    }

    @Test
    void aPlainTcpStackIsNotAuthenticatedAndNamesItsRemotePeers() throws Exception {
        try (JChannel channel = channel(new TCP(), "127.0.0.1", "198.18.0.2")) {
            assertFalse(ClusterExposure.authenticated(channel));
            assertEquals(List.of("198.18.0.2:7660"), ClusterExposure.remotePeers(channel));
        }
    }

    @Test
    void tlsOnTheTransportCountsAsAuthenticated() throws Exception {
        TCP tcp = new TCP();
        tcp.tls(new TLS().enabled(true));
        try (JChannel channel = channel(tcp, "127.0.0.1")) {
            assertTrue(ClusterExposure.authenticated(channel));
            assertEquals(List.of(), ClusterExposure.remotePeers(channel), "loopback peers only");
        }
    }
}
