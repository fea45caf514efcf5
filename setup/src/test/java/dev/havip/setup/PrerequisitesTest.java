package dev.havip.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host checks as a non-root user: missing tools with their install command, the sudo prefix and its sudoers line. */
class PrerequisitesTest {

    @TempDir
    Path tools;

    @Test
    void notRootWithMethodIp() throws Exception {
        HostFacts host = Fixtures.loopbackHost(this.tools); // not root; only the tools put in this directory
        Path ip = Files.createFile(this.tools.resolve("ip"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Answers answers = Prompter.resolve(new Questions(host, Fixtures.provisioned(this.tools), "node-a", new ClusterKey(this.tools)).all(),
                answers("cluster-address", "127.0.0.1", "vip-address", "198.18.0.100/24", "interface", "lo", "quorum", "none", "cluster-key", "none"));
        assertEquals("/usr/bin/sudo -n", answers.get("command-prefix"), "not root: the sudo prefix is offered");
        List<Prerequisites.Finding> findings = Prerequisites.check(answers, host, true);
        assertTrue(findings.get(0).ok() && findings.get(0).seen().contains(ip.toString()), findings.toString());
        assertFalse(findings.get(1).ok(), "arping is missing");
        assertEquals("apt-get install -y iputils-arping", findings.get(1).fix());
        assertTrue(findings.get(2).ok() && findings.get(2).seen().contains("ALL=(root) NOPASSWD: " + ip), findings.get(2).toString());
        assertTrue(findings.get(3).ok() && findings.get(3).seen().contains("nft is not installed (optional)"), "nft is optional: " + findings.get(3));
        Path nft = Files.createFile(this.tools.resolve("nft"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        findings = Prerequisites.check(answers, host, true);
        assertTrue(findings.get(2).seen().contains("NOPASSWD: " + ip + ", " + nft), "the sudoers rule lets the server run nft too: " + findings.get(2));

        answers.put("command-prefix", "none");
        Prerequisites.Finding privileges = Prerequisites.check(answers, host, true).get(2);
        assertFalse(privileges.ok(), "not root and no prefix: ip and arping will fail");
        assertTrue(privileges.toString().contains("MISSING") && privileges.fix().contains("/etc/sudoers.d/wildfly-ha-vip"), privileges.toString());
    }

    @Test
    void theWitnessIsCheckedLikeAPeer() throws Exception {
        HostFacts host = Fixtures.loopbackHost(this.tools);
        try (java.net.ServerSocket witness = new java.net.ServerSocket(0, 1, Fixtures.loopback())) {
            Answers answers = Prompter.resolve(new Questions(host, Fixtures.provisioned(this.tools), "node-a", new ClusterKey(this.tools)).all(),
                    answers("cluster-address", "127.0.0.1", "vip-address", "198.18.0.100/24", "interface", "lo", "method", "none",
                            "quorum", "witness", "witness", "127.0.0.1:" + witness.getLocalPort(), "cluster-key", "new"));
            Prerequisites.Finding last = last(Prerequisites.check(answers, host, true));
            assertTrue(last.ok() && last.seen().equals("witness 127.0.0.1:" + witness.getLocalPort() + " answers"), last.toString());
            int port = witness.getLocalPort();
            witness.close();
            last = last(Prerequisites.check(answers, host, true));
            assertTrue(!last.ok() && last.waiting() && last.seen().startsWith("witness 127.0.0.1:" + port + " does not answer")
                    && last.fix().startsWith("run bin/ha-vip-witness.sh there with this cluster's ha-vip-cluster.p12"), last.toString());
        }
    }

    private static Prerequisites.Finding last(List<Prerequisites.Finding> findings) {
        return findings.get(findings.size() - 1);
    }

    private static Answers answers(String... pairs) {
        Answers answers = new Answers();
        for (int i = 0; i < pairs.length; i += 2) {
            answers.put(pairs[i], pairs[i + 1]);
        }
        return answers;
    }
}
