package dev.havip.subsystem;

import java.util.function.Consumer;

import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.controller.SimpleAttributeDefinitionBuilder;
import org.jboss.as.controller.StringListAttributeDefinition;
import org.jboss.as.controller.client.helpers.MeasurementUnit;
import org.jboss.as.controller.operations.validation.IntRangeValidator;
import org.jboss.as.controller.operations.validation.LongRangeValidator;
import org.jboss.as.controller.operations.validation.StringAllowedValuesValidator;
import org.jboss.as.controller.registry.AttributeAccess;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

/**
 * Builders for the attribute shapes the subsystem uses again and again, so every attribute of a
 * kind gets the same validator, unit and restart behaviour.
 */
final class Attributes {

    private Attributes() {
    }

    static SimpleAttributeDefinitionBuilder string(String name, Consumer<String> check) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.STRING)
                .setRequired(false)
                .setAllowExpression(true)
                .setValidator(new LiteralValidator(check))
                .setFlags(AttributeAccess.Flag.RESTART_RESOURCE_SERVICES);
    }

    static SimpleAttributeDefinition choice(String name, String defaultValue, String... values) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.STRING)
                .setRequired(defaultValue == null)
                .setAllowExpression(true)
                .setDefaultValue(defaultValue == null ? null : new ModelNode(defaultValue))
                .setAllowedValues(values)
                .setValidator(new StringAllowedValuesValidator(values))
                .setFlags(AttributeAccess.Flag.RESTART_RESOURCE_SERVICES)
                .build();
    }

    static SimpleAttributeDefinitionBuilder integer(String name, Integer defaultValue, int min, int max) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.INT)
                .setRequired(false)
                .setAllowExpression(true)
                .setDefaultValue(defaultValue == null ? null : new ModelNode(defaultValue))
                .setValidator(new IntRangeValidator(min, max, true, true))
                .setFlags(AttributeAccess.Flag.RESTART_RESOURCE_SERVICES);
    }

    static SimpleAttributeDefinition milliseconds(String name, long defaultValue, long min, long max) {
        return new SimpleAttributeDefinitionBuilder(name, ModelType.LONG)
                .setRequired(false)
                .setAllowExpression(true)
                .setDefaultValue(new ModelNode(defaultValue))
                .setMeasurementUnit(MeasurementUnit.MILLISECONDS)
                .setValidator(new LongRangeValidator(min, max, true, true))
                .setFlags(AttributeAccess.Flag.RESTART_RESOURCE_SERVICES)
                .build();
    }

    /** A command as an argument list; whole-list rules (absolute path, placeholders) are checked by the resource's consistency check. */
    static StringListAttributeDefinition argumentList(String name) {
        return new StringListAttributeDefinition.Builder(name)
                .setRequired(false)
                .setAllowExpression(true)
                .setMinSize(1)
                .setElementValidator(new LiteralValidator(Attributes::rejectControlCharacters))
                .setAttributeParser(ArgumentListXml.PARSER)
                .setAttributeMarshaller(ArgumentListXml.MARSHALLER)
                .setFlags(AttributeAccess.Flag.RESTART_RESOURCE_SERVICES)
                .build();
    }

    static SimpleAttributeDefinitionBuilder runtime(String name, ModelType type) {
        return new SimpleAttributeDefinitionBuilder(name, type)
                .setRequired(false)
                .setStorageRuntime()
                .addFlag(AttributeAccess.Flag.GAUGE_METRIC);
    }

    private static void rejectControlCharacters(String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an argument must not be empty");
        }
        if (value.chars().anyMatch(c -> c == 0 || c == '\n' || c == '\r')) {
            throw new IllegalArgumentException("an argument must not contain NUL, CR or LF");
        }
    }
}
