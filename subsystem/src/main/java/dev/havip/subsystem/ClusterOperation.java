package dev.havip.subsystem;

import org.jboss.as.controller.ExpressionResolver;
import org.jboss.as.controller.OperationDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleOperationDefinitionBuilder;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.executor.RuntimeOperation;

import dev.havip.engine.HaVipEngine;
import dev.havip.engine.HealthTransition;
import dev.havip.engine.HistoryEntry;
import dev.havip.engine.Transition;

/** Read-only runtime operations of {@code /subsystem=ha-vip}. */
enum ClusterOperation implements RuntimeOperation<HaVipEngine> {
    HISTORY;

    interface Parameters {
        SimpleAttributeDefinition LIMIT = Attributes.integer("limit", 20, 1, HaVipEngine.HISTORY_CAPACITY).build();
    }

    private final OperationDefinition definition = new SimpleOperationDefinitionBuilder("history", HaVipSubsystemRegistrar.RESOLVER)
            .setParameters(Parameters.LIMIT)
            .setReadOnly()
            .setRuntimeOnly()
            .setReplyType(ModelType.LIST)
            .setReplyValueType(ModelType.OBJECT)
            .build();

    @Override
    public OperationDefinition getOperationDefinition() {
        return this.definition;
    }

    @Override
    public ModelNode execute(ExpressionResolver resolver, ModelNode operation, HaVipEngine engine) throws OperationFailedException {
        int limit = Parameters.LIMIT.resolveModelAttribute(resolver, operation).asInt();
        ModelNode result = new ModelNode().setEmptyList();
        for (HistoryEntry transition : engine.history(limit)) {
            ModelNode entry = new ModelNode();
            entry.get("time").set(transition.time().toString());
            if (transition instanceof Transition vip) {
                entry.get("virtual-ip").set(vip.vip());
                entry.get("from").set(vip.from().name());
                entry.get("to").set(vip.to().name());
            } else if (transition instanceof HealthTransition check) {
                entry.get("health-check").set(check.check());
                entry.get("from").set(check.from());
                entry.get("to").set(check.to());
            }
            entry.get("reason").set(transition.reason());
            entry.get("node").set(transition.node());
            result.add(entry);
        }
        return result;
    }
}
