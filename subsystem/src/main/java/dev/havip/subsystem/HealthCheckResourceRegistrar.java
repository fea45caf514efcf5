package dev.havip.subsystem;

import java.util.List;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.ResourceRegistration;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.descriptions.ParentResourceDescriptionResolver;
import org.jboss.as.controller.registry.AttributeAccess;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.controller.registry.OperationEntry;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.ChildResourceDefinitionRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.resource.ResourceDescriptor;
import org.wildfly.subsystem.resource.executor.MetricOperationStepHandler;
import org.wildfly.subsystem.resource.operation.ResourceOperationRuntimeHandler;

import dev.havip.health.CheckTarget;
import dev.havip.health.HealthCheck;
import dev.havip.logging.HaVipLogger;
import dev.havip.subsystem.deployment.DeploymentStates;

/**
 * {@code /subsystem=ha-vip/health-check=NAME}: a probe (HTTP, TCP, command or a deployment's
 * state) with keepalived's {@code fall}/{@code rise} counting. Virtual IPs list the checks they need.
 */
final class HealthCheckResourceRegistrar implements ChildResourceDefinitionRegistrar {

    static final PathElement PATH = PathElement.pathElement("health-check");
    static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PATH);
    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of(HealthCheck.SERVICE_DESCRIPTOR).build();

    static final SimpleAttributeDefinition TYPE = Attributes.choice("type", null, CheckTarget.TYPES.toArray(String[]::new));
    static final StringListAttributeDefinition TARGET = new StringListAttributeDefinition.Builder("target")
            .setRequired(true)
            .setAllowExpression(true)
            .setMinSize(1)
            // "target=http://host/health" in the CLI is a one-element list
            .setCorrector((newValue, currentValue) -> newValue.getType() == ModelType.STRING ? new ModelNode().add(newValue) : newValue)
            .setAttributeParser(ArgumentListXml.PARSER)
            .setAttributeMarshaller(ArgumentListXml.MARSHALLER)
            .setFlags(AttributeAccess.Flag.RESTART_RESOURCE_SERVICES)
            .build();
    static final SimpleAttributeDefinition INTERVAL = Attributes.milliseconds("interval", 2000, 100, 3_600_000);
    static final SimpleAttributeDefinition TIMEOUT = Attributes.milliseconds("timeout", 1000, 10, 600_000);
    static final SimpleAttributeDefinition FALL = Attributes.integer("fall", 3, 1, 100).build();
    static final SimpleAttributeDefinition RISE = Attributes.integer("rise", 2, 1, 100).build();
    static final SimpleAttributeDefinition EXPECTED_STATUS = Attributes.integer("expected-status", 200, 100, 599).build();

    static final List<AttributeDefinition> ATTRIBUTES = List.of(TYPE, TARGET, INTERVAL, TIMEOUT, FALL, RISE, EXPECTED_STATUS);

    private final HealthRegistry health;
    private final DeploymentStates deployments;

    HealthCheckResourceRegistrar(HealthRegistry health, DeploymentStates deployments) {
        this.health = health;
        this.deployments = deployments;
    }

    @Override
    public ManagementResourceRegistration register(ManagementResourceRegistration parent, ManagementResourceRegistrationContext context) {
        ParentResourceDescriptionResolver resolver = HaVipSubsystemRegistrar.RESOLVER.createChildResolver(PATH);
        ManagementResourceRegistration registration = parent.registerSubModel(ResourceDefinition.builder(REGISTRATION, resolver).build());
        ResourceDescriptor.Builder builder = ResourceDescriptor.builder(resolver)
                .addCapability(CAPABILITY);
        ResourceOperationRuntimeHandler runtime = ResourceOperationRuntimeHandler.configureService(new HealthCheckServiceConfigurator(this.health, this.deployments));
        // removing one check stops just its service: no reload needed
        builder.withRuntimeHandler(runtime).withRemoveOperationRestartFlag(OperationEntry.Flag.RESTART_NONE);
        ResourceDescriptor descriptor = ConsistencyCheck.onAdd(builder.addAttributes(ATTRIBUTES), HealthCheckResourceRegistrar::checkConsistency)
                .build();
        ManagementResourceRegistrar.of(descriptor).register(registration);
        ConsistencyCheck.onWrite(registration, HealthCheckResourceRegistrar::checkConsistency);
        new MetricOperationStepHandler<HealthCheck>((ctx, metric) -> this.health.query(ctx.getCurrentAddressValue(), metric),
                HealthRuntimeAttributes.ATTRIBUTES).register(registration);
        return registration;
    }

    private static void checkConsistency(String name, ModelNode model) throws OperationFailedException {
        ModelNode type = model.get(TYPE.getName());
        List<String> target = ConsistencyCheck.literalList(model, TARGET);
        if (type.getType() == ModelType.EXPRESSION || target == null) {
            return;
        }
        try {
            CheckTarget.validate(type.asString(), target);
        } catch (IllegalArgumentException e) {
            throw HaVipLogger.ROOT_LOGGER.invalidAttribute(TARGET.getName(), e.getMessage(), e);
        }
    }
}
