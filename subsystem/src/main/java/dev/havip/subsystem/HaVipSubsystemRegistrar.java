package dev.havip.subsystem;

import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.SUBSYSTEM;

import java.util.List;

import javax.net.ssl.SSLContext;

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
import org.jboss.as.controller.management.Capabilities;
import org.jboss.as.controller.operations.validation.StringLengthValidator;
import org.jboss.as.controller.registry.AttributeAccess;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.as.network.OutboundSocketBinding;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.jboss.dmr.ValueExpression;
import org.wildfly.clustering.jgroups.spi.ChannelFactory;
import org.wildfly.service.descriptor.UnaryServiceDescriptor;
import org.wildfly.subsystem.resource.ManagementResourceRegistrar;
import org.wildfly.subsystem.resource.ManagementResourceRegistrationContext;
import org.wildfly.subsystem.resource.ResourceDescriptor;
import org.wildfly.subsystem.resource.executor.MetricOperationStepHandler;
import org.wildfly.subsystem.resource.executor.RuntimeOperationStepHandler;
import org.wildfly.subsystem.resource.operation.ResourceOperationRuntimeHandler;
import org.wildfly.subsystem.resource.SubsystemResourceDefinitionRegistrar;
import org.wildfly.subsystem.resource.capability.CapabilityReference;

import dev.havip.logging.HaVipLogger;
import dev.havip.subsystem.deployment.DeploymentStates;
import dev.havip.subsystem.deployment.DeploymentWatchProcessor;
import dev.havip.subsystem.deployment.DescriptorParsingProcessor;
import dev.havip.subsystem.deployment.MonitorBindings;
import dev.havip.subsystem.deployment.StandbyDeployments;
import dev.havip.subsystem.deployment.StandbyProcessor;
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

    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of(EngineAccess.SERVICE_DESCRIPTOR).build();

    /** Elytron's SSL contexts (client-ssl-context, server-ssl-context); Core names the capability but has no descriptor for it. */
    static final UnaryServiceDescriptor<SSLContext> SSL_CONTEXT = UnaryServiceDescriptor.of(Capabilities.SSL_CONTEXT_CAPABILITY, SSLContext.class);

    static final String[] QUORUM_VALUES = { "none", "majority", "tie-breaker", "witness" };
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
            .setFlags(AttributeAccess.Flag.RESTART_RESOURCE_SERVICES)
            .build();
    static final SimpleAttributeDefinition CLUSTER_NAME = Attributes.string("cluster-name", HaVipSubsystemRegistrar::checkClusterName)
            .setDefaultValue(new ModelNode("ha-vip"))
            .build();
    static final SimpleAttributeDefinition QUORUM = Attributes.choice("quorum", "none", QUORUM_VALUES);
    static final SimpleAttributeDefinition TIE_BREAKER_ADDRESS = Attributes.string("tie-breaker-address", IpAddresses::parseLiteral).build();
    // references, like stack: no expressions, so the management layer can check that the binding and the context exist
    static final SimpleAttributeDefinition WITNESS = reference("witness", OutboundSocketBinding.SERVICE_DESCRIPTOR);
    static final SimpleAttributeDefinition WITNESS_SSL_CONTEXT = reference("witness-ssl-context", SSL_CONTEXT);
    static final StringListAttributeDefinition FENCE_COMMAND = Attributes.argumentList("fence-command");
    static final StringListAttributeDefinition COMMAND_PREFIX = Attributes.argumentList("command-prefix");
    static final SimpleAttributeDefinition COMMAND_TIMEOUT = Attributes.milliseconds("command-timeout", 5000, 100, 600_000);
    static final SimpleAttributeDefinition MAINTENANCE = new SimpleAttributeDefinitionBuilder("maintenance", ModelType.BOOLEAN)
            .setRequired(false)
            .setAllowExpression(true)
            .setDefaultValue(ModelNode.FALSE)
            .build();

    static final List<AttributeDefinition> ATTRIBUTES = List.of(NODE_NAME, PRIORITY, STACK, CLUSTER_NAME, QUORUM, TIE_BREAKER_ADDRESS, WITNESS, WITNESS_SSL_CONTEXT,
            FENCE_COMMAND, COMMAND_PREFIX, COMMAND_TIMEOUT, MAINTENANCE);

    private final EngineAccess engine = new EngineAccess();
    private final HealthRegistry health = new HealthRegistry();
    private final DeploymentStates deployments = new DeploymentStates();
    private final MonitorBindings monitors = new MonitorBindings(this.deployments);
    private final StandbyDeployments standby = new StandbyDeployments(this.deployments);
    /** How native commands run on this server (prefix, timeout), as the subsystem configures it. */
    private final CommandSettings commands = new CommandSettings();

    @Override
    public ManagementResourceRegistration register(SubsystemRegistration parent, ManagementResourceRegistrationContext context) {
        ManagementResourceRegistration registration = parent.registerSubsystemModel(ResourceDefinition.builder(REGISTRATION, RESOLVER).build());
        this.health.monitoredBy(this.monitors);
        ResourceOperationRuntimeHandler runtime = ResourceOperationRuntimeHandler.configureService(
                new EngineServiceConfigurator(this.engine, this.health, this.commands, this.standby));
        ResourceDescriptor.Builder builder = ResourceDescriptor.builder(RESOLVER)
                .addCapability(CAPABILITY)
                .withRuntimeHandler(runtime)
                .withDeploymentChainContributor(target -> {
                    // ha-vip.xml: parsed, then a standby deployment held back, then every deployment watched (monitors included)
                    target.addDeploymentProcessor(HaVipExtension.SUBSYSTEM_NAME, DescriptorParsingProcessor.PHASE, DescriptorParsingProcessor.PRIORITY,
                            new DescriptorParsingProcessor());
                    target.addDeploymentProcessor(HaVipExtension.SUBSYSTEM_NAME, StandbyProcessor.PHASE, StandbyProcessor.PRIORITY,
                            new StandbyProcessor(this.standby));
                    target.addDeploymentProcessor(HaVipExtension.SUBSYSTEM_NAME, DeploymentWatchProcessor.PHASE, DeploymentWatchProcessor.PRIORITY,
                            new DeploymentWatchProcessor(this.deployments, this.monitors));
                })
                .addAttribute(MAINTENANCE, new MaintenanceWriteHandler(this.engine));
        List<AttributeDefinition> restartingAttributes = ATTRIBUTES.stream().filter(a -> a != MAINTENANCE).toList();
        ResourceDescriptor descriptor = ConsistencyCheck.onAdd(builder.addAttributes(restartingAttributes), HaVipSubsystemRegistrar::checkConsistency)
                .build();
        ManagementResourceRegistrar.of(descriptor).register(registration);
        ConsistencyCheck.onWrite(registration, HaVipSubsystemRegistrar::checkConsistency);
        new MetricOperationStepHandler<>((ctx, metric) -> this.engine.query(metric::execute), ClusterRuntimeAttributes.ATTRIBUTES).register(registration);
        new RuntimeOperationStepHandler<>((ctx, op, executable) -> this.engine.require(e -> executable.execute(ctx, op, e)), ClusterOperation.class)
                .register(registration);

        new HealthCheckResourceRegistrar(this.health, this.deployments).register(registration, context);
        new VirtualIpResourceRegistrar(this.engine, this.commands, this.standby).register(registration, context);
        return registration;
    }

    /** Rules that involve more than one attribute; single values are checked by their validators. */
    static void checkConsistency(String name, ModelNode model) throws OperationFailedException {
        if (ConsistencyCheck.is(model, QUORUM, "tie-breaker") && !model.hasDefined(TIE_BREAKER_ADDRESS.getName())) {
            throw HaVipLogger.ROOT_LOGGER.requiredWhen(TIE_BREAKER_ADDRESS.getName(), QUORUM.getName(), "tie-breaker");
        }
        if (ConsistencyCheck.is(model, QUORUM, "witness")) {
            for (AttributeDefinition witness : List.of(WITNESS, WITNESS_SSL_CONTEXT)) {
                if (!model.hasDefined(witness.getName())) {
                    throw HaVipLogger.ROOT_LOGGER.requiredWhen(witness.getName(), QUORUM.getName(), "witness");
                }
            }
        }
        ConsistencyCheck.checkCommand(model, FENCE_COMMAND, CommandTemplate.FENCE_PLACEHOLDERS);
        ConsistencyCheck.checkCommand(model, COMMAND_PREFIX, java.util.Set.of());
    }

    /** An optional attribute naming a resource elsewhere in the server that provides {@code descriptor}'s capability. */
    private static SimpleAttributeDefinition reference(String name, UnaryServiceDescriptor<?> descriptor) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.STRING)
                .setRequired(false)
                .setValidator(new StringLengthValidator(1))
                .setCapabilityReference(CapabilityReference.builder(CAPABILITY, descriptor).build())
                .setFlags(AttributeAccess.Flag.RESTART_RESOURCE_SERVICES)
                .build();
    }

    private static void checkNodeName(String name) {
        if (!dev.havip.net.NodeName.isValid(name)) {
            throw new IllegalArgumentException("a node name is 1-64 characters: letters, digits, '.', '_', '-', starting with a letter or digit");
        }
    }

    private static void checkClusterName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("a cluster name is 1-64 characters: letters, digits, '.', '_', '-', starting with a letter or digit");
        }
    }
}
