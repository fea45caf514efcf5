package dev.havip.subsystem;

import java.util.List;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationStepHandler;
import org.jboss.as.controller.registry.ManagementResourceRegistration;

/**
 * Registers the runtime (read-only) attributes of a resource. Until the cluster engine runs on
 * this server they have no value, and they say so by staying undefined.
 */
final class RuntimeView {

    private static final OperationStepHandler UNDEFINED = (context, operation) -> context.getResult();

    private RuntimeView() {
    }

    static void register(ManagementResourceRegistration registration, List<AttributeDefinition> attributes) {
        for (AttributeDefinition attribute : attributes) {
            registration.registerReadOnlyAttribute(attribute, UNDEFINED);
        }
    }
}
