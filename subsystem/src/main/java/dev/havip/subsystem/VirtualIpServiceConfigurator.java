package dev.havip.subsystem;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.network.SocketBinding;
import org.jboss.dmr.ModelNode;
import org.wildfly.subsystem.service.ResourceServiceConfigurator;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.ServiceDependency;
import org.wildfly.subsystem.service.ServiceInstaller;

import dev.havip.election.Failback;
import dev.havip.engine.HaVipEngine;
import dev.havip.engine.Transition;
import dev.havip.engine.VipHandle;
import dev.havip.engine.VipConfig;
import dev.havip.jmx.MBeans;
import dev.havip.jmx.VirtualIpBean;
import dev.havip.logging.HaVipLogger;
import dev.havip.movers.CommandTemplate;
import dev.havip.movers.Notifier;
import dev.havip.movers.VipSpec;
import dev.havip.net.Cidr;
import dev.havip.net.InterfaceName;
import dev.havip.subsystem.deployment.StandbyDeployments;

/**
 * One service per {@code virtual-ip}: while it runs, the engine manages the VIP. Adding, changing or
 * removing one VIP touches only that VIP; the others and the cluster membership carry on.
 */
final class VirtualIpServiceConfigurator implements ResourceServiceConfigurator {

    private final EngineAccess access;
    private final CommandSettings commands;
    private final ServingCheck serving;
    private final StandbyDeployments standby;

    VirtualIpServiceConfigurator(EngineAccess access, CommandSettings commands, ServingCheck serving, StandbyDeployments standby) {
        this.access = access;
        this.commands = commands;
        this.serving = serving;
        this.standby = standby;
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        VipConfig vip = vipConfig(context.getCurrentAddressValue(), context, model);
        ServiceDependency<HaVipEngine> engine = this.access.dependency();
        // keepalived-style notify: every state change of this VIP runs the command in the background
        Consumer<Transition> notify = vip.spec().notifyCommand().isEmpty() ? null : new Consumer<>() {
            private volatile Notifier notifier;

            @Override
            public void accept(Transition transition) {
                if (transition.vip().equals(vip.name())) {
                    if (this.notifier == null) {
                        this.notifier = new Notifier(vip.spec(), transition.node(), VirtualIpServiceConfigurator.this.commands.get());
                    }
                    this.notifier.stateChanged(transition.from().name(), transition.to().name());
                }
            }
        };
        java.util.concurrent.atomic.AtomicReference<VipHandle> handle = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<AutoCloseable> bean = new java.util.concurrent.atomic.AtomicReference<>();
        JmxDependencies jmx = JmxDependencies.resolve(context, VirtualIpResourceRegistrar.CAPABILITY);
        List<ServiceDependency<SocketBinding>> bindings = ServingCheck.present(context).stream()
                .map(binding -> ServiceDependency.on(SocketBinding.SERVICE_DESCRIPTOR, binding)).toList();
        return ServiceInstaller.builder(() -> {
            this.serving.check(vip.name(), vip.spec().address().address(), bindings.stream().map(ServiceDependency::get).toList());
            try {
                if (notify != null) {
                    engine.get().addTransitionListener(notify);
                }
                handle.set(engine.get().addVip(vip));
                if (jmx.present()) {
                    bean.set(MBeans.register(jmx.server.get(), new VirtualIpBean(engine.get(), vip.name(), vip.spec().address().toString(),
                            vip.spec().interfaceName(), new ManagementCalls(jmx.clients.get()))));
                }
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, () -> {
            try {
                AutoCloseable registered = bean.getAndSet(null);
                if (registered != null) {
                    registered.close();
                }
                VipHandle started = handle.getAndSet(null);
                if (started != null) {
                    engine.get().removeVip(started);
                }
            } catch (Exception e) {
                HaVipLogger.ROOT_LOGGER.moverFailed("removal", vip.name(), e.getMessage());
            } finally {
                // the VIP is no longer managed here (removed, or restarted for a change): its standby apps stop with it
                this.standby.stateChanged(vip.name(), false);
                this.serving.forget(vip.name());
                if (notify != null) {
                    engine.get().removeTransitionListener(notify);
                }
            }
        }).requires(engine).requires(bindings).requires(jmx.all()).blocking().asActive().build();
    }

    static VipConfig vipConfig(String name, OperationContext context, ModelNode model) throws OperationFailedException {
        ModelNode priority = VirtualIpResourceRegistrar.PRIORITY.resolveModelAttribute(context, model);
        try {
            VipSpec spec = new VipSpec(name,
                    Cidr.parse(VirtualIpResourceRegistrar.IP_ADDRESS.resolveModelAttribute(context, model).asString()),
                    InterfaceName.validate(VirtualIpResourceRegistrar.INTERFACE.resolveModelAttribute(context, model).asString()),
                    VipSpec.Method.valueOf(VirtualIpResourceRegistrar.METHOD.resolveModelAttribute(context, model).asString().toUpperCase()),
                    VirtualIpResourceRegistrar.GARP_COUNT.resolveModelAttribute(context, model).asInt(),
                    millis(VirtualIpResourceRegistrar.GARP_INTERVAL.resolveModelAttribute(context, model)),
                    millis(VirtualIpResourceRegistrar.GARP_REFRESH_INTERVAL.resolveModelAttribute(context, model)),
                    command(VirtualIpResourceRegistrar.TAKEOVER_COMMAND.unwrap(context, model), CommandTemplate.VIP_PLACEHOLDERS),
                    command(VirtualIpResourceRegistrar.RELEASE_COMMAND.unwrap(context, model), CommandTemplate.VIP_PLACEHOLDERS),
                    command(VirtualIpResourceRegistrar.NOTIFY_COMMAND.unwrap(context, model), CommandTemplate.NOTIFY_PLACEHOLDERS));
            return new VipConfig(spec, priority.isDefined() ? OptionalInt.of(priority.asInt()) : OptionalInt.empty(),
                    Failback.valueOf(VirtualIpResourceRegistrar.FAILBACK.resolveModelAttribute(context, model).asString().toUpperCase()),
                    millis(VirtualIpResourceRegistrar.FAILBACK_DELAY.resolveModelAttribute(context, model)),
                    VirtualIpResourceRegistrar.HEALTH_CHECKS.unwrap(context, model));
        } catch (IllegalArgumentException e) {
            throw HaVipLogger.ROOT_LOGGER.invalidAttribute("virtual-ip=" + name, e.getMessage(), e);
        }
    }

    private static Duration millis(ModelNode value) {
        return Duration.ofMillis(value.asLong());
    }

    private static Optional<CommandTemplate> command(List<String> arguments, java.util.Set<String> placeholders) {
        return arguments.isEmpty() ? Optional.empty() : Optional.of(CommandTemplate.parse(arguments, placeholders));
    }
}
