package dev.havip.subsystem;

import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.ADDRESS;
import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.FAILURE_DESCRIPTION;
import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.NAME;
import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.OP;
import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.OUTCOME;
import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.SUCCESS;
import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.VALUE;
import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.WRITE_ATTRIBUTE_OPERATION;

import org.jboss.as.controller.LocalModelControllerClient;
import org.jboss.as.controller.ModelControllerClientFactory;
import org.jboss.as.controller.PathAddress;
import org.jboss.dmr.ModelNode;

import dev.havip.jmx.ModelOperations;

/**
 * The MBeans' actions as management operations: an in-VM client that runs each one with the security
 * identity of the calling thread (the JMX caller's), so RBAC grants or refuses it exactly as for the CLI.
 * Runs on the JMX caller's thread.
 */
final class ManagementCalls implements ModelOperations {

    private static final PathAddress SUBSYSTEM = PathAddress.pathAddress(HaVipSubsystemRegistrar.PATH);

    private final ModelControllerClientFactory clients;

    ManagementCalls(ModelControllerClientFactory clients) {
        this.clients = clients;
    }

    @Override
    public void onVip(String vip, String operation, String node) {
        ModelNode op = operation(SUBSYSTEM.append(VirtualIpResourceRegistrar.PATH.getKey(), vip), operation);
        if (node != null) {
            op.get(VipOperation.Parameters.NODE.getName()).set(node);
        }
        this.execute(op);
    }

    @Override
    public void writeMaintenance(boolean maintenance) {
        ModelNode op = operation(SUBSYSTEM, WRITE_ATTRIBUTE_OPERATION);
        op.get(NAME).set(HaVipSubsystemRegistrar.MAINTENANCE.getName());
        op.get(VALUE).set(maintenance);
        this.execute(op);
    }

    private static ModelNode operation(PathAddress address, String name) {
        ModelNode op = new ModelNode();
        op.get(OP).set(name);
        op.get(ADDRESS).set(address.toModelNode());
        return op;
    }

    private void execute(ModelNode op) {
        // synchronous: the executor is only for asynchronous calls, which this class does not make
        try (LocalModelControllerClient client = this.clients.createClient(Runnable::run)) {
            ModelNode result = client.execute(op);
            if (!SUCCESS.equals(result.get(OUTCOME).asString())) {
                throw new IllegalStateException(result.get(FAILURE_DESCRIPTION).asString());
            }
        }
    }
}
