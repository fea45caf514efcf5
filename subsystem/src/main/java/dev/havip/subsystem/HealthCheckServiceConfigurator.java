package dev.havip.subsystem;

import java.time.Duration;
import java.util.List;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.dmr.ModelNode;
import org.wildfly.subsystem.service.ResourceServiceConfigurator;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.capability.CapabilityServiceInstaller;

import dev.havip.health.HealthChecks;
import dev.havip.health.ManagedCheck;
import dev.havip.health.PushedCheck;
import dev.havip.jmx.HealthCheckBean;
import dev.havip.jmx.MBeans;
import dev.havip.logging.HaVipLogger;
import dev.havip.subsystem.deployment.DeploymentStates;

/** One service per {@code health-check}: the check probes while the service runs and the engine hears of every change. */
final class HealthCheckServiceConfigurator implements ResourceServiceConfigurator {

    private final HealthRegistry registry;
    private final DeploymentStates deployments;

    HealthCheckServiceConfigurator(HealthRegistry registry, DeploymentStates deployments) {
        this.registry = registry;
        this.deployments = deployments;
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        String name = context.getCurrentAddressValue();
        List<String> target = HealthCheckResourceRegistrar.TARGET.unwrap(context, model);
        ManagedCheck check;
        try {
            check = HealthChecks.create(name,
                    HealthCheckResourceRegistrar.TYPE.resolveModelAttribute(context, model).asString(),
                    target,
                    Duration.ofMillis(HealthCheckResourceRegistrar.INTERVAL.resolveModelAttribute(context, model).asLong()),
                    Duration.ofMillis(HealthCheckResourceRegistrar.TIMEOUT.resolveModelAttribute(context, model).asLong()),
                    HealthCheckResourceRegistrar.FALL.resolveModelAttribute(context, model).asInt(),
                    HealthCheckResourceRegistrar.RISE.resolveModelAttribute(context, model).asInt(),
                    HealthCheckResourceRegistrar.EXPECTED_STATUS.resolveModelAttribute(context, model).asInt(),
                    this.registry.scheduler(), this.registry.probes());
        } catch (IllegalArgumentException e) {
            throw HaVipLogger.ROOT_LOGGER.invalidAttribute("health-check=" + name, e.getMessage(), e);
        }
        // a deployment check is driven by the deployment's own services, not by probes
        PushedCheck pushed = check instanceof PushedCheck p ? p : null;
        JmxDependencies jmx = JmxDependencies.resolve(context, HealthCheckResourceRegistrar.CAPABILITY);
        java.util.concurrent.atomic.AtomicReference<AutoCloseable> bean = new java.util.concurrent.atomic.AtomicReference<>();
        return CapabilityServiceInstaller.builder(HealthCheckResourceRegistrar.CAPABILITY, check)
                .requires(jmx.all())
                .onStart(started -> {
                    this.registry.register(name, started);
                    if (jmx.present()) {
                        bean.set(MBeans.register(jmx.server.get(), name, new HealthCheckBean(started)));
                    }
                    if (pushed != null) {
                        this.deployments.bind(target.get(0), pushed);
                    }
                })
                .onStop(stopped -> {
                    AutoCloseable registered = bean.getAndSet(null);
                    if (registered != null) {
                        try {
                            registered.close();
                        } catch (Exception e) {
                            HaVipLogger.ROOT_LOGGER.mbeanNotUnregistered(MBeans.healthCheck(name).toString(), e.toString());
                        }
                    }
                    if (pushed != null) {
                        this.deployments.unbind(target.get(0), pushed);
                    }
                    this.registry.unregister(name);
                })
                .asActive()
                .build();
    }
}
