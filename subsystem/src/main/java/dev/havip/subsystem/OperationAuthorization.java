package dev.havip.subsystem;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.access.AuthorizationResult;
import org.jboss.as.controller.descriptions.ModelDescriptionConstants;
import org.jboss.as.controller.logging.ControllerLogger;
import org.jboss.dmr.ModelNode;

/**
 * RBAC for ha-vip's ownership operations. WildFly authorizes an operation step when it touches the model; these
 * act on the running engine only, so they ask WildFly's authorizer themselves, with the effects their flags
 * declare (not read-only, not runtime-only: Maintainer or higher). Without this a Monitor could move a VIP.
 * Runs on the management thread of the operation.
 */
final class OperationAuthorization {

    private OperationAuthorization() {
    }

    static void require(OperationContext context, ModelNode operation) throws OperationFailedException {
        AuthorizationResult result = context.authorizeOperation(operation);
        if (result.getDecision() == AuthorizationResult.Decision.DENY) {
            throw ControllerLogger.ROOT_LOGGER.unauthorized(operation.get(ModelDescriptionConstants.OP).asString(), context.getCurrentAddress(),
                    result.getExplanation());
        }
    }
}
