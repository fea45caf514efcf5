package dev.havip.subsystem;

import java.util.List;

import org.jboss.as.controller.registry.AttributeAccess;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.havip.engine.VipStatus;

/** Runtime attributes of {@code /subsystem=ha-vip/virtual-ip=NAME}, from the engine's snapshot of the VIP. */
final class VipRuntimeAttributes {

    static final List<RuntimeAttribute<VipStatus>> ATTRIBUTES = List.of(
            new RuntimeAttribute<>(Attributes.runtime("state", ModelType.STRING).setAllowedValues("INIT", "BACKUP", "MASTER", "FAULT", "MAINTENANCE").build(),
                    status -> new ModelNode(status.state().name())),
            new RuntimeAttribute<>(Attributes.runtime("owner", ModelType.STRING).build(), status -> status.owner().map(ModelNode::new).orElse(null)),
            new RuntimeAttribute<>(Attributes.runtime("held", ModelType.BOOLEAN).build(), status -> new ModelNode(status.held())),
            new RuntimeAttribute<>(Attributes.runtime("healthy", ModelType.BOOLEAN).build(), status -> new ModelNode(status.healthy())),
            new RuntimeAttribute<>(Attributes.runtime("failover-count", ModelType.LONG).addFlag(AttributeAccess.Flag.COUNTER_METRIC).build(),
                    status -> new ModelNode(status.failoverCount())),
            new RuntimeAttribute<>(Attributes.runtime("last-transition", ModelType.STRING).build(),
                    status -> status.lastTransition().map(time -> new ModelNode(time.toString())).orElse(null)),
            new RuntimeAttribute<>(Attributes.runtime("last-error", ModelType.STRING).build(), status -> status.lastError().map(ModelNode::new).orElse(null)),
            new RuntimeAttribute<>(Attributes.runtime("pinned-to", ModelType.STRING).build(), status -> status.pinnedTo().map(ModelNode::new).orElse(null)),
            // numbers for /metrics, which leaves strings and booleans out
            new RuntimeAttribute<>(Attributes.runtime("state-code", ModelType.INT).build(), status -> new ModelNode(status.state().ordinal())),
            new RuntimeAttribute<>(Attributes.runtime("holding", ModelType.INT).build(), status -> new ModelNode(status.held() ? 1 : 0)));

    private VipRuntimeAttributes() {
    }
}
