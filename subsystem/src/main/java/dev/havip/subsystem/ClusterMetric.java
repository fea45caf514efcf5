package dev.havip.subsystem;

import java.util.function.Function;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.executor.Metric;

import dev.havip.engine.HaVipEngine;

/** Runtime attributes of {@code /subsystem=ha-vip}, read from the running engine. */
enum ClusterMetric implements Metric<HaVipEngine> {
    MEMBERS(new StringListAttributeDefinition.Builder("members").setRequired(false).setStorageRuntime().build(), engine -> {
        ModelNode list = new ModelNode().setEmptyList();
        engine.members().forEach(list::add);
        return list;
    }),
    COORDINATOR(Attributes.runtime("coordinator", ModelType.STRING).build(),
            engine -> engine.coordinator().map(ModelNode::new).orElse(null)),
    QUORATE(Attributes.runtime("quorate", ModelType.BOOLEAN).build(), engine -> new ModelNode(engine.quorate())),
    VIEW_ID(Attributes.runtime("view-id", ModelType.STRING).build(), engine -> engine.viewId().map(ModelNode::new).orElse(null));

    private final AttributeDefinition definition;
    private final Function<HaVipEngine, ModelNode> reader;

    ClusterMetric(AttributeDefinition definition, Function<HaVipEngine, ModelNode> reader) {
        this.definition = definition;
        this.reader = reader;
    }

    @Override
    public AttributeDefinition get() {
        return this.definition;
    }

    @Override
    public ModelNode execute(HaVipEngine engine) {
        return this.reader.apply(engine);
    }
}
