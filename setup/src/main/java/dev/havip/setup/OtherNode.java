package dev.havip.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What to run on the other servers after this one is set up: the same wizard without questions, with
 * this node's shared answers and placeholders for what differs per server. Pure.
 */
final class OtherNode {

    /** Answers that differ per server: the other node types its own. */
    private static final List<String> PER_NODE = List.of("node-name", "cluster-address", "peers", "priority", "cluster-key");

    private OtherNode() {
    }

    static List<String> instructions(Answers a, java.nio.file.Path keyStore) {
        String self = HostPort.join(a.get("cluster-address"), a.get("cluster-port"));
        List<String> others = new ArrayList<>(List.of(a.get("peers").split(",")));
        StringBuilder command = new StringBuilder("  bin/ha-vip-setup.sh --non-interactive --node-name=NAME --cluster-address=ITS-ADDRESS");
        others.add(0, self);
        // two servers: the other one's peer is this one; more: every server but itself (it drops its own entry)
        command.append(" --peers=").append(others.size() == 2 ? self : String.join(",", others));
        command.append(" --priority=").append(Math.max(1, Integer.parseInt(a.get("priority")) - 10));
        for (Map.Entry<String, String> answer : a.asMap().entrySet()) {
            if (!PER_NODE.contains(answer.getKey())) {
                command.append(" --").append(answer.getKey()).append('=').append(answer.getValue());
            }
        }
        List<String> lines = new ArrayList<>(List.of("", "On each other server (interactively: bin/ha-vip-setup.sh), or without questions:"));
        if (!Questions.NONE.equals(a.get("cluster-key"))) {
            lines.add("  first copy the cluster key there, e.g.: scp " + keyStore + " OTHER-SERVER:/tmp/" + ClusterKey.FILE_NAME);
            command.append(" --cluster-key=/tmp/").append(ClusterKey.FILE_NAME);
        }
        lines.add(command.toString());
        if (others.size() > 2) {
            lines.add("(in --peers, each server leaves out its own address)");
        }
        lines.add("(a lower priority there keeps this server the preferred holder; the VIP's interface is that server's"
                + (Questions.NONE.equals(a.get("cluster-key")) ? ")" : "; the same password in " + ClusterKey.PASSWORD_VARIABLE + ")"));
        if (a.has("witness")) {
            // the witness knows the servers by the same key: without it there, it admits none of them and no server may hold the VIP
            HostPort witness = HostPort.parse(a.get("witness"), Questions.WITNESS_PORT);
            lines.add("");
            String host = witness.host().indexOf(':') >= 0 ? "[" + witness.host() + "]" : witness.host(); // scp's form of an IPv6 host
            lines.add("On the witness " + host + " (a third machine; the cluster key there too, e.g.: scp " + keyStore + " "
                    + host + ":" + ClusterKey.FILE_NAME + "), with the same " + ClusterKey.PASSWORD_VARIABLE + " exported:");
            lines.add("  bin/ha-vip-witness.sh --key-store=" + ClusterKey.FILE_NAME + " --port=" + witness.port()
                    + "   # or bin/systemd/ha-vip-witness.service");
        }
        return lines;
    }

    static String baseDirArgument(Options options) {
        return options.baseDir.equals(options.jbossHome.resolve("standalone")) ? "" : " -Djboss.server.base.dir=" + options.baseDir;
    }
}
