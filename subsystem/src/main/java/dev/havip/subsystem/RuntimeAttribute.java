package dev.havip.subsystem;

import java.util.function.Function;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.dmr.ModelNode;
import org.wildfly.subsystem.resource.executor.Metric;

/**
 * A runtime (read-only) attribute read from a live object: the engine, a VIP's status, a health
 * check. A null from the reader leaves the attribute undefined.
 */
record RuntimeAttribute<C>(AttributeDefinition definition, Function<C, ModelNode> reader) implements Metric<C> {

    @Override
    public AttributeDefinition get() {
        return this.definition;
    }

    @Override
    public ModelNode execute(C context) {
        return this.reader.apply(context);
    }
}
