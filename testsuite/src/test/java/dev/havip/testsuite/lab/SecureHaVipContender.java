package dev.havip.testsuite.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * ha-vip on the layer's {@code ha-vip-secure} stack (TLS 1.3 with client authentication on the TCP transport, no
 * FD_SOCK2), configured as README "Secure cluster" says: one PKCS12 key store made by keytool and copied to both
 * servers, its password in their environment, the Elytron resources and the two SSL contexts ({@link LabClusterKey}). Otherwise the same as
 * {@link HaVipContender}: what the benchmark compares is what security costs. Test thread.
 */
final class SecureHaVipContender extends HaVipVariant {

    private final LabClusterKey key = new LabClusterKey("ha-vip-secure");

    SecureHaVipContender() throws Exception {
    }

    /** The cluster key's password, which no log or management output may show. */
    String password() {
        return this.key.password();
    }

    @Override
    public String name() {
        return "ha-vip-secure";
    }

    @Override
    public void prepare(LabServer server) throws Exception {
        this.key.install(server);
    }

    @Override
    public String[] serverConfig(int priority) {
        List<String> commands = new ArrayList<>(List.of(this.plain.serverConfig(priority)));
        commands.addAll(LabClusterKey.elytronCommands(true));
        commands.addAll(List.of(
                "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP:write-attribute(name=client-ssl-context, value=" + LabClusterKey.CLIENT_CONTEXT + ")",
                "/subsystem=jgroups/stack=ha-vip-secure/transport=TCP:write-attribute(name=server-ssl-context, value=" + LabClusterKey.SERVER_CONTEXT + ")",
                "/subsystem=ha-vip:write-attribute(name=stack, value=ha-vip-secure)"));
        return commands.toArray(String[]::new);
    }

}
