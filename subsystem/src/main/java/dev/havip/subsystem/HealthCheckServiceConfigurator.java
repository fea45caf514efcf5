package dev.havip.subsystem;

import java.time.Duration;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.dmr.ModelNode;
import org.wildfly.subsystem.service.ResourceServiceConfigurator;
import org.wildfly.subsystem.service.ResourceServiceInstaller;
import org.wildfly.subsystem.service.capability.CapabilityServiceInstaller;

import dev.havip.health.HealthChecks;
import dev.havip.health.ManagedCheck;
import dev.havip.logging.HaVipLogger;

/** One service per {@code health-check}: the check probes while the service runs and the engine hears of every change. */
final class HealthCheckServiceConfigurator implements ResourceServiceConfigurator {

    private final HealthRegistry registry;

    HealthCheckServiceConfigurator(HealthRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ResourceServiceInstaller configure(OperationContext context, ModelNode model) throws OperationFailedException {
        String name = context.getCurrentAddressValue();
        ManagedCheck check;
        try {
            check = HealthChecks.create(name,
                    HealthCheckResourceRegistrar.TYPE.resolveModelAttribute(context, model).asString(),
                    HealthCheckResourceRegistrar.TARGET.unwrap(context, model),
                    Duration.ofMillis(HealthCheckResourceRegistrar.INTERVAL.resolveModelAttribute(context, model).asLong()),
                    Duration.ofMillis(HealthCheckResourceRegistrar.TIMEOUT.resolveModelAttribute(context, model).asLong()),
                    HealthCheckResourceRegistrar.FALL.resolveModelAttribute(context, model).asInt(),
                    HealthCheckResourceRegistrar.RISE.resolveModelAttribute(context, model).asInt(),
                    HealthCheckResourceRegistrar.EXPECTED_STATUS.resolveModelAttribute(context, model).asInt(),
                    this.registry.scheduler(), this.registry.probes());
        } catch (IllegalArgumentException e) {
            throw HaVipLogger.ROOT_LOGGER.invalidAttribute("health-check=" + name, e.getMessage(), e);
        }
        return CapabilityServiceInstaller.builder(HealthCheckResourceRegistrar.CAPABILITY, check)
                .onStart(started -> this.registry.register(name, started))
                .onStop(stopped -> this.registry.unregister(name))
                .asActive()
                .build();
    }
}
