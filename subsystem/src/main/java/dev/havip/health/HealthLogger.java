package dev.havip.health;

import static org.jboss.logging.Logger.Level.DEBUG;
import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.Cause;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/** Health-check messages (HAVIP0500-0599), in their own category so that admins can raise its level alone. */
@MessageLogger(projectCode = "HAVIP", length = 4)
public interface HealthLogger extends BasicLogger {

    HealthLogger LOGGER = Logger.getMessageLogger(MethodHandles.lookup(), HealthLogger.class, "dev.havip.health");

    @LogMessage(level = INFO)
    @Message(id = 500, value = "Health check '%s' is now %s (was %s): %s")
    void statusChanged(String name, HealthCheck.Status to, HealthCheck.Status from, String detail);

    /** Every failed probe; DEBUG because a down target fails every interval and the transition is already INFO. */
    @LogMessage(level = DEBUG)
    @Message(id = 501, value = "Health check '%s' probe failed (%d in a row): %s")
    void probeFailed(String name, int consecutiveFailures, String detail);

    @LogMessage(level = WARN)
    @Message(id = 502, value = "Health check '%s': its probe has been running for %d ms, past its %d ms timeout, and ignores interruption; "
            + "until it returns no new probe starts and every interval counts as a failure")
    void probeStuck(String name, long runningMillis, long timeoutMillis);

    @LogMessage(level = WARN)
    @Message(id = 503, value = "Health check '%s': no probe thread was free within the %d ms timeout; "
            + "the probe pool is smaller than the number of checks")
    void probeStarved(String name, long timeoutMillis);

    @LogMessage(level = WARN)
    @Message(id = 504, value = "Health check '%s': the probe pool refused the probe")
    void probeRejected(String name);

    @LogMessage(level = WARN)
    @Message(id = 505, value = "Health check '%s': probe failed unexpectedly")
    void probeError(String name, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 506, value = "Health check '%s': a status listener failed")
    void listenerFailed(String name, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 507, value = "Health check '%s': scheduling failed")
    void tickFailed(String name, @Cause Throwable cause);
}
