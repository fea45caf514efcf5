package dev.havip.subsystem;

import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.ADD;
import static org.jboss.as.controller.descriptions.ModelDescriptionConstants.UNDEFINE_ATTRIBUTE_OPERATION;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.OperationStepHandler;
import org.jboss.as.controller.PathAddress;
import org.jboss.as.controller.operations.global.WriteAttributeHandler;
import org.jboss.as.controller.registry.ManagementResourceRegistration;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;
import org.wildfly.subsystem.resource.ResourceDescriptor;

import dev.havip.logging.HaVipLogger;
import dev.havip.movers.CommandTemplate;

/**
 * Rules that span several attributes of one resource (e.g. {@code quorum=tie-breaker} needs a
 * {@code tie-breaker-address}). They run after every operation that changes the resource, so
 * a bad combination is rejected whichever attribute was written last. Values given as
 * expressions are checked when the runtime resolves them.
 */
final class ConsistencyCheck {

    @FunctionalInterface
    interface Rule {
        /** @param name the resource's name (the last element of its address) */
        void check(String name, ModelNode model) throws OperationFailedException;
    }

    /** A rule that also looks at the resource's siblings (e.g. two VIPs with one address). */
    @FunctionalInterface
    interface SiblingRule {
        /** @param siblings the models of the other children of the same type under the same parent, by name */
        void check(String name, ModelNode model, java.util.Map<String, ModelNode> siblings) throws OperationFailedException;
    }

    private ConsistencyCheck() {
    }

    /** Checks the rule after {@code add} and {@code undefine-attribute}. */
    static ResourceDescriptor.Builder onAdd(ResourceDescriptor.Builder builder, Rule rule) {
        return builder.withOperationTransformation(Set.of(ADD, UNDEFINE_ATTRIBUTE_OPERATION), after(rule));
    }

    /**
     * Checks the rule after every {@code write-attribute} of the resource. WildFly dispatches that
     * operation per attribute, so the resource overrides the global operation with a wrapper
     * (custom per-attribute handlers would turn every add into reload-required).
     */
    static void onWrite(ManagementResourceRegistration registration, Rule rule) {
        registration.registerOperationHandler(WriteAttributeHandler.DEFINITION, after(rule).apply(WriteAttributeHandler.INSTANCE));
    }

    /** Like {@link #onAdd(ResourceDescriptor.Builder, Rule)}, for a rule that also reads the siblings. */
    static ResourceDescriptor.Builder onAdd(ResourceDescriptor.Builder builder, SiblingRule rule) {
        return builder.withOperationTransformation(Set.of(ADD, UNDEFINE_ATTRIBUTE_OPERATION), afterSiblings(rule));
    }

    /** Like {@link #onWrite(ManagementResourceRegistration, Rule)}, for a rule that also reads the siblings. */
    static void onWrite(ManagementResourceRegistration registration, SiblingRule rule) {
        registration.registerOperationHandler(WriteAttributeHandler.DEFINITION, afterSiblings(rule).apply(WriteAttributeHandler.INSTANCE));
    }

    static UnaryOperator<OperationStepHandler> afterSiblings(SiblingRule rule) {
        return handler -> (context, operation) -> {
            handler.execute(context, operation);
            context.addStep((ctx, op) -> {
                PathAddress self = ctx.getCurrentAddress();
                java.util.Map<String, ModelNode> siblings = new java.util.TreeMap<>();
                String type = self.getLastElement().getKey();
                // a non-recursive read lists the children's names only: each sibling's model is read on its own
                for (String name : ctx.readResourceFromRoot(self.getParent(), false).getChildrenNames(type)) {
                    if (!name.equals(self.getLastElement().getValue())) {
                        siblings.put(name, ctx.readResourceFromRoot(self.getParent().append(type, name), false).getModel());
                    }
                }
                rule.check(ctx.getCurrentAddressValue(), ctx.readResource(PathAddress.EMPTY_ADDRESS).getModel(), siblings);
            }, OperationContext.Stage.MODEL);
        };
    }

    static UnaryOperator<OperationStepHandler> after(Rule rule) {
        return handler -> (context, operation) -> {
            handler.execute(context, operation);
            context.addStep((ctx, op) -> rule.check(ctx.getCurrentAddressValue(), ctx.readResource(PathAddress.EMPTY_ADDRESS).getModel()), OperationContext.Stage.MODEL);
        };
    }

    /** Whether the attribute's value (or its default) equals {@code value}; expressions never match. */
    static boolean is(ModelNode model, AttributeDefinition attribute, String value) {
        ModelNode node = model.get(attribute.getName());
        if (!node.isDefined() && attribute.getDefaultValue() != null) {
            node = attribute.getDefaultValue();
        }
        return node.isDefined() && node.getType() != ModelType.EXPRESSION && node.asString().equals(value);
    }

    static void checkCommand(ModelNode model, AttributeDefinition attribute, Set<String> placeholders) throws OperationFailedException {
        List<String> arguments = literalList(model, attribute);
        if (arguments != null) {
            try {
                CommandTemplate.parse(arguments, placeholders);
            } catch (IllegalArgumentException e) {
                throw HaVipLogger.ROOT_LOGGER.invalidAttribute(attribute.getName(), e.getMessage(), e);
            }
        }
    }

    /** @return the list's values, or null when it is undefined or holds an expression */
    static List<String> literalList(ModelNode model, AttributeDefinition attribute) {
        if (!model.hasDefined(attribute.getName())) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (ModelNode element : model.get(attribute.getName()).asList()) {
            if (element.getType() == ModelType.EXPRESSION) {
                return null;
            }
            values.add(element.asString());
        }
        return values;
    }
}
