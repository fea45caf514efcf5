package dev.havip.subsystem;

import java.util.function.Function;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.executor.Metric;

import dev.havip.health.HealthCheck;

/** Runtime attributes of {@code /subsystem=ha-vip/health-check=NAME}, read from the running check. */
enum HealthMetric implements Metric<HealthCheck> {
    STATUS(Attributes.runtime("status", ModelType.STRING).setAllowedValues("UP", "DOWN", "UNKNOWN").build(),
            check -> new ModelNode(check.status().name())),
    LAST_RESULT(Attributes.runtime("last-result", ModelType.STRING).build(),
            check -> check.lastResult().map(result -> new ModelNode(result.detail())).orElse(null)),
    CONSECUTIVE_FAILURES(Attributes.runtime("consecutive-failures", ModelType.INT).build(), check -> new ModelNode(check.consecutiveFailures()));

    private final AttributeDefinition definition;
    private final Function<HealthCheck, ModelNode> reader;

    HealthMetric(AttributeDefinition definition, Function<HealthCheck, ModelNode> reader) {
        this.definition = definition;
        this.reader = reader;
    }

    @Override
    public AttributeDefinition get() {
        return this.definition;
    }

    @Override
    public ModelNode execute(HealthCheck check) {
        return this.reader.apply(check);
    }
}
