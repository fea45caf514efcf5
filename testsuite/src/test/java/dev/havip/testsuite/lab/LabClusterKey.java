package dev.havip.testsuite.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import dev.havip.testsuite.ClusterKeys;

/**
 * One cluster key of the lab, as README "Secure cluster" makes it: a PKCS12 key store made by keytool (its own file per
 * contender, so that two contenders of one benchmark never replace each other's), copied into each server's
 * configuration directory, its password in the servers' environment, and the Elytron resources that load it. Used by
 * {@link SecureHaVipContender} (TLS on the cluster transport) and {@link WitnessHaVipContender} (TLS to the witness).
 */
final class LabClusterKey {

    static final String STORE = "ha-vip-cluster.p12";
    /** The client SSL context that the commands add (the cluster transport's and the witness link's). */
    static final String CLIENT_CONTEXT = "ha-vip-client";
    static final String SERVER_CONTEXT = "ha-vip-server";

    private final String password;
    private final Path store;

    /** A fresh key store in {@code target/lab-keys/<owner>/}. */
    LabClusterKey(String owner) throws Exception {
        this.password = ClusterKeys.randomPassword("lab-" + owner);
        Path dir = Files.createDirectories(Path.of(System.getProperty("havip.testsuite.target", "target"), "lab-keys", owner));
        this.store = ClusterKeys.keytool(dir.resolve(STORE), this.password, "CN=ha-vip-cluster");
    }

    String password() {
        return this.password;
    }

    /** The key store file (the witness reads this one; each server its copy). */
    Path store() {
        return this.store;
    }

    /** Copies the key store into the server's configuration directory and puts the password in its environment. */
    void install(LabServer server) throws Exception {
        Files.copy(this.store, server.baseDir().resolve("configuration").resolve(STORE), StandardCopyOption.REPLACE_EXISTING);
        server.withEnvironment(ClusterKeys.PASSWORD_VARIABLE, this.password);
    }

    /**
     * The README's Elytron commands: key store (password from the environment), key manager, trust manager, the client
     * SSL context {@value #CLIENT_CONTEXT} and, with {@code serverContext}, the server one {@value #SERVER_CONTEXT}
     * (client authentication required). TLS 1.3 only.
     */
    static List<String> elytronCommands(boolean serverContext) {
        String credential = "credential-reference={clear-text=\"${env." + ClusterKeys.PASSWORD_VARIABLE + "}\"}";
        String tls = "protocols=[TLSv1.3], cipher-suite-names=\"" + ClusterKeys.TLS13_SUITES + "\"";
        List<String> commands = new ArrayList<>(List.of(
                "/subsystem=elytron/key-store=ha-vip-cluster:add(path=" + STORE + ", relative-to=jboss.server.config.dir, type=PKCS12, " + credential + ")",
                "/subsystem=elytron/key-manager=ha-vip-cluster:add(key-store=ha-vip-cluster, " + credential + ")",
                "/subsystem=elytron/trust-manager=ha-vip-cluster:add(key-store=ha-vip-cluster)"));
        if (serverContext) {
            commands.add("/subsystem=elytron/server-ssl-context=" + SERVER_CONTEXT
                    + ":add(key-manager=ha-vip-cluster, trust-manager=ha-vip-cluster, need-client-auth=true, " + tls + ")");
        }
        commands.add("/subsystem=elytron/client-ssl-context=" + CLIENT_CONTEXT + ":add(key-manager=ha-vip-cluster, trust-manager=ha-vip-cluster, " + tls + ")");
        return commands;
    }
}
