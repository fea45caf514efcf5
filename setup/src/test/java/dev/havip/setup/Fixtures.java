package dev.havip.setup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Test fixtures: this host's loopback interface as the wizard sees it, and a provisioned configuration. */
final class Fixtures {

    private Fixtures() {
    }

    /** Only 'lo' (127.0.0.1/8), gateway 198.18.0.254, not root, tools in the given directory. */
    static HostFacts loopbackHost(Path tools) throws IOException {
        NetworkInterface lo = Collections.list(NetworkInterface.getNetworkInterfaces()).stream().filter(n -> {
            try {
                return n.isLoopback();
            } catch (java.net.SocketException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        List<InterfaceAddress> ipv4 = lo.getInterfaceAddresses().stream().filter(a -> a.getAddress() instanceof java.net.Inet4Address).toList();
        return new HostFacts(List.of(new HostFacts.Nic("lo", true, true, ipv4)), Optional.of("198.18.0.254"), false, List.of(tools));
    }

    /** The parts of a provisioned standalone.xml the wizard reads, as testsuite/target/server's has them. */
    static final String PROVISIONED = """
            <?xml version='1.0' encoding='UTF-8'?>
            <server xmlns="urn:jboss:domain:20.0">
                <profile>
                    <subsystem xmlns="urn:dev.havip:ha-vip:1.0" stack="ha-vip"/>
                    <subsystem xmlns="urn:jboss:domain:jgroups:community:9.0">
                        <stacks>
                            <stack name="ha-vip">
                                <transport type="TCP" socket-binding="jgroups-ha-vip"/>
                                <socket-discovery-protocol type="TCPPING" socket-bindings="ha-vip-peer1 ha-vip-peer2"/>
                            </stack>
                            <stack name="ha-vip-secure">
                                <transport type="TCP" socket-binding="jgroups-ha-vip"/>
                                <socket-discovery-protocol type="TCPPING" socket-bindings="ha-vip-peer1 ha-vip-peer2"/>
                            </stack>
                        </stacks>
                    </subsystem>
                </profile>
                <interfaces>
                    <interface name="private"><inet-address value="${jboss.bind.address.private:127.0.0.1}"/></interface>
                    <interface name="public"><inet-address value="${jboss.bind.address:127.0.0.1}"/></interface>
                </interfaces>
                <socket-binding-group name="standard-sockets" default-interface="public" port-offset="${jboss.socket.binding.port-offset:0}">
                    <socket-binding name="jgroups-ha-vip" interface="private" port="${ha-vip.port:7660}"/>
                    <outbound-socket-binding name="ha-vip-peer1">
                        <remote-destination host="${ha-vip.peer1.host:127.0.0.1}" port="${ha-vip.peer1.port:7660}"/>
                    </outbound-socket-binding>
                    <outbound-socket-binding name="ha-vip-peer2">
                        <remote-destination host="${ha-vip.peer2.host:127.0.0.1}" port="${ha-vip.peer2.port:7760}"/>
                    </outbound-socket-binding>
                </socket-binding-group>
            </server>
            """;

    static CurrentConfig provisioned(Path dir) throws IOException {
        return CurrentConfig.read(Files.writeString(dir.resolve("standalone.xml"), PROVISIONED));
    }

    static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
