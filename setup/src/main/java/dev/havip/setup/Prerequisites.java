package dev.havip.setup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the host must have for the answers to work, each finding with the one command that fixes it:
 * the native tools of the chosen method (their Debian packages from the build's packages.txt), the
 * privileges to run them, the cluster port free, the peers (and the witness) reachable. Findings inform; they do not stop
 * the set-up (a peer is often not started yet). Main thread; each network check is bounded to 500 ms.
 */
final class Prerequisites {

    /** One check: passed or not, what was seen, and the command that fixes it; "not yet" for what only waits on another server. */
    record Finding(boolean ok, String seen, String fix, boolean waiting) {

        Finding(boolean ok, String seen, String fix) {
            this(ok, seen, fix, false);
        }

        @Override
        public String toString() {
            String label = this.ok ? "ok" : this.waiting ? "not yet" : "MISSING";
            return String.format("  %-8s %s", label, this.seen) + (this.ok || this.fix == null ? "" : "\n           fix: " + this.fix);
        }
    }

    private static final int TIMEOUT_MS = 500;

    private Prerequisites() {
    }

    static List<Finding> check(Answers a, HostFacts host, boolean serverRunning) {
        List<Finding> findings = new ArrayList<>();
        String method = a.get("method");
        List<String> tools = new ArrayList<>();
        if (method.equals("ip")) {
            tools.add("ip");
            tools.add(a.get("vip-address").contains(":") ? "na6" : "arping");
        } else if (method.equals("ipvs")) {
            tools.add("ipvsadm");
        }
        List<String> found = new ArrayList<>();
        for (String tool : tools) {
            Path path = host.tool(tool).orElse(null);
            findings.add(new Finding(path != null, path != null ? tool + " (" + path + ")" : tool + " is not installed",
                    "apt-get install -y " + PACKAGES.getOrDefault(tool, tool)));
            if (path != null) {
                found.add(path.toString());
            }
        }
        Finding forwarding = null;
        if (method.equals("ip")) {
            // optional: without it a planned handover can reset a connection that straddles the clients' switch
            Path nft = host.tool("nft").orElse(null);
            if (nft != null) {
                found.add(nft.toString());
            }
            forwarding = new Finding(true, nft != null ? "nft (" + nft + "): planned handovers pass connections in flight to the old holder"
                    : "nft is not installed (optional): a planned handover may reset a connection in flight; apt-get install -y nftables", null);
        }
        if (!tools.isEmpty()) {
            findings.add(privileges(a, host, found));
        }
        if (forwarding != null) {
            findings.add(forwarding);
        }
        if (!serverRunning) {
            findings.add(portFree(a.get("cluster-address"), Integer.parseInt(a.get("cluster-port"))));
        }
        for (String text : a.get("peers").split(",")) {
            findings.add(reachable("peer", HostPort.parse(text, Integer.parseInt(a.get("cluster-port"))), "its server runs with ha-vip", "start it"));
        }
        if (a.has("witness")) {
            findings.add(reachable("witness", HostPort.parse(a.get("witness"), Questions.WITNESS_PORT), "bin/ha-vip-witness.sh runs there",
                    "run bin/ha-vip-witness.sh there with this cluster's " + ClusterKey.FILE_NAME));
        }
        return findings;
    }

    private static Finding privileges(Answers a, HostFacts host, List<String> tools) {
        if (host.root) {
            return new Finding(true, "running as root: " + a.get("method") + " may change addresses", null);
        }
        String prefix = a.get("command-prefix");
        String sudoers = "echo '" + System.getProperty("user.name") + " ALL=(root) NOPASSWD: " + String.join(", ", tools)
                + "' > /etc/sudoers.d/wildfly-ha-vip   # as root";
        if (prefix == null || prefix.equals(Questions.NONE)) {
            return new Finding(false, "not root and no command prefix: ip/arping will fail (the VIP goes to FAULT)",
                    "re-run and answer the command prefix /usr/bin/sudo -n, then " + sudoers);
        }
        return new Finding(true, "not root: native commands run as '" + prefix + " ...'; the sudoers rule must allow them: " + sudoers, null);
    }

    private static Finding portFree(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return new Finding(true, "cluster port " + HostPort.join(address, Integer.toString(port)) + " is free", null);
        } catch (IOException e) {
            return new Finding(false, "cluster port " + HostPort.join(address, Integer.toString(port)) + " cannot be bound: " + e.getMessage(),
                    "ss -ltnp 'sport = :" + port + "'   # shows who holds it; or choose another cluster port");
        }
    }

    private static Finding reachable(String what, HostPort peer, String until, String start) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(peer.host(), peer.port()), TIMEOUT_MS);
            return new Finding(true, what + " " + peer + " answers", null);
        } catch (IOException e) {
            return new Finding(false, what + " " + peer + " does not answer (" + e.getMessage() + "; normal until " + until + ")",
                    start + "; its firewall must let TCP " + peer.port() + " in from this host", true);
        }
    }

    /** Command to Debian package, from packages.txt (the same list the build's scripts install from). */
    private static final Map<String, String> PACKAGES = packages();

    private static Map<String, String> packages() {
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put("ipvsadm", "ipvsadm");
        try (InputStream in = Prerequisites.class.getResourceAsStream("packages.txt")) {
            if (in != null) {
                new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                        .filter(line -> !line.isBlank() && !line.startsWith("#")).map(line -> line.trim().split("\\s+"))
                        .filter(words -> words.length >= 2).forEach(words -> packages.put(words[0], words[1]));
            }
        } catch (IOException e) {
            // the package names are a hint; without the list the command's name is used
        }
        return packages;
    }
}
