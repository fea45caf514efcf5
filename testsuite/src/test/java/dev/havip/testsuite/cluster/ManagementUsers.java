package dev.havip.testsuite.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.RealmCallback;

import org.jboss.as.controller.client.ModelControllerClient;

import dev.havip.testsuite.Cli;

/**
 * Management users of a test server, made the way an admin makes them ({@code bin/add-user.sh}), RBAC switched
 * on with one user per role, and remote clients that log in as them.
 */
final class ManagementUsers {

    /** The test users: name = role, one password for all. */
    static final List<String> ROLES = List.of("Monitor", "Operator", "Maintainer");
    static final String PASSWORD = "ha-vip-Test-1!";

    private ManagementUsers() {
    }

    /** Adds a user per role to the server's ManagementRealm (before it starts: add-user writes the properties file). */
    static void add(WildFlyNode node) throws IOException, InterruptedException {
        for (String role : ROLES) {
            Process process = new ProcessBuilder(WildFlyNode.HOME.resolve("bin/add-user.sh").toString(),
                    "-sc", node.baseDir().resolve("configuration").toString(), "-u", user(role), "-p", PASSWORD, "-s")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("add-user.sh for " + user(role) + " failed: " + output);
            }
        }
    }

    /** Switches on RBAC and maps each test user to its role; takes effect at the next reload. */
    static void rbac(WildFlyNode node) throws IOException {
        Cli cli = new Cli(node.client());
        String authorization = "/core-service=management/access=authorization";
        for (String role : ROLES) {
            cli.ok(Cli.operation(authorization + "/role-mapping=" + role, "add"));
            var include = Cli.operation(authorization + "/role-mapping=" + role + "/include=user-" + user(role), "add");
            include.get("name").set(user(role));
            include.get("type").set("USER");
            cli.ok(include);
        }
        cli.ok(writeProvider());
    }

    private static org.jboss.dmr.ModelNode writeProvider() {
        var op = Cli.operation("/core-service=management/access=authorization", "write-attribute");
        op.get("name").set("provider");
        op.get("value").set("rbac");
        return op;
    }

    static String user(String role) {
        return role.toLowerCase();
    }

    /**
     * A management client that logs in as the role's user over HTTP, as {@code jboss-cli.sh --no-local-auth --user}
     * does: on the server's own host the client would otherwise log in silently as {@code $local} (a SuperUser).
     */
    static ModelControllerClient client(WildFlyNode node, String role) throws IOException {
        javax.security.auth.callback.CallbackHandler login = callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user(role));
                } else if (callback instanceof PasswordCallback password) {
                    password.setPassword(PASSWORD.toCharArray());
                } else if (callback instanceof RealmCallback realm) {
                    realm.setText(realm.getDefaultText());
                }
            }
        };
        return ModelControllerClient.Factory.create(new org.jboss.as.controller.client.ModelControllerClientConfiguration.Builder()
                .setProtocol("remote+http").setHostName(InetAddress.getLoopbackAddress().getHostAddress()).setPort(9990 + node.portOffset)
                .setHandler(login).setSaslOptions(java.util.Map.of("SASL_DISALLOWED_MECHANISMS", "JBOSS-LOCAL-USER")).build());
    }
}
