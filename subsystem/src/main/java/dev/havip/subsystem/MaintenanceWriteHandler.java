package dev.havip.subsystem;

import org.jboss.as.controller.AbstractWriteAttributeHandler;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.dmr.ModelNode;

/** {@code maintenance} takes effect at once (the standby switch): no reload, no restart. */
final class MaintenanceWriteHandler extends AbstractWriteAttributeHandler<Void> {

    private final EngineAccess access;

    MaintenanceWriteHandler(EngineAccess access) {
        this.access = access;
    }

    @Override
    protected boolean applyUpdateToRuntime(OperationContext context, ModelNode operation, String attributeName, ModelNode resolvedValue,
            ModelNode currentValue, HandbackHolder<Void> handbackHolder) throws OperationFailedException {
        this.apply(resolvedValue.asBoolean());
        return false;
    }

    @Override
    protected void revertUpdateToRuntime(OperationContext context, ModelNode operation, String attributeName, ModelNode valueToRestore,
            ModelNode valueToRevert, Void handback) throws OperationFailedException {
        this.apply(HaVipSubsystemRegistrar.MAINTENANCE.resolveValue(context, valueToRestore).asBoolean());
    }

    private void apply(boolean maintenance) throws OperationFailedException {
        this.access.query(engine -> {
            engine.setMaintenance(maintenance);
            return null;
        });
    }
}
