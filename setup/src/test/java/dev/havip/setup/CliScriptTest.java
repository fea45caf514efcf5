package dev.havip.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI batch the answers become, on a provisioned configuration and on one the wizard configured before. */
class CliScriptTest {

    @TempDir
    Path dir;

    private static Answers answers(String... pairs) {
        Answers answers = new Answers();
        for (int i = 0; i < pairs.length; i += 2) {
            answers.put(pairs[i], pairs[i + 1]);
        }
        return answers;
    }

    @Test
    void aProvisionedServerGetsOneBatch() throws Exception {
        Answers a = answers("node-name", "node-a", "priority", "200", "cluster-address", "198.18.0.1", "cluster-port", "7660",
                "peers", "198.18.0.2:7660", "public-address", "0.0.0.0", "vip-name", "web", "vip-address", "198.18.0.100/24",
                "interface", "eth0", "health-check", "http://127.0.0.1:8080/health", "failback", "auto", "failback-delay", "1000",
                "quorum", "tie-breaker", "tie-breaker-address", "198.18.0.254", "cluster-key", "none", "method", "ip", "command-prefix", "/usr/bin/sudo -n");
        assertEquals(List.of(
                "batch",
                "/subsystem=ha-vip:write-attribute(name=node-name, value=\"node-a\")",
                "/subsystem=ha-vip:write-attribute(name=priority, value=\"200\")",
                "/subsystem=ha-vip:write-attribute(name=command-prefix, value=[\"/usr/bin/sudo\", \"-n\"])",
                "/interface=private:write-attribute(name=inet-address, value=\"198.18.0.1\")",
                "/interface=public:write-attribute(name=inet-address, value=\"0.0.0.0\")",
                "/socket-binding-group=standard-sockets/socket-binding=jgroups-ha-vip:write-attribute(name=port, value=\"7660\")",
                "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=ha-vip-peer1:write-attribute(name=host, value=\"198.18.0.2\")",
                "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=ha-vip-peer1:write-attribute(name=port, value=\"7660\")",
                "/subsystem=jgroups/stack=ha-vip/protocol=TCPPING:write-attribute(name=socket-bindings, value=[\"ha-vip-peer1\"])",
                "/subsystem=jgroups/stack=ha-vip-secure/protocol=TCPPING:write-attribute(name=socket-bindings, value=[\"ha-vip-peer1\"])",
                "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=ha-vip-peer2:remove",
                "/subsystem=ha-vip:write-attribute(name=stack, value=\"ha-vip\")",
                "/subsystem=ha-vip:write-attribute(name=quorum, value=\"tie-breaker\")",
                "/subsystem=ha-vip:write-attribute(name=tie-breaker-address, value=\"198.18.0.254\")",
                "/subsystem=ha-vip:undefine-attribute(name=witness)",
                "/subsystem=ha-vip:undefine-attribute(name=witness-ssl-context)",
                "/subsystem=ha-vip/health-check=web-health:add(type=http, target=[\"http://127.0.0.1:8080/health\"])",
                "/subsystem=ha-vip/virtual-ip=web:add(ip-address=\"198.18.0.100/24\", interface=eth0, failback=auto, failback-delay=1000, method=ip,"
                        + " health-checks=[\"web-health\"])",
                "run-batch"), CliScript.batch(a, Fixtures.provisioned(this.dir)));
    }

    @Test
    void aSecondRunChangesWhatExistsAndAddsPeers() throws Exception {
        String configured = Fixtures.PROVISIONED
                .replace("<subsystem xmlns=\"urn:dev.havip:ha-vip:1.0\" stack=\"ha-vip\"/>", """
                        <subsystem xmlns="urn:dev.havip:ha-vip:1.0" node-name="node-a" priority="200">
                            <health-check name="web-health" type="http"><target><arg>http://127.0.0.1:8080/health</arg></target></health-check>
                            <virtual-ip name="web" address="198.18.0.100/24" interface="eth0" health-checks="web-health"/>
                        </subsystem>""");
        CurrentConfig current = CurrentConfig.read(Files.writeString(this.dir.resolve("standalone.xml"), configured));
        assertEquals("http://127.0.0.1:8080/health", current.checks.get("web-health").get("target"));
        Answers a = answers("node-name", "node-a", "priority", "200", "cluster-address", "198.18.0.1", "cluster-port", "7660",
                "peers", "198.18.0.2:7660,198.18.0.3:7660,[fd00::4]:7660", "public-address", "0.0.0.0", "vip-name", "web",
                "vip-address", "198.18.0.101/24", "interface", "eth0", "health-check", "none", "failback", "manual",
                "quorum", "majority", "cluster-key", "keep", "method", "ip");
        List<String> batch = CliScript.batch(a, current);
        assertEquals(List.of(
                "/subsystem=ha-vip:undefine-attribute(name=command-prefix)",
                "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=ha-vip-peer2:write-attribute(name=host, value=\"198.18.0.3\")",
                "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=ha-vip-peer3:add(host=\"fd00::4\", port=7660)",
                "/subsystem=jgroups/stack=ha-vip/protocol=TCPPING:write-attribute(name=socket-bindings, value=[\"ha-vip-peer1\", \"ha-vip-peer2\", \"ha-vip-peer3\"])",
                "/subsystem=jgroups/stack=ha-vip-secure/protocol=TCPPING:write-attribute(name=socket-bindings, value=[\"ha-vip-peer1\", \"ha-vip-peer2\", \"ha-vip-peer3\"])",
                "/subsystem=ha-vip:undefine-attribute(name=tie-breaker-address)",
                "/subsystem=ha-vip:undefine-attribute(name=witness)",
                "/subsystem=ha-vip:undefine-attribute(name=witness-ssl-context)",
                "/subsystem=ha-vip/health-check=web-health:remove",
                "/subsystem=ha-vip/virtual-ip=web:write-attribute(name=ip-address, value=\"198.18.0.101/24\")",
                "/subsystem=ha-vip/virtual-ip=web:write-attribute(name=failback, value=\"manual\")",
                "/subsystem=ha-vip/virtual-ip=web:undefine-attribute(name=health-checks)"),
                batch.stream().filter(line -> line.contains("undefine") || line.contains("peer3") || line.contains("peer2:write-attribute(name=host") || line.contains("health-check=") || line.contains("ip-address")
                        || line.contains("name=failback,")).toList());
    }

    @Test
    void aClusterKeyTurnsOnTheSecureStackWithElytronTls() throws Exception {
        String withKeyStore = Fixtures.PROVISIONED.replace("<profile>", """
                <profile>
                    <subsystem xmlns="urn:wildfly:elytron:community:18.0"><tls><key-stores>
                        <key-store name="ha-vip-cluster"><file path="ha-vip-cluster.p12"/></key-store>
                    </key-stores></tls></subsystem>""");
        CurrentConfig current = CurrentConfig.read(Files.writeString(this.dir.resolve("standalone.xml"), withKeyStore));
        Answers a = answers("node-name", "node-a", "priority", "200", "cluster-address", "198.18.0.1", "cluster-port", "7660",
                "peers", "198.18.0.2:7660", "public-address", "0.0.0.0", "vip-name", "web", "vip-address", "198.18.0.100/24",
                "interface", "eth0", "health-check", "none", "failback", "manual", "quorum", "majority", "cluster-key", "new", "method", "ip");
        List<String> secure = CliScript.batch(a, current).stream().filter(l -> l.contains("elytron") || l.contains("transport=") || l.contains("stack,")).toList();
        String tls = "protocols=[TLSv1.3], cipher-suite-names=\"TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256\"";
        assertEquals(List.of( // the key store exists already: not added twice; the password is only ever an expression
                "/subsystem=elytron/key-manager=ha-vip-cluster:add(key-store=ha-vip-cluster, credential-reference={clear-text=\"${env.HAVIP_CLUSTER_PASSWORD}\"})",
                "/subsystem=elytron/trust-manager=ha-vip-cluster:add(key-store=ha-vip-cluster)",
                "/subsystem=elytron/server-ssl-context=ha-vip-server:add(key-manager=ha-vip-cluster, trust-manager=ha-vip-cluster, need-client-auth=true, " + tls + ")",
                "/subsystem=elytron/client-ssl-context=ha-vip-client:add(key-manager=ha-vip-cluster, trust-manager=ha-vip-cluster, " + tls + ")",
                "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP:write-attribute(name=client-ssl-context, value=\"ha-vip-client\")",
                "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP:write-attribute(name=server-ssl-context, value=\"ha-vip-server\")",
                "/subsystem=ha-vip:write-attribute(name=stack, value=\"ha-vip-secure\")"), secure);
    }

    private static final String TLS = "protocols=[TLSv1.3], cipher-suite-names=\"TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256\"";
    private static final String WITNESS = "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=ha-vip-witness";

    private static Answers witnessAnswers(String clusterKey) {
        return answers("node-name", "node-a", "priority", "200", "cluster-address", "198.18.0.1", "cluster-port", "7660",
                "peers", "198.18.0.2:7660", "public-address", "0.0.0.0", "vip-name", "web", "vip-address", "198.18.0.100/24",
                "interface", "eth0", "health-check", "none", "failback", "auto", "quorum", "witness", "witness", "198.18.0.3:7670",
                "method", "ip", "cluster-key", clusterKey);
    }

    /** From the cluster-key lines on: what quorum=witness adds to a batch. */
    private static List<String> tail(List<String> batch) {
        return batch.subList(batch.indexOf(batch.stream().filter(l -> l.contains("elytron")).findFirst().orElseThrow()), batch.size())
                .stream().filter(l -> !l.contains("health-check") && !l.contains("virtual-ip") && !l.equals("run-batch")).toList();
    }

    @Test
    void aWitnessGetsItsBindingAndTheClusterKeyBeforeTheQuorum() throws Exception {
        assertEquals(List.of( // the subsystem refuses quorum=witness before witness and witness-ssl-context are set
                "/subsystem=elytron/key-store=ha-vip-cluster:add(path=ha-vip-cluster.p12, relative-to=jboss.server.config.dir, type=PKCS12,"
                        + " credential-reference={clear-text=\"${env.HAVIP_CLUSTER_PASSWORD}\"})",
                "/subsystem=elytron/key-manager=ha-vip-cluster:add(key-store=ha-vip-cluster, credential-reference={clear-text=\"${env.HAVIP_CLUSTER_PASSWORD}\"})",
                "/subsystem=elytron/trust-manager=ha-vip-cluster:add(key-store=ha-vip-cluster)",
                "/subsystem=elytron/server-ssl-context=ha-vip-server:add(key-manager=ha-vip-cluster, trust-manager=ha-vip-cluster, need-client-auth=true, " + TLS + ")",
                "/subsystem=elytron/client-ssl-context=ha-vip-client:add(key-manager=ha-vip-cluster, trust-manager=ha-vip-cluster, " + TLS + ")",
                "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP:write-attribute(name=client-ssl-context, value=\"ha-vip-client\")",
                "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP:write-attribute(name=server-ssl-context, value=\"ha-vip-server\")",
                "/subsystem=ha-vip:write-attribute(name=stack, value=\"ha-vip-secure\")",
                WITNESS + ":add(host=\"198.18.0.3\", port=7670)",
                "/subsystem=ha-vip:write-attribute(name=witness, value=\"ha-vip-witness\")",
                "/subsystem=ha-vip:write-attribute(name=witness-ssl-context, value=\"ha-vip-client\")",
                "/subsystem=ha-vip:write-attribute(name=quorum, value=\"witness\")",
                "/subsystem=ha-vip:undefine-attribute(name=tie-breaker-address)"), tail(CliScript.batch(witnessAnswers("new"), Fixtures.provisioned(this.dir))));
        // the wizard's question refuses this pair; the script does not trust that alone
        assertThrows(IllegalArgumentException.class, () -> CliScript.batch(witnessAnswers("none"), Fixtures.provisioned(this.dir)));
    }

    /** A server the wizard set up with a witness before: what it has is written, not added again. */
    private CurrentConfig witnessed() throws Exception {
        String configured = Fixtures.PROVISIONED
                .replace("<subsystem xmlns=\"urn:dev.havip:ha-vip:1.0\" stack=\"ha-vip\"/>", """
                        <subsystem xmlns="urn:dev.havip:ha-vip:1.0" stack="ha-vip-secure" quorum="witness" witness="ha-vip-witness" witness-ssl-context="ha-vip-client"/>
                        <subsystem xmlns="urn:wildfly:elytron:community:18.0"><tls>
                            <key-stores><key-store name="ha-vip-cluster"><file path="ha-vip-cluster.p12"/></key-store></key-stores>
                            <key-managers><key-manager name="ha-vip-cluster" key-store="ha-vip-cluster"/></key-managers>
                            <trust-managers><trust-manager name="ha-vip-cluster" key-store="ha-vip-cluster"/></trust-managers>
                            <server-ssl-contexts><server-ssl-context name="ha-vip-server"/></server-ssl-contexts>
                            <client-ssl-contexts><client-ssl-context name="ha-vip-client"/></client-ssl-contexts>
                        </tls></subsystem>""")
                .replace("</socket-binding-group>", """
                            <outbound-socket-binding name="ha-vip-witness"><remote-destination host="198.18.0.3" port="7670"/></outbound-socket-binding>
                        </socket-binding-group>""");
        return CurrentConfig.read(Files.writeString(this.dir.resolve("standalone.xml"), configured));
    }

    @Test
    void aSecondWitnessRunWritesWhatExists() throws Exception {
        CurrentConfig current = this.witnessed();
        assertEquals(Optional.of("198.18.0.3:7670"), current.witness());
        Answers a = witnessAnswers("keep");
        a.put("witness", "198.18.0.4:7671");
        assertEquals(List.of(
                "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP:write-attribute(name=client-ssl-context, value=\"ha-vip-client\")",
                "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP:write-attribute(name=server-ssl-context, value=\"ha-vip-server\")",
                "/subsystem=ha-vip:write-attribute(name=stack, value=\"ha-vip-secure\")",
                WITNESS + ":write-attribute(name=host, value=\"198.18.0.4\")",
                WITNESS + ":write-attribute(name=port, value=\"7671\")",
                "/subsystem=ha-vip:write-attribute(name=witness, value=\"ha-vip-witness\")",
                "/subsystem=ha-vip:write-attribute(name=witness-ssl-context, value=\"ha-vip-client\")",
                "/subsystem=ha-vip:write-attribute(name=quorum, value=\"witness\")",
                "/subsystem=ha-vip:undefine-attribute(name=tie-breaker-address)"),
                CliScript.batch(a, current).stream().filter(l -> l.contains("elytron") || l.contains("transport=") || l.contains("stack,")
                        || l.contains("witness") || l.contains("quorum") || l.contains("tie-breaker")).toList());
    }

    @Test
    void backToTieBreakerUndefinesTheWitnessAfterTheQuorum() throws Exception {
        Answers back = answers("node-name", "node-a", "priority", "200", "cluster-address", "198.18.0.1", "cluster-port", "7660",
                "peers", "198.18.0.2:7660", "public-address", "0.0.0.0", "vip-name", "web", "vip-address", "198.18.0.100/24",
                "interface", "eth0", "health-check", "none", "failback", "auto", "quorum", "tie-breaker", "tie-breaker-address", "198.18.0.254",
                "method", "ip", "cluster-key", "keep");
        assertEquals(List.of( // undefined after the quorum: the subsystem refuses undefining them under quorum=witness
                "/subsystem=ha-vip:write-attribute(name=quorum, value=\"tie-breaker\")",
                "/subsystem=ha-vip:write-attribute(name=tie-breaker-address, value=\"198.18.0.254\")",
                "/subsystem=ha-vip:undefine-attribute(name=witness)",
                "/subsystem=ha-vip:undefine-attribute(name=witness-ssl-context)"),
                CliScript.batch(back, this.witnessed()).stream().filter(l -> l.contains("witness") || l.contains("quorum") || l.contains("tie-breaker")).toList());
    }

    @Test
    void theOtherServersAndTheWitnessAreToldWhatToRun() {
        List<String> told = OtherNode.instructions(witnessAnswers("new"), Path.of("/srv/node-a/configuration/ha-vip-cluster.p12"));
        String command = told.stream().filter(l -> l.contains("ha-vip-setup.sh --non-interactive")).findFirst().orElseThrow();
        assertTrue(command.contains(" --quorum=witness --witness=198.18.0.3:7670 ") && command.endsWith(" --cluster-key=/tmp/ha-vip-cluster.p12"), command);
        assertEquals(List.of("On the witness 198.18.0.3 (a third machine; the cluster key there too, e.g.: scp /srv/node-a/configuration/ha-vip-cluster.p12"
                + " 198.18.0.3:ha-vip-cluster.p12), with the same HAVIP_CLUSTER_PASSWORD exported:",
                "  bin/ha-vip-witness.sh --key-store=ha-vip-cluster.p12 --port=7670   # or bin/systemd/ha-vip-witness.service"),
                told.subList(told.size() - 2, told.size()));
    }
}
