package dev.havip.testsuite.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.havip.testsuite.ClusterKeys;

/**
 * ha-vip on the layer's {@code ha-vip-secure} stack (TLS 1.3 with client authentication on the TCP transport, no
 * FD_SOCK2), configured as README "Secure cluster" says: one PKCS12 key store made by keytool and copied to both
 * servers, its password in their environment, the Elytron resources and the two SSL contexts. Otherwise the same as
 * {@link HaVipContender}: what the benchmark compares is what security costs. Test thread.
 */
final class SecureHaVipContender implements Contender {

    static final String STORE = "ha-vip-cluster.p12";

    private final HaVipContender plain = new HaVipContender();
    private final String password = ClusterKeys.randomPassword("lab-cluster");
    private final Path store;

    SecureHaVipContender() throws Exception {
        Path dir = Files.createDirectories(Path.of(System.getProperty("havip.testsuite.target", "target"), "lab-keys"));
        this.store = ClusterKeys.keytool(dir.resolve(STORE), this.password, "CN=ha-vip-cluster");
    }

    /** The cluster key's password, which no log or management output may show. */
    String password() {
        return this.password;
    }

    @Override
    public String name() {
        return "ha-vip-secure";
    }

    @Override
    public void prepare(LabServer server) throws Exception {
        Files.copy(this.store, server.baseDir().resolve("configuration").resolve(STORE), StandardCopyOption.REPLACE_EXISTING);
        server.withEnvironment(ClusterKeys.PASSWORD_VARIABLE, this.password);
    }

    @Override
    public String[] serverConfig(int priority) {
        String credential = "credential-reference={clear-text=\"${env." + ClusterKeys.PASSWORD_VARIABLE + "}\"}";
        String tls = "protocols=[TLSv1.3], cipher-suite-names=\"" + ClusterKeys.TLS13_SUITES + "\"";
        List<String> commands = new ArrayList<>(List.of(this.plain.serverConfig(priority)));
        commands.addAll(List.of(
                "/subsystem=elytron/key-store=ha-vip-cluster:add(path=" + STORE + ", relative-to=jboss.server.config.dir, type=PKCS12, " + credential + ")",
                "/subsystem=elytron/key-manager=ha-vip-cluster:add(key-store=ha-vip-cluster, " + credential + ")",
                "/subsystem=elytron/trust-manager=ha-vip-cluster:add(key-store=ha-vip-cluster)",
                "/subsystem=elytron/server-ssl-context=ha-vip-server:add(key-manager=ha-vip-cluster, trust-manager=ha-vip-cluster, need-client-auth=true, " + tls + ")",
                "/subsystem=elytron/client-ssl-context=ha-vip-client:add(key-manager=ha-vip-cluster, trust-manager=ha-vip-cluster, " + tls + ")",
                "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP:write-attribute(name=client-ssl-context, value=ha-vip-client)",
                "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP:write-attribute(name=server-ssl-context, value=ha-vip-server)",
                "/subsystem=ha-vip:write-attribute(name=stack, value=ha-vip-secure)"));
        return commands.toArray(String[]::new);
    }

    @Override
    public void serversUp(Lab lab) {
        this.plain.serversUp(lab);
    }

    @Override
    public void restart(Lab lab, LabServer server) throws Exception {
        this.plain.restart(lab, server);
    }

    @Override
    public void plannedAway(Lab lab, Scenario scenario) throws Exception {
        this.plain.plannedAway(lab, scenario);
    }

    @Override
    public void plannedBack(Lab lab, Scenario scenario) throws Exception {
        this.plain.plannedBack(lab, scenario);
    }

    @Override
    public Set<Scenario> scenarios() {
        return this.plain.scenarios();
    }
}
