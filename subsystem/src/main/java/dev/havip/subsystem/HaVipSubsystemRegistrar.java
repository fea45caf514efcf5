package dev.havip.subsystem;

import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.SUBSYSTEM;

import java.util.List;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.ResourceRegistration;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.as.controller.SubsystemRegistration;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.jboss.as.controller.descriptions.ParentResourceDescriptionResolver;
import org.jboss.as.controller.descriptions.SubsystemResourceDescriptionResolver;
import org.jboss.as.controller.operations.validation.StringLengthValidator;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.jboss.dmr.ValueExpression;
import org.wildfly.clustering.jgroups.spi.ChannelFactory;
import org.wildfly.subsystem.resource.ManagementResourceRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.resource.ResourceDescriptor;
import org.wildfly.subsystem.resource.operation.OperationStepHandlerDescriptor;
import org.wildfly.subsystem.resource.SubsystemResourceDefinitionRegistrar;
import org.wildfly.subsystem.resource.capability.CapabilityReference;

import dev.havip.logging.HaVipLogger;
import dev.havip.movers.CommandTemplate;
import dev.havip.net.IpAddresses;

/**
 * {@code /subsystem=ha-vip}: who this node is in the cluster, which JGroups stack carries the
 * heartbeats, and the quorum rule; children are the virtual IPs and the health checks.
 */
final class HaVipSubsystemRegistrar implements SubsystemResourceDefinitionRegistrar {

    static final ParentResourceDescriptionResolver RESOLVER = new SubsystemResourceDescriptionResolver(HaVipExtension.SUBSYSTEM_NAME, HaVipSubsystemRegistrar.class);
    static final PathElement PATH = PathElement.pathElement(SUBSYSTEM, HaVipExtension.SUBSYSTEM_NAME);
    static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PATH);

    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of("dev.havip.ha-vip").build();

    static final String[] QUORUM_VALUES = { "none", "majority", "tie-breaker" };
    static final String DEFAULT_STACK = "ha-vip";

    static final SimpleAttributeDefinition NODE_NAME = Attributes.string("node-name", HaVipSubsystemRegistrar::checkNodeName)
            .setDefaultValue(new ModelNode().set(new ValueExpression("${jboss.node.name}")))
            .build();
    static final SimpleAttributeDefinition PRIORITY = Attributes.integer("priority", 100, 1, 254).build();
    static final SimpleAttributeDefinition STACK = new SimpleAttributeDefinitionBuilder("stack", ModelType.STRING)
            .setRequired(false)
            .setDefaultValue(new ModelNode(DEFAULT_STACK))
            .setValidator(new StringLengthValidator(1))
            .setCapabilityReference(CapabilityReference.builder(CAPABILITY, ChannelFactory.SERVICE_DESCRIPTOR).build())
            .setRestartAllServices()
            .build();
    static final SimpleAttributeDefinition CLUSTER_NAME = Attributes.string("cluster-name", HaVipSubsystemRegistrar::checkClusterName)
            .setDefaultValue(new ModelNode("ha-vip"))
            .build();
    static final SimpleAttributeDefinition QUORUM = Attributes.choice("quorum", "none", QUORUM_VALUES);
    static final SimpleAttributeDefinition TIE_BREAKER_ADDRESS = Attributes.string("tie-breaker-address", IpAddresses::parseLiteral).build();
    static final StringListAttributeDefinition FENCE_COMMAND = Attributes.argumentList("fence-command");
    static final SimpleAttributeDefinition MAINTENANCE = new SimpleAttributeDefinitionBuilder("maintenance", ModelType.BOOLEAN)
            .setRequired(false)
            .setAllowExpression(true)
            .setDefaultValue(ModelNode.FALSE)
            .build();

    static final List<AttributeDefinition> ATTRIBUTES = List.of(NODE_NAME, PRIORITY, STACK, CLUSTER_NAME, QUORUM, TIE_BREAKER_ADDRESS, FENCE_COMMAND, MAINTENANCE);

    static final AttributeDefinition MEMBERS = new StringListAttributeDefinition.Builder("members").setRequired(false).setStorageRuntime().build();
    static final AttributeDefinition COORDINATOR = Attributes.runtime("coordinator", ModelType.STRING).build();
    static final AttributeDefinition QUORATE = Attributes.runtime("quorate", ModelType.BOOLEAN).build();
    static final AttributeDefinition VIEW_ID = Attributes.runtime("view-id", ModelType.STRING).build();
    static final List<AttributeDefinition> RUNTIME_ATTRIBUTES = List.of(MEMBERS, COORDINATOR, QUORATE, VIEW_ID);

    @Override
    public ManagementResourceRegistration register(SubsystemRegistration parent, ManagementResourceRegistrationContext context) {
        ManagementResourceRegistration registration = parent.registerSubsystemModel(ResourceDefinition.builder(REGISTRATION, RESOLVER).build());
        ResourceDescriptor.Builder builder = ResourceDescriptor.builder(RESOLVER)
                .addCapability(CAPABILITY);
        ResourceDescriptor descriptor = ConsistencyCheck.addAttributes(builder, ATTRIBUTES, new OperationStepHandlerDescriptor() { }, HaVipSubsystemRegistrar::checkConsistency)
                .build();
        ManagementResourceRegistrar.of(descriptor).register(registration);
        RuntimeView.register(registration, RUNTIME_ATTRIBUTES);

        new HealthCheckResourceRegistrar().register(registration, context);
        new VirtualIpResourceRegistrar().register(registration, context);
        return registration;
    }

    /** Rules that involve more than one attribute; single values are checked by their validators. */
    static void checkConsistency(ModelNode model) throws OperationFailedException {
        if (ConsistencyCheck.is(model, QUORUM, "tie-breaker") && !model.hasDefined(TIE_BREAKER_ADDRESS.getName())) {
            throw HaVipLogger.ROOT_LOGGER.requiredWhen(TIE_BREAKER_ADDRESS.getName(), QUORUM.getName(), "tie-breaker");
        }
        ConsistencyCheck.checkCommand(model, FENCE_COMMAND, CommandTemplate.FENCE_PLACEHOLDERS);
    }

    private static void checkNodeName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("a node name is 1-64 characters: letters, digits, '.', '_', '-', starting with a letter or digit");
        }
    }

    private static void checkClusterName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("a cluster name is 1-64 characters: letters, digits, '.', '_', '-', starting with a letter or digit");
        }
    }
}
