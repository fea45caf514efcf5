package dev.havip.subsystem;

import java.util.List;

import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.havip.engine.HaVipEngine;

/** Runtime attributes of {@code /subsystem=ha-vip}, read from the running engine. */
final class ClusterRuntimeAttributes {

    static final List<RuntimeAttribute<HaVipEngine>> ATTRIBUTES = List.of(
            new RuntimeAttribute<>(new StringListAttributeDefinition.Builder("members").setRequired(false).setStorageRuntime().build(),
                    ClusterRuntimeAttributes::members),
            new RuntimeAttribute<>(Attributes.runtime("coordinator", ModelType.STRING).build(),
                    engine -> engine.coordinator().map(ModelNode::new).orElse(null)),
            new RuntimeAttribute<>(Attributes.runtime("quorate", ModelType.BOOLEAN).build(), engine -> new ModelNode(engine.quorate())),
            new RuntimeAttribute<>(Attributes.runtime("view-id", ModelType.STRING).build(), engine -> engine.viewId().map(ModelNode::new).orElse(null)));

    private ClusterRuntimeAttributes() {
    }

    private static ModelNode members(HaVipEngine engine) {
        ModelNode list = new ModelNode().setEmptyList();
        engine.members().forEach(list::add);
        return list;
    }
}
