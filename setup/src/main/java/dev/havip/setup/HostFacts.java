package dev.havip.setup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import dev.havip.net.Cidr;

/**
 * What the wizard reads off this host: the network interfaces and their addresses (the JDK's view,
 * the same as {@code ip addr}), the default gateway (from {@code /proc/net/route}), whether it runs
 * as root, and where the native tools are. Read once, on the main thread.
 */
final class HostFacts {

    /** One interface: its name, whether it is up, and its addresses with their prefix lengths. */
    record Nic(String name, boolean up, boolean loopback, List<InterfaceAddress> addresses) {

        String describe() {
            List<String> shown = this.addresses.stream()
                    .map(a -> a.getAddress().getHostAddress().replaceFirst("%.*", "") + "/" + a.getNetworkPrefixLength()).toList();
            return this.name + (this.up ? "" : " (down)") + (shown.isEmpty() ? "" : " " + String.join(", ", shown));
        }
    }

    final List<Nic> nics;
    final Optional<String> defaultGateway;
    final boolean root;
    private final List<Path> searchPath;

    HostFacts(List<Nic> nics, Optional<String> defaultGateway, boolean root, List<Path> searchPath) {
        this.nics = nics;
        this.defaultGateway = defaultGateway;
        this.root = root;
        this.searchPath = searchPath;
    }

    static HostFacts read() throws IOException {
        List<Nic> nics = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            nics.add(new Nic(nic.getName(), nic.isUp(), nic.isLoopback(), List.copyOf(nic.getInterfaceAddresses())));
        }
        nics.sort((a, b) -> a.name().compareTo(b.name()));
        List<Path> path = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty()) {
                path.add(Path.of(dir));
            }
        }
        // ip and arping live in /usr/sbin, which a normal user's PATH may lack
        path.addAll(List.of(Path.of("/usr/sbin"), Path.of("/sbin")));
        return new HostFacts(nics, gateway(Path.of("/proc/net/route")), effectiveUidIsRoot(), path);
    }

    Optional<Nic> nic(String name) {
        return this.nics.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    boolean hasAddress(InetAddress address) {
        return this.nics.stream().flatMap(n -> n.addresses().stream()).anyMatch(a -> a.getAddress().equals(address));
    }

    /** The interface with an address whose subnet holds the VIP: where the VIP belongs. */
    Optional<String> interfaceHolding(Cidr vip) {
        for (Nic nic : this.nics) {
            for (InterfaceAddress address : nic.addresses()) {
                if (Subnets.contains(address.getAddress(), address.getNetworkPrefixLength(), vip.address())) {
                    return Optional.of(nic.name());
                }
            }
        }
        return Optional.empty();
    }

    /** The first up, non-loopback interface's first IPv4 address, else the loopback address. */
    String firstAddress() {
        return this.nics.stream().filter(n -> n.up() && !n.loopback()).flatMap(n -> n.addresses().stream())
                .map(InterfaceAddress::getAddress).filter(a -> a instanceof java.net.Inet4Address)
                .map(InetAddress::getHostAddress).findFirst().orElse("127.0.0.1");
    }

    Optional<Path> tool(String name) {
        return this.searchPath.stream().map(dir -> dir.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    /** The gateway of the default route: the line with destination 00000000, gateway as little-endian hex. */
    static Optional<String> gateway(Path routes) {
        try {
            for (String line : Files.readAllLines(routes)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 2 && fields[1].equals("00000000") && fields[2].matches("[0-9A-Fa-f]{8}") && !fields[2].equals("00000000")) {
                    long hex = Long.parseLong(fields[2], 16);
                    return Optional.of((hex & 0xff) + "." + (hex >> 8 & 0xff) + "." + (hex >> 16 & 0xff) + "." + (hex >> 24 & 0xff));
                }
            }
        } catch (IOException e) {
            // not Linux, or no permission: no suggestion
        }
        return Optional.empty();
    }

    private static boolean effectiveUidIsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            // fall through to the user name
        }
        return "root".equals(System.getProperty("user.name"));
    }

    static HostFacts readOrFail() {
        try {
            return read();
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this host's network interfaces: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read this host's network facts: " + e.getMessage(), e);
        }
    }
}
