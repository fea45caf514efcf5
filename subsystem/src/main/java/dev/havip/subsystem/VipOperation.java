package dev.havip.subsystem;

import org.jboss.as.controller.ExpressionResolver;
import org.jboss.as.controller.OperationDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.SimpleOperationDefinitionBuilder;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.executor.RuntimeOperation;

import dev.havip.engine.HaVipEngine;

/**
 * Operator actions on one VIP. They change ownership, so they are not runtime-only operations:
 * RBAC then asks for Maintainer or higher, as SPEC requires.
 */
enum VipOperation implements RuntimeOperation<VipOperation.Target> {
    TAKEOVER("takeover") {
        @Override
        void run(HaVipEngine engine, String vip, ModelNode operation, ExpressionResolver resolver) throws Exception {
            engine.takeover(vip);
        }
    },
    RELEASE("release") {
        @Override
        void run(HaVipEngine engine, String vip, ModelNode operation, ExpressionResolver resolver) throws Exception {
            engine.release(vip);
        }
    },
    MOVE("move", Parameters.NODE) {
        @Override
        void run(HaVipEngine engine, String vip, ModelNode operation, ExpressionResolver resolver) throws Exception {
            engine.move(vip, Parameters.NODE.resolveModelAttribute(resolver, operation).asString());
        }
    },
    CLEAR("clear") {
        @Override
        void run(HaVipEngine engine, String vip, ModelNode operation, ExpressionResolver resolver) throws Exception {
            engine.clear(vip);
        }
    };

    interface Parameters {
        SimpleAttributeDefinition NODE = new SimpleAttributeDefinitionBuilder("node", ModelType.STRING).setRequired(true).build();
    }

    /** The running engine and the VIP the operation addresses. */
    record Target(HaVipEngine engine, String vip) {
    }

    private final OperationDefinition definition;

    VipOperation(String name, SimpleAttributeDefinition... parameters) {
        this.definition = new SimpleOperationDefinitionBuilder(name, HaVipSubsystemRegistrar.RESOLVER.createChildResolver(VirtualIpResourceRegistrar.PATH))
                .setParameters(parameters)
                .build();
    }

    abstract void run(HaVipEngine engine, String vip, ModelNode operation, ExpressionResolver resolver) throws Exception;

    @Override
    public OperationDefinition getOperationDefinition() {
        return this.definition;
    }

    @Override
    public ModelNode execute(ExpressionResolver resolver, ModelNode operation, Target target) throws OperationFailedException {
        try {
            this.run(target.engine(), target.vip(), operation, resolver);
        } catch (OperationFailedException e) {
            throw e;
        } catch (Exception e) {
            throw new OperationFailedException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
        }
        return null;
    }
}
