package dev.havip.logging;

import static org.jboss.logging.Logger.Level.INFO;

import java.lang.invoke.MethodHandles;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * Every message ha-vip logs or reports, with one id prefix (HAVIP) so that admins can grep and
 * look them up.
 */
@MessageLogger(projectCode = "HAVIP", length = 4)
public interface HaVipLogger extends BasicLogger {

    HaVipLogger ROOT_LOGGER = Logger.getMessageLogger(MethodHandles.lookup(), HaVipLogger.class, "dev.havip");

    @LogMessage(level = INFO)
    @Message(id = 1, value = "Activating ha-vip subsystem")
    void activating();

    @Message(id = 100, value = "Invalid value '%s' for attribute '%s': %s")
    OperationFailedException invalidAttribute(String value, String attribute, String reason);

    @Message(id = 101, value = "Invalid value for attribute '%s': %s")
    OperationFailedException invalidAttribute(String attribute, String reason, @Cause Throwable cause);

    @Message(id = 102, value = "Attribute '%s' is required when %s is '%s'")
    OperationFailedException requiredWhen(String attribute, String otherAttribute, String otherValue);

    @Message(id = 103, value = "Attribute '%s' of health-check '%s' (type %s): %s")
    OperationFailedException invalidTarget(String attribute, String name, String type, String reason);
}
