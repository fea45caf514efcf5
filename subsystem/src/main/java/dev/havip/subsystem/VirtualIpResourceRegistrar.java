package dev.havip.subsystem;

import java.util.List;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.PathElement;
import org.jboss.as.controller.ResourceDefinition;
import org.jboss.as.controller.ResourceRegistration;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
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
import org.wildfly.subsystem.resource.executor.RuntimeOperationStepHandler;
import org.wildfly.subsystem.resource.operation.ResourceOperationRuntimeHandler;
import org.wildfly.subsystem.resource.capability.CapabilityReference;
import org.wildfly.subsystem.resource.capability.CapabilityReferenceListAttributeDefinition;

import dev.havip.engine.VipStatus;
import dev.havip.health.HealthCheck;
import dev.havip.logging.HaVipLogger;
import dev.havip.movers.CommandTemplate;
import dev.havip.movers.VipSpec;
import dev.havip.net.Cidr;
import dev.havip.net.InterfaceName;
import dev.havip.subsystem.deployment.StandbyDeployments;

/**
 * {@code /subsystem=ha-vip/virtual-ip=NAME}: one address that exactly one healthy node holds,
 * how it moves ({@code method}), how it is announced, and when it fails back.
 */
final class VirtualIpResourceRegistrar implements ChildResourceDefinitionRegistrar {

    static final PathElement PATH = PathElement.pathElement("virtual-ip");
    static final ResourceRegistration REGISTRATION = ResourceRegistration.of(PATH);
    static final RuntimeCapability<Void> CAPABILITY = RuntimeCapability.Builder.of("dev.havip.virtual-ip", true).build();

    static final String[] METHODS = { "ip", "ipvs", "command", "none" };

    static final SimpleAttributeDefinition IP_ADDRESS = Attributes.string("ip-address", Cidr::parse).setRequired(true).setXmlName("address").build();
    // WildFly operations keep their target in a field named "address", so no operation parameter may
    // carry that name: the model stores "ip-address", and "address" (the name users and the XML know)
    // reads and writes it as an alias.
    static final SimpleAttributeDefinition ADDRESS = new SimpleAttributeDefinitionBuilder("address", IP_ADDRESS)
            .setRequired(false).setResourceOnly().addFlag(AttributeAccess.Flag.ALIAS).build();
    static final SimpleAttributeDefinition INTERFACE = Attributes.string("interface", InterfaceName::validate).setRequired(true).build();
    static final SimpleAttributeDefinition PRIORITY = Attributes.integer("priority", null, 1, 254).build();
    static final SimpleAttributeDefinition FAILBACK = Attributes.choice("failback", "auto", "auto", "manual");
    static final SimpleAttributeDefinition FAILBACK_DELAY = Attributes.milliseconds("failback-delay", 0, 0, 86_400_000);
    static final StringListAttributeDefinition HEALTH_CHECKS = new CapabilityReferenceListAttributeDefinition.Builder<>("health-checks",
                CapabilityReference.builder(CAPABILITY, HealthCheck.SERVICE_DESCRIPTOR).build())
            .setRequired(false)
            .build();
    static final SimpleAttributeDefinition METHOD = Attributes.choice("method", "ip", METHODS);
    static final StringListAttributeDefinition TAKEOVER_COMMAND = Attributes.argumentList("takeover-command");
    static final StringListAttributeDefinition RELEASE_COMMAND = Attributes.argumentList("release-command");
    static final StringListAttributeDefinition NOTIFY_COMMAND = Attributes.argumentList("notify-command");
    static final SimpleAttributeDefinition GARP_COUNT = Attributes.integer("garp-count", 5, 1, 100).build();
    static final SimpleAttributeDefinition GARP_INTERVAL = Attributes.milliseconds("garp-interval", 200, 0, 10_000);
    static final SimpleAttributeDefinition GARP_REFRESH_INTERVAL = Attributes.milliseconds("garp-refresh-interval", 3_000, 0, 3_600_000);

    static final List<AttributeDefinition> ATTRIBUTES = List.of(IP_ADDRESS, INTERFACE, PRIORITY, FAILBACK, FAILBACK_DELAY, HEALTH_CHECKS, METHOD,
            TAKEOVER_COMMAND, RELEASE_COMMAND, NOTIFY_COMMAND, GARP_COUNT, GARP_INTERVAL, GARP_REFRESH_INTERVAL);

    private final EngineAccess engine;
    private final CommandSettings commands;

    private final StandbyDeployments standby;

    VirtualIpResourceRegistrar(EngineAccess engine, CommandSettings commands, StandbyDeployments standby) {
        this.engine = engine;
        this.commands = commands;
        this.standby = standby;
    }

    @Override
    public ManagementResourceRegistration register(ManagementResourceRegistration parent, ManagementResourceRegistrationContext context) {
        ParentResourceDescriptionResolver resolver = HaVipSubsystemRegistrar.RESOLVER.createChildResolver(PATH);
        ManagementResourceRegistration registration = parent.registerSubModel(ResourceDefinition.builder(REGISTRATION, resolver).build());
        ServingCheck serving = new ServingCheck();
        ResourceOperationRuntimeHandler runtime = ResourceOperationRuntimeHandler.configureService(new VirtualIpServiceConfigurator(this.engine, this.commands, serving, this.standby));
        ResourceDescriptor.Builder builder = ResourceDescriptor.builder(resolver)
                .addCapability(CAPABILITY)
                .withRuntimeHandler(runtime)
                // removing one VIP (or check) stops just its service: no reload needed
                .withRemoveOperationRestartFlag(OperationEntry.Flag.RESTART_NONE);
        ResourceDescriptor descriptor = ConsistencyCheck.onAdd(builder.addAttributes(ATTRIBUTES), (ConsistencyCheck.SiblingRule) VirtualIpResourceRegistrar::checkConsistency)
                .renameAttribute(ADDRESS, IP_ADDRESS)
                .build();
        ManagementResourceRegistrar.of(descriptor).register(registration);
        ConsistencyCheck.onWrite(registration, (ConsistencyCheck.SiblingRule) VirtualIpResourceRegistrar::checkConsistency);
        new MetricOperationStepHandler<VipStatus>((operationContext, metric) -> {
            String vip = operationContext.getCurrentAddressValue();
            return this.engine.query(e -> e.vip(vip).isPresent() ? metric.execute(e.vip(vip).get()) : null);
        }, VipRuntimeAttributes.ATTRIBUTES).register(registration);
        registration.registerReadOnlyAttribute(ServingCheck.SERVED, (operationContext, operation) -> operationContext.addStep((c, o) -> {
            ModelNode served = serving.served(c.getCurrentAddressValue());
            if (served != null) {
                c.getResult().set(served);
            }
        }, org.jboss.as.controller.OperationContext.Stage.RUNTIME));
        new RuntimeOperationStepHandler<VipOperation.Target>((operationContext, operation, executable) -> {
            OperationAuthorization.require(operationContext, operation);
            return this.engine.require(
                    e -> executable.execute(operationContext, operation, new VipOperation.Target(e, operationContext.getCurrentAddressValue())));
        }, VipOperation.class)
                .register(registration);
        return registration;
    }

    /** The rules of one VIP, and one across VIPs: two VIPs with the same address would both claim it (literal values only). */
    private static void checkConsistency(String name, ModelNode model, java.util.Map<String, ModelNode> siblings) throws OperationFailedException {
        checkConsistency(name, model);
        // read-only models: get() of an absent attribute would throw, so hasDefined() first (a sibling still being added has none yet)
        ModelNode mine = model.hasDefined(IP_ADDRESS.getName()) ? model.get(IP_ADDRESS.getName()) : new ModelNode();
        if (mine.isDefined() && mine.getType() != org.jboss.dmr.ModelType.EXPRESSION) {
            java.net.InetAddress address = Cidr.parse(mine.asString()).address();
            for (java.util.Map.Entry<String, ModelNode> sibling : siblings.entrySet()) {
                ModelNode theirs = sibling.getValue().hasDefined(IP_ADDRESS.getName()) ? sibling.getValue().get(IP_ADDRESS.getName()) : new ModelNode();
                if (theirs.isDefined() && theirs.getType() != org.jboss.dmr.ModelType.EXPRESSION && Cidr.parse(theirs.asString()).address().equals(address)) {
                    throw HaVipLogger.ROOT_LOGGER.invalidAttribute(mine.asString(), IP_ADDRESS.getName(),
                            "it is already the address of virtual-ip=" + sibling.getKey() + "; two VIPs cannot share one address");
                }
            }
        }
    }

    private static void checkConsistency(String name, ModelNode model) throws OperationFailedException {
        try {
            VipSpec.checkName(name); // the name becomes the {vip} argument of commands
        } catch (IllegalArgumentException e) {
            throw HaVipLogger.ROOT_LOGGER.invalidAttribute(name, "name", e.getMessage());
        }
        if (ConsistencyCheck.is(model, METHOD, "command")) {
            for (AttributeDefinition command : List.of(TAKEOVER_COMMAND, RELEASE_COMMAND)) {
                if (!model.hasDefined(command.getName())) {
                    throw HaVipLogger.ROOT_LOGGER.requiredWhen(command.getName(), METHOD.getName(), "command");
                }
            }
        }
        ConsistencyCheck.checkCommand(model, TAKEOVER_COMMAND, CommandTemplate.VIP_PLACEHOLDERS);
        ConsistencyCheck.checkCommand(model, RELEASE_COMMAND, CommandTemplate.VIP_PLACEHOLDERS);
        ConsistencyCheck.checkCommand(model, NOTIFY_COMMAND, CommandTemplate.NOTIFY_PLACEHOLDERS);
    }
}
