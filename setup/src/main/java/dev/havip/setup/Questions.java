package dev.havip.setup;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.havip.net.Cidr;
import dev.havip.net.InterfaceName;
import dev.havip.net.IpAddresses;
import dev.havip.net.NodeName;

/**
 * The wizard's questions in the order it asks them, each with its explanation, its suggestion (the
 * server's current value on a second run, else a sensible default read off the host) and its check.
 * The checks are the subsystem's own validators where it has one ({@code dev.havip.net}). Main thread.
 */
final class Questions {

    static final String NONE = "none";
    static final String WITNESS = "witness";
    /** bin/ha-vip-witness.sh's default --port. */
    static final int WITNESS_PORT = 7670;

    private final HostFacts host;
    private final CurrentConfig current;
    private final String hostname;
    private final ClusterKey key;

    Questions(HostFacts host, CurrentConfig current, String hostname, ClusterKey key) {
        this.host = host;
        this.current = current;
        this.hostname = hostname;
        this.key = key;
    }

    List<Question> all() {
        List<Question> questions = new ArrayList<>();
        questions.add(Question.always("node-name", "Node name", "This server's name in the cluster (letters, digits, '.', '_', '-').",
                a -> Optional.ofNullable(this.current.subsystem.get("node-name")).orElse(this.hostname), (v, a) -> nodeName(v)));
        questions.add(Question.always("priority", "Priority", "1-254: the healthy member with the highest priority holds the VIP.",
                a -> this.current.subsystem.getOrDefault("priority", "100"), (v, a) -> Integer.toString(number(v, 1, 254, "a priority"))));
        questions.add(Question.always("cluster-address", "Cluster address",
                "This server's address for cluster traffic with its peers (WildFly's 'private' interface).",
                a -> this.clusterAddressSuggestion(), (v, a) -> this.ownAddress(v)));
        questions.add(Question.always("cluster-port", "Cluster port", "The TCP port of the cluster traffic on that address.",
                a -> this.current.socketPorts.getOrDefault("jgroups-ha-vip", "7660"), (v, a) -> Integer.toString(Ports.parse(v))));
        questions.add(Question.always("peers", "Peers", "The other servers of the cluster, as host[:port], separated by commas.",
                this::peersSuggestion, this::peers));
        questions.add(Question.always("public-address", "HTTP address",
                "The address WildFly serves HTTP on; 0.0.0.0 (every address) includes the VIP, 127.0.0.1 would refuse its clients.",
                a -> this.publicSuggestion(), (v, a) -> IpAddresses.parseLiteral(v).getHostAddress()));
        questions.add(Question.always("vip-name", "VIP name", "A name for the virtual IP (its resource: /subsystem=ha-vip/virtual-ip=NAME).",
                a -> this.current.vips.keySet().stream().findFirst().orElse("web"), (v, a) -> resourceName(v)));
        questions.add(Question.always("vip-address", "VIP address", "The virtual IP and its prefix length, e.g. 10.0.0.100/24 or fd00::100/64.",
                a -> this.current.vip(a.get("vip-name"), "address").orElse(null), (v, a) -> Cidr.parse(v).toString()));
        questions.add(Question.always("interface", "Interface",
                "The network interface that carries the VIP. This host has: " + this.nicList() + ".",
                this::interfaceSuggestion, (v, a) -> this.nic(v)));
        questions.add(Question.always("health-check", "Health check",
                "What must be up for this server to hold the VIP: 'none', an http(s) URL, or deployment:NAME" + this.deploymentList() + ".",
                this::checkSuggestion, (v, a) -> healthCheck(v)));
        questions.add(Question.always("failback", "Failback", "auto: the preferred server takes the VIP back when it returns; manual: it stays.",
                a -> this.current.vip(a.get("vip-name"), "failback").orElse("auto"), (v, a) -> choice(v, "auto", "manual")));
        questions.add(Question.always("failback-delay", "Failback delay (ms)", "How long a returning server must be ready before it takes the VIP back.",
                a -> this.current.vip(a.get("vip-name"), "failback-delay").orElse("0"), (v, a) -> Integer.toString(number(v, 0, 86_400_000, "a delay in ms")))
                .onlyIf(a -> "auto".equals(a.get("failback"))));
        questions.add(Question.always("quorum", "Quorum",
                "Who may hold the VIP when servers lose each other: tie-breaker (two servers), majority (three or more), witness (a small"
                        + " ha-vip-witness process on a third machine decides who holds the VIP: never two holders), none.",
                this::quorumSuggestion, (v, a) -> choice(v, "tie-breaker", "majority", WITNESS, NONE)));
        questions.add(Question.always("witness", "Witness",
                "The machine that runs bin/ha-vip-witness.sh for this cluster (not a server of it), as host[:port] (port " + WITNESS_PORT
                        + " if left out); it admits only servers holding the cluster key.",
                a -> this.current.witness().orElse(null), this::witness).onlyIf(a -> WITNESS.equals(a.get("quorum"))));
        questions.add(Question.always("tie-breaker-address", "Tie-breaker address",
                "An address that only a server still on the network reaches, usually the default gateway.",
                a -> Optional.ofNullable(this.current.subsystem.get("tie-breaker-address")).or(() -> this.host.defaultGateway).orElse(null),
                (v, a) -> IpAddresses.parseLiteral(v).getHostAddress()).onlyIf(a -> "tie-breaker".equals(a.get("quorum"))));
        questions.add(Question.always("method", "Method", "How the VIP is moved: ip (ip addr + arping), ipvs, or none (decide only, move nothing).",
                a -> this.current.vip(a.get("vip-name"), "method").orElse("ip"), (v, a) -> choice(v, "ip", "ipvs", NONE)));
        questions.add(Question.always("command-prefix", "Command prefix",
                "Not root: ip and arping need root; run them through sudo (see the sudoers line below) or 'none'.",
                a -> this.current.commandPrefix.isEmpty() ? "/usr/bin/sudo -n" : String.join(" ", this.current.commandPrefix),
                (v, a) -> commandPrefix(v)).onlyIf(a -> !this.host.root && !NONE.equals(a.get("method"))));
        // last: its password is asked right after it
        questions.add(Question.always("cluster-key", "Cluster key",
                "TLS for cluster traffic, so that only servers with the key join: new (create it here), the path of the "
                        + ClusterKey.FILE_NAME + " another server made, keep (this server's), or none (anyone on the network may join;"
                        + " not with quorum=witness: the witness admits only servers that hold this key).",
                a -> this.key.exists() ? ClusterKey.KEEP : ClusterKey.NEW, this::clusterKey));
        return questions;
    }

    private String clusterAddressSuggestion() {
        String configured = this.current.interfaces.get("private");
        try {
            // the provisioned default is 127.0.0.1, right only for servers side by side on one host: a host with a
            // network address is offered that one
            if (configured != null && (!loopback(configured) || this.host.firstAddress().equals("127.0.0.1"))
                    && this.host.hasAddress(InetAddress.getByName(configured))) {
                return configured;
            }
        } catch (java.net.UnknownHostException e) {
            // not an address: suggest one of the host's instead
        }
        return this.host.firstAddress();
    }

    private String peersSuggestion(Answers a) {
        if (this.current.peersChosen()) {
            return String.join(",", this.current.peers());
        }
        // the layer's defaults (both servers on 127.0.0.1, ports 7660 and 7760): the one that is not this server
        String self = HostPort.join(a.get("cluster-address"), a.get("cluster-port"));
        boolean loopback = loopback(a.get("cluster-address"));
        List<String> peers = this.current.peers().stream().filter(p -> !p.equals(self))
                .filter(p -> loopback || !(p.startsWith("127.") || p.startsWith("[::1]"))).toList();
        return peers.isEmpty() ? null : String.join(",", peers);
    }

    private String publicSuggestion() {
        String configured = this.current.interfaces.get("public");
        return configured == null || configured.startsWith("127.") ? "0.0.0.0" : configured;
    }

    private String interfaceSuggestion(Answers a) {
        return this.host.interfaceHolding(Cidr.parse(a.get("vip-address")))
                .or(() -> this.current.vip(a.get("vip-name"), "interface")).orElse(null);
    }

    private String checkSuggestion(Answers a) {
        Optional<String> first = this.current.vip(a.get("vip-name"), "health-checks").map(list -> list.split("\\s+")[0]);
        return first.map(this.current.checks::get).map(check -> switch (check.getOrDefault("type", "")) {
            case "http" -> check.get("target");
            case "deployment" -> "deployment:" + check.get("target");
            default -> null;
        }).orElse(NONE);
    }

    private String quorumSuggestion(Answers a) {
        String configured = this.current.subsystem.get("quorum");
        if (configured != null && !configured.equals(NONE)) {
            return configured;
        }
        if (this.current.witness().isPresent()) {
            return WITNESS; // someone named a witness by hand and has not switched it on yet
        }
        return a.get("peers").split(",").length == 1 ? "tie-breaker" : "majority";
    }

    private String ownAddress(String value) {
        InetAddress address = IpAddresses.parseLiteral(value);
        if (!this.host.hasAddress(address)) {
            throw new IllegalArgumentException("'" + value + "' is not an address of this host (it has: " + this.nicList() + ")");
        }
        return address.getHostAddress();
    }

    private String peers(String value, Answers a) {
        int port = Integer.parseInt(a.get("cluster-port"));
        String self = HostPort.join(a.get("cluster-address"), a.get("cluster-port"));
        List<String> peers = new ArrayList<>();
        for (String text : value.split("[,\\s]+")) {
            if (!text.isEmpty()) {
                String peer = HostPort.parse(text, port).toString();
                // on loopback several servers share the address and differ by a port offset applied at start: not this one then
                if (peer.equals(self) && !loopback(a.get("cluster-address"))) {
                    throw new IllegalArgumentException("'" + text + "' is this server itself (" + self + "): name the other servers");
                }
                if (!peers.contains(peer)) {
                    peers.add(peer);
                }
            }
        }
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("at least one peer is needed: a VIP moves between two or more servers");
        }
        return String.join(",", peers);
    }

    /** host[:port] of a third machine: not this server's or a peer's host (on loopback, where test servers share 127.0.0.1, not their port). */
    private String witness(String value, Answers a) {
        HostPort witness = HostPort.parse(value, WITNESS_PORT);
        boolean loopback = loopback(a.get("cluster-address"));
        List<String> servers = new ArrayList<>(List.of(a.get("peers").split(",")));
        servers.add(HostPort.join(a.get("cluster-address"), a.get("cluster-port")));
        for (String server : servers) {
            HostPort other = HostPort.parse(server, WITNESS_PORT);
            if (other.equals(witness) || (!loopback && other.host().equals(witness.host()))) {
                throw new IllegalArgumentException("'" + value + "' is a server of this cluster (" + server
                        + "): the witness runs on a third machine, so that losing one machine never takes two votes");
            }
        }
        return witness.toString();
    }

    /** The key the witness authenticates servers by: quorum=witness cannot go without it. */
    private String clusterKey(String value, Answers a) {
        if (NONE.equals(value) && WITNESS.equals(a.get("quorum"))) {
            throw new IllegalArgumentException("quorum=witness needs the cluster key: the witness admits only servers that hold it"
                    + " (answer new, keep or the path of another server's " + ClusterKey.FILE_NAME + ")");
        }
        return this.key.check(value);
    }

    private static boolean loopback(String address) {
        return address.startsWith("127.") || address.equals("0:0:0:0:0:0:0:1");
    }

    private String nic(String value) {
        InterfaceName.validate(value);
        if (this.host.nic(value).isEmpty()) {
            throw new IllegalArgumentException("this host has no interface '" + value + "' (it has: " + this.nicList() + ")");
        }
        return value;
    }

    private String nicList() {
        return String.join("; ", this.host.nics.stream().map(HostFacts.Nic::describe).toList());
    }

    private String deploymentList() {
        return this.current.deployments.isEmpty() ? "" : " (deployments here: " + String.join(", ", this.current.deployments) + ")";
    }

    static String nodeName(String value) {
        if (!NodeName.isValid(value)) {
            throw new IllegalArgumentException("'" + value + "' is not a node name (1-64 letters, digits, '.', '_', '-', starting with a letter or digit)");
        }
        return value;
    }

    static String resourceName(String value) {
        if (!NodeName.isValid(value)) {
            throw new IllegalArgumentException("'" + value + "' is not a VIP name (1-64 letters, digits, '.', '_', '-', starting with a letter or digit)");
        }
        return value;
    }

    static int number(String value, int min, int max, String what) {
        if (!value.matches("\\d{1,9}")) {
            throw new IllegalArgumentException("'" + value + "' is not " + what + " (a whole number " + min + "-" + max + ")");
        }
        int number = Integer.parseInt(value);
        if (number < min || number > max) {
            throw new IllegalArgumentException("'" + value + "' is outside " + min + "-" + max);
        }
        return number;
    }

    static String choice(String value, String... allowed) {
        for (String option : allowed) {
            if (option.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not one of: " + String.join(", ", allowed));
    }

    /** 'none', an http(s) URL with a host, or deployment:NAME; the URL only of characters a URL may hold unescaped. */
    static String healthCheck(String value) {
        if (value.equals(NONE)) {
            return value;
        }
        if (value.startsWith("deployment:")) {
            String name = value.substring("deployment:".length());
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,254}")) {
                throw new IllegalArgumentException("'" + name + "' is not a deployment name (e.g. app.war)");
            }
            return value;
        }
        if (!value.matches("[A-Za-z0-9._~:/?#\\[\\]@!&'()*+,;=%-]{1,2000}")) {
            throw new IllegalArgumentException("'" + value + "' is neither 'none', deployment:NAME, nor a URL (no spaces, quotes or '$')");
        }
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("'" + value + "' is not an http:// or https:// URL with a host");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + value + "' is not a URL: " + e.getReason());
        }
        return value;
    }

    /** 'none' or an absolute program and its options, e.g. /usr/bin/sudo -n. */
    static String commandPrefix(String value) {
        if (value.equals(NONE)) {
            return value;
        }
        String[] words = value.trim().split("\\s+");
        if (!words[0].startsWith("/")) {
            throw new IllegalArgumentException("'" + words[0] + "' is not an absolute path (e.g. /usr/bin/sudo)");
        }
        for (String word : words) {
            if (!word.matches("[A-Za-z0-9/._=+-]{1,200}")) {
                throw new IllegalArgumentException("'" + word + "' may hold only letters, digits and / . _ = + -");
            }
        }
        return String.join(" ", words);
    }
}
