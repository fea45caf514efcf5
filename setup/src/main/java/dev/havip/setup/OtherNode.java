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
    private static final List<String> PER_NODE = List.of("node-name", "cluster-address", "peers", "priority");

    private OtherNode() {
    }

    static List<String> instructions(Answers a) {
        String self = HostPort.join(a.get("cluster-address"), a.get("cluster-port"));
        List<String> others = new ArrayList<>(List.of(a.get("peers").split(",")));
        StringBuilder command = new StringBuilder("  bin/ha-vip-setup.sh --non-interactive --node-name=NAME --cluster-address=ITS-ADDRESS");
        others.add(0, self);
        command.append(" --peers=").append(others.size() == 2 ? self : String.join(",", others) + "(without its own entry)");
        command.append(" --priority=").append(Math.max(1, Integer.parseInt(a.get("priority")) - 10));
        for (Map.Entry<String, String> answer : a.asMap().entrySet()) {
            if (!PER_NODE.contains(answer.getKey())) {
                command.append(" --").append(answer.getKey()).append('=').append(answer.getValue());
            }
        }
        return List.of("", "On each other server (interactively: bin/ha-vip-setup.sh), or without questions:", command.toString(),
                "(a lower priority there keeps this server the preferred holder; the VIP's interface is that server's)");
    }

    static String baseDirArgument(Options options) {
        return options.baseDir.equals(options.jbossHome.resolve("standalone")) ? "" : " -Djboss.server.base.dir=" + options.baseDir;
    }
}
