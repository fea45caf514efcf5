package dev.havip.subsystem;

import java.util.List;

import org.jboss.as.controller.registry.AttributeAccess;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.havip.health.HealthCheck;

/** Runtime attributes of {@code /subsystem=ha-vip/health-check=NAME}, read from the running check. */
final class HealthRuntimeAttributes {

    static final List<RuntimeAttribute<HealthCheck>> ATTRIBUTES = List.of(
            new RuntimeAttribute<>(Attributes.runtime("status", ModelType.STRING).setAllowedValues("UP", "DOWN", "UNKNOWN").build(),
                    check -> new ModelNode(check.status().name())),
            new RuntimeAttribute<>(Attributes.runtime("last-result", ModelType.STRING).build(),
                    check -> check.lastResult().map(result -> new ModelNode(result.detail())).orElse(null)),
            new RuntimeAttribute<>(Attributes.runtime("consecutive-failures", ModelType.INT).build(), check -> new ModelNode(check.consecutiveFailures())),
            new RuntimeAttribute<>(Attributes.runtime("failure-count", ModelType.LONG).addFlag(AttributeAccess.Flag.COUNTER_METRIC).build(),
                    check -> new ModelNode(check.failureCount())));

    private HealthRuntimeAttributes() {
    }
}
