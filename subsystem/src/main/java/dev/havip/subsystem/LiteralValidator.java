package dev.havip.subsystem;

import java.util.function.Consumer;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.controller.operations.validation.ModelTypeValidator;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.havip.logging.HaVipLogger;

/**
 * Adapts a strict parser of ours (CIDR, interface name, IP literal, ...) to the management
 * layer, so the CLI names the attribute and the allowed form. Expressions are checked once
 * resolved: the management layer calls the validator again with the resolved value.
 */
final class LiteralValidator extends ModelTypeValidator {

    private final Consumer<String> check;

    LiteralValidator(Consumer<String> check) {
        super(ModelType.STRING, true, true);
        this.check = check;
    }

    @Override
    public void validateParameter(String parameterName, ModelNode value) throws OperationFailedException {
        super.validateParameter(parameterName, value);
        if (value.isDefined() && value.getType() != ModelType.EXPRESSION) {
            try {
                this.check.accept(value.asString());
            } catch (IllegalArgumentException e) {
                throw HaVipLogger.ROOT_LOGGER.invalidAttribute(value.asString(), parameterName, e.getMessage());
            }
        }
    }
}
