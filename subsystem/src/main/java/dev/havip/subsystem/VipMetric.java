package dev.havip.subsystem;

import java.util.function.Function;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.registry.AttributeAccess;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.executor.Metric;

import dev.havip.engine.VipStatus;

/** Runtime attributes of {@code /subsystem=ha-vip/virtual-ip=NAME}, from the engine's snapshot of the VIP. */
enum VipMetric implements Metric<VipStatus> {
    STATE(Attributes.runtime("state", ModelType.STRING).setAllowedValues("INIT", "BACKUP", "MASTER", "FAULT", "MAINTENANCE").build(),
            status -> new ModelNode(status.state().name())),
    OWNER(Attributes.runtime("owner", ModelType.STRING).build(), status -> status.owner().map(ModelNode::new).orElse(null)),
    HELD(Attributes.runtime("held", ModelType.BOOLEAN).build(), status -> new ModelNode(status.held())),
    HEALTHY(Attributes.runtime("healthy", ModelType.BOOLEAN).build(), status -> new ModelNode(status.healthy())),
    FAILOVER_COUNT(Attributes.runtime("failover-count", ModelType.LONG).addFlag(AttributeAccess.Flag.COUNTER_METRIC).build(),
            status -> new ModelNode(status.failoverCount())),
    LAST_TRANSITION(Attributes.runtime("last-transition", ModelType.STRING).build(),
            status -> status.lastTransition().map(time -> new ModelNode(time.toString())).orElse(null)),
    LAST_ERROR(Attributes.runtime("last-error", ModelType.STRING).build(), status -> status.lastError().map(ModelNode::new).orElse(null)),
    PINNED_TO(Attributes.runtime("pinned-to", ModelType.STRING).build(), status -> status.pinnedTo().map(ModelNode::new).orElse(null));

    private final AttributeDefinition definition;
    private final Function<VipStatus, ModelNode> reader;

    VipMetric(AttributeDefinition definition, Function<VipStatus, ModelNode> reader) {
        this.definition = definition;
        this.reader = reader;
    }

    @Override
    public AttributeDefinition get() {
        return this.definition;
    }

    @Override
    public ModelNode execute(VipStatus status) {
        return this.reader.apply(status);
    }
}
