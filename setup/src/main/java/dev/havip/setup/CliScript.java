package dev.havip.setup;

import java.util.ArrayList;
import java.util.List;

/**
 * The answers as jboss-cli.sh lines: one batch (applied as one management operation: all of it or
 * nothing) that writes the subsystem, the VIP and its health check, the interfaces, the cluster port
 * and the peers (outbound socket bindings {@code ha-vip-peer1..N}, which every TCPPING stack then
 * lists), the cluster key's TLS resources, and the quorum with its witness ({@code ha-vip-witness}). Every value was validated by {@link Questions}; none can end a CLI word. Pure.
 */
final class CliScript {

    private static final String SOCKETS = "/socket-binding-group=standard-sockets";
    private static final String SUBSYSTEM = "/subsystem=ha-vip";
    private static final String WITNESS_BINDING = "ha-vip-witness";
    /** The cluster key's TLS client context: the JGroups transport's, and the witness's (the witness checks the same key). */
    private static final String CLIENT_SSL_CONTEXT = "ha-vip-client";

    private CliScript() {
    }

    static List<String> batch(Answers a, CurrentConfig current) {
        List<String> lines = new ArrayList<>();
        lines.add("batch");
        lines.add(write(SUBSYSTEM, "node-name", a.get("node-name")));
        lines.add(write(SUBSYSTEM, "priority", a.get("priority")));
        String prefix = a.get("command-prefix");
        lines.add(prefix == null || prefix.equals(Questions.NONE) ? undefine(SUBSYSTEM, "command-prefix")
                : write(SUBSYSTEM, "command-prefix", list(prefix.split(" "))));
        lines.add(write("/interface=private", "inet-address", a.get("cluster-address")));
        lines.add(write("/interface=public", "inet-address", a.get("public-address")));
        lines.add(write(SOCKETS + "/socket-binding=jgroups-ha-vip", "port", a.get("cluster-port")));
        peers(a, current, lines);
        clusterKey(a, current, lines);
        quorum(a, current, lines);
        String check = healthCheck(a, current, lines);
        vip(a, current, check, lines);
        lines.add("run-batch");
        return lines;
    }

    private static void peers(Answers a, CurrentConfig current, List<String> lines) {
        String[] peers = a.get("peers").split(",");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < peers.length; i++) {
            HostPort peer = HostPort.parse(peers[i], Integer.parseInt(a.get("cluster-port")));
            String name = "ha-vip-peer" + (i + 1);
            String address = SOCKETS + "/remote-destination-outbound-socket-binding=" + name;
            names.add(name);
            if (current.outbound.containsKey(name)) {
                lines.add(write(address, "host", peer.host()));
                lines.add(write(address, "port", Integer.toString(peer.port())));
            } else {
                lines.add(address + ":add(host=" + quoted(peer.host()) + ", port=" + peer.port() + ")");
            }
        }
        for (String stack : current.tcppingStacks) {
            lines.add(write("/subsystem=jgroups/stack=" + stack + "/protocol=TCPPING", "socket-bindings", list(names.toArray(String[]::new))));
        }
        // bindings of peers that are gone, after no stack names them any more
        current.outbound.keySet().stream().filter(n -> n.startsWith("ha-vip-peer") && !names.contains(n))
                .forEach(n -> lines.add(SOCKETS + "/remote-destination-outbound-socket-binding=" + n + ":remove"));
    }

    /** The secure stack with TLS from the cluster's key store (README "Secure cluster"), or back to the plain stack. */
    private static void clusterKey(Answers a, CurrentConfig current, List<String> lines) {
        if (Questions.NONE.equals(a.get("cluster-key"))) {
            lines.add(write(SUBSYSTEM, "stack", "ha-vip"));
            return;
        }
        String password = "credential-reference={clear-text=\"${env." + ClusterKey.PASSWORD_VARIABLE + "}\"}";
        String tls = "protocols=[TLSv1.3], cipher-suite-names=\"TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256\"";
        String elytron = "/subsystem=elytron/";
        List<String[]> resources = List.of(
                new String[] { "key-store=ha-vip-cluster", "path=" + ClusterKey.FILE_NAME + ", relative-to=jboss.server.config.dir, type=PKCS12, " + password },
                new String[] { "key-manager=ha-vip-cluster", "key-store=ha-vip-cluster, " + password },
                new String[] { "trust-manager=ha-vip-cluster", "key-store=ha-vip-cluster" },
                new String[] { "server-ssl-context=ha-vip-server", "key-manager=ha-vip-cluster, trust-manager=ha-vip-cluster, need-client-auth=true, " + tls },
                new String[] { "client-ssl-context=" + CLIENT_SSL_CONTEXT, "key-manager=ha-vip-cluster, trust-manager=ha-vip-cluster, " + tls });
        for (String[] resource : resources) {
            if (!current.elytron.contains(resource[0])) {
                lines.add(elytron + resource[0] + ":add(" + resource[1] + ")");
            }
        }
        String transport = "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP";
        lines.add(write(transport, "client-ssl-context", CLIENT_SSL_CONTEXT));
        lines.add(write(transport, "server-ssl-context", "ha-vip-server"));
        lines.add(write(SUBSYSTEM, "stack", "ha-vip-secure"));
    }

    /**
     * The quorum and what it needs, after the credentials the witness's SSL context comes from. The subsystem refuses
     * quorum=witness without witness and witness-ssl-context, and undefining them under quorum=witness: so they are
     * written before the quorum, and undefined after it (a later switch back to witness then starts clean).
     */
    private static void quorum(Answers a, CurrentConfig current, List<String> lines) {
        boolean witnessed = Questions.WITNESS.equals(a.get("quorum"));
        if (witnessed) {
            if (Questions.NONE.equals(a.get("cluster-key"))) {
                throw new IllegalArgumentException("quorum=witness needs the cluster key: the witness admits only servers that hold it");
            }
            HostPort witness = HostPort.parse(a.get("witness"), Questions.WITNESS_PORT);
            String address = SOCKETS + "/remote-destination-outbound-socket-binding=" + WITNESS_BINDING;
            if (current.outbound.containsKey(WITNESS_BINDING)) {
                lines.add(write(address, "host", witness.host()));
                lines.add(write(address, "port", Integer.toString(witness.port())));
            } else {
                lines.add(address + ":add(host=" + quoted(witness.host()) + ", port=" + witness.port() + ")");
            }
            lines.add(write(SUBSYSTEM, "witness", WITNESS_BINDING));
            lines.add(write(SUBSYSTEM, "witness-ssl-context", CLIENT_SSL_CONTEXT));
        }
        lines.add(write(SUBSYSTEM, "quorum", a.get("quorum")));
        lines.add(a.has("tie-breaker-address") ? write(SUBSYSTEM, "tie-breaker-address", a.get("tie-breaker-address"))
                : undefine(SUBSYSTEM, "tie-breaker-address"));
        if (!witnessed) {
            lines.add(undefine(SUBSYSTEM, "witness"));
            lines.add(undefine(SUBSYSTEM, "witness-ssl-context"));
        }
    }

    /** @return the name of the VIP's health check, or null */
    private static String healthCheck(Answers a, CurrentConfig current, List<String> lines) {
        String answer = a.get("health-check");
        String name = a.get("vip-name") + "-health";
        String address = SUBSYSTEM + "/health-check=" + name;
        if (current.checks.containsKey(name)) {
            lines.add(address + ":remove"); // type and target change together: replaced, inside the batch
        }
        if (answer.equals(Questions.NONE)) {
            return null;
        }
        boolean deployment = answer.startsWith("deployment:");
        String target = deployment ? answer.substring("deployment:".length()) : answer;
        lines.add(address + ":add(type=" + (deployment ? "deployment" : "http") + ", target=" + list(target) + ")");
        return name;
    }

    private static void vip(Answers a, CurrentConfig current, String check, List<String> lines) {
        String address = SUBSYSTEM + "/virtual-ip=" + a.get("vip-name");
        String failbackDelay = a.has("failback-delay") ? a.get("failback-delay") : "0";
        if (current.vips.containsKey(a.get("vip-name"))) {
            lines.add(write(address, "ip-address", a.get("vip-address")));
            lines.add(write(address, "interface", a.get("interface")));
            lines.add(write(address, "failback", a.get("failback")));
            lines.add(write(address, "failback-delay", failbackDelay));
            lines.add(write(address, "method", a.get("method")));
            lines.add(check == null ? undefine(address, "health-checks") : write(address, "health-checks", list(check)));
        } else {
            lines.add(address + ":add(ip-address=" + quoted(a.get("vip-address")) + ", interface=" + a.get("interface") + ", failback=" + a.get("failback")
                    + ", failback-delay=" + failbackDelay + ", method=" + a.get("method") + (check == null ? "" : ", health-checks=" + list(check)) + ")");
        }
    }

    private static String write(String address, String name, String value) {
        return address + ":write-attribute(name=" + name + ", value=" + (value.startsWith("[") ? value : quoted(value)) + ")";
    }

    private static String undefine(String address, String name) {
        return address + ":undefine-attribute(name=" + name + ")";
    }

    /** A CLI list of quoted values. */
    private static String list(String... values) {
        List<String> elements = new ArrayList<>();
        for (String value : values) {
            elements.add(quoted(value));
        }
        return "[" + String.join(", ", elements) + "]";
    }

    /** In double quotes: an IPv6 address or a URL holds ':' and '/', which the CLI reads as syntax otherwise. */
    private static String quoted(String value) {
        return "\"" + value + "\"";
    }
}
