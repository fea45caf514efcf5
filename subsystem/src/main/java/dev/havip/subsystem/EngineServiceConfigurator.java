package dev.havip.subsystem;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.ProcessStateNotifier;
import org.jboss.as.network.OutboundSocketBinding;
import org.jboss.as.server.suspend.SuspendableActivityRegistry;
import org.jboss.dmr.ModelNode;
import org.jgroups.JChannel;
import org.wildfly.clustering.jgroups.spi.ChannelFactory;
import org.wildfly.subsystem.service.ResourceServiceConfigurator;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.ServiceDependency;
import org.wildfly.subsystem.service.capability.CapabilityServiceInstaller;

import dev.havip.cluster.ClusterMember;
import dev.havip.engine.EngineConfig;
import dev.havip.engine.Fencer;
import dev.havip.engine.HaVipEngine;
import dev.havip.cluster.Quorum;
import dev.havip.cluster.WitnessEndpoint;
import dev.havip.jmx.ClusterBean;
import dev.havip.jmx.MBeans;
import dev.havip.logging.HaVipLogger;
import dev.havip.subsystem.deployment.StandbyDeployments;
import dev.havip.movers.CommandTemplate;
import dev.havip.movers.CommandRunner;
import dev.havip.movers.MoverSettings;
import dev.havip.net.IpAddresses;

/**
 * Turns {@code /subsystem=ha-vip} into the running engine: a JGroups channel from the configured
 * stack of the jgroups subsystem, the resolved settings, and the service that publishes the engine
 * to the management layer.
 */
final class EngineServiceConfigurator implements ResourceServiceConfigurator {

    private final EngineAccess access;
    private final HealthRegistry health;
    private final CommandSettings commands;
    private final StandbyDeployments standby;

    EngineServiceConfigurator(EngineAccess access, HealthRegistry health, CommandSettings commands, StandbyDeployments standby) {
        this.access = access;
        this.health = health;
        this.commands = commands;
        this.standby = standby;
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        String nodeName = HaVipSubsystemRegistrar.NODE_NAME.resolveModelAttribute(context, model).asString();
        String clusterName = HaVipSubsystemRegistrar.CLUSTER_NAME.resolveModelAttribute(context, model).asString();
        String stack = HaVipSubsystemRegistrar.STACK.resolveModelAttribute(context, model).asString();
        Quorum quorum = Quorum.of(HaVipSubsystemRegistrar.QUORUM.resolveModelAttribute(context, model).asString());
        ModelNode tieBreaker = HaVipSubsystemRegistrar.TIE_BREAKER_ADDRESS.resolveModelAttribute(context, model);
        List<String> fence = HaVipSubsystemRegistrar.FENCE_COMMAND.unwrap(context, model);
        List<String> prefix = HaVipSubsystemRegistrar.COMMAND_PREFIX.unwrap(context, model);
        Duration timeout = Duration.ofMillis(HaVipSubsystemRegistrar.COMMAND_TIMEOUT.resolveModelAttribute(context, model).asLong());
        // quorum=witness: the witness's binding and TLS context are services, read when the hold rule connects;
        // required(...) again because the consistency check cannot see through an expression in quorum
        boolean witnessed = quorum == Quorum.WITNESS;
        ServiceDependency<OutboundSocketBinding> witnessBinding = witnessed
                ? ServiceDependency.on(OutboundSocketBinding.SERVICE_DESCRIPTOR, required(context, model, HaVipSubsystemRegistrar.WITNESS))
                : ServiceDependency.empty();
        ServiceDependency<SSLContext> witnessTls = witnessed
                ? ServiceDependency.on(HaVipSubsystemRegistrar.SSL_CONTEXT, required(context, model, HaVipSubsystemRegistrar.WITNESS_SSL_CONTEXT))
                : ServiceDependency.empty();
        Optional<WitnessEndpoint> witness = witnessed ? Optional.of(new WitnessEndpoint(() -> destination(witnessBinding.get()), witnessTls::get))
                : Optional.empty();
        EngineConfig config;
        try {
            Optional<InetAddress> tieBreakerAddress = tieBreaker.isDefined() ? Optional.of(IpAddresses.parseLiteral(tieBreaker.asString())) : Optional.empty();
            Optional<CommandTemplate> fenceCommand = fence.isEmpty() ? Optional.empty()
                    : Optional.of(CommandTemplate.parse(fence, CommandTemplate.FENCE_PLACEHOLDERS));
            config = new EngineConfig(nodeName, HaVipSubsystemRegistrar.PRIORITY.resolveModelAttribute(context, model).asInt(), quorum,
                    tieBreakerAddress, fenceCommand, HaVipSubsystemRegistrar.MAINTENANCE.resolveModelAttribute(context, model).asBoolean(), witness);
            MoverSettings settings = MoverSettings.defaults().withCommandTimeout(timeout);
            this.commands.set(prefix.isEmpty() ? settings : settings.withCommandPrefix(prefix));
        } catch (IllegalArgumentException e) {
            throw HaVipLogger.ROOT_LOGGER.invalidAttribute("ha-vip", e.getMessage(), e);
        }
        Fencer fencer = config.fenceCommand().<Fencer>map(template -> (node, vip) ->
                new CommandRunner(this.commands.get()).run(template.expand(Map.of("node", node, "vip", vip)))).orElse(Fencer.NONE);

        ServiceDependency<ChannelFactory> channelFactory = ServiceDependency.on(ChannelFactory.SERVICE_DESCRIPTOR, stack);
        ServiceDependency<ProcessStateNotifier> processState = ServiceDependency.on(ProcessStateNotifier.SERVICE_DESCRIPTOR);
        ServiceDependency<SuspendableActivityRegistry> suspension = ServiceDependency.on(SuspendableActivityRegistry.SERVICE_DESCRIPTOR);
        JmxDependencies jmx = JmxDependencies.resolve(context, HaVipSubsystemRegistrar.CAPABILITY);
        Supplier<EngineService> factory = () -> {
            JChannel channel;
            try {
                channel = channelFactory.get().createChannel(clusterName);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create a JGroups channel from stack " + stack + ": " + e.getMessage(), e);
            }
            ClusterMember member = new ClusterMember(channel, nodeName, clusterName);
            HaVipEngine engine = new HaVipEngine(config, member, this.commands.movers(), this.health::healthy, fencer);
            this.health.onChange(engine::healthChanged, engine::healthTransition);
            // hot-standby deployments run where their VIP is MASTER
            engine.addTransitionListener(t -> this.standby.stateChanged(t.vip(), t.to() == dev.havip.engine.VipState.MASTER));
            engine.setTakeoverPreparation(this.standby); // a planned handover starts them before the address comes
            return new EngineService(engine, processState.get(), suspension.get(), running -> jmx.present()
                    ? MBeans.register(jmx.server.get(), new ClusterBean(running, new ManagementCalls(jmx.clients.get())))
                    : () -> {
                    });
        };
        return CapabilityServiceInstaller.builder(HaVipSubsystemRegistrar.CAPABILITY, EngineService::engine, factory)
                .requires(List.of(channelFactory, processState, suspension, witnessBinding, witnessTls))
                .requires(jmx.all())
                .withCaptor(this.access.captor())
                .onStart(EngineService::start)
                .onStop(EngineService::stop)
                .blocking()
                .asActive()
                .build();
    }

    private static String required(OperationContext context, ModelNode model, AttributeDefinition attribute) throws OperationFailedException {
        ModelNode value = attribute.resolveModelAttribute(context, model);
        if (!value.isDefined()) {
            throw HaVipLogger.ROOT_LOGGER.requiredWhen(attribute.getName(), HaVipSubsystemRegistrar.QUORUM.getName(), "witness");
        }
        return value.asString();
    }

    /** Resolved on every connection (the binding resolves a host name each time): a witness that was not in DNS at boot is found later. */
    private static InetSocketAddress destination(OutboundSocketBinding binding) {
        try {
            return new InetSocketAddress(binding.getResolvedDestinationAddress(), binding.getDestinationPort());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve the host of outbound socket binding '" + binding.getName() + "' (the ha-vip witness): "
                    + e.getMessage(), e);
        }
    }
}
