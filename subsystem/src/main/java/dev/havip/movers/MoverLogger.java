package dev.havip.movers;

import static org.jboss.logging.Logger.Level.DEBUG;
import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.lang.invoke.MethodHandles;

import org.jboss.logging.BasicLogger;
import org.jboss.logging.Logger;
import org.jboss.logging.annotations.LogMessage;
import org.jboss.logging.annotations.Message;
import org.jboss.logging.annotations.MessageLogger;

/**
 * What the movers log (ids HAVIP0300-0399, category {@code dev.havip.movers}). Every native command is logged at
 * DEBUG with its output; a failing one also at WARN, so that the reason is in server.log without turning on DEBUG.
 */
@MessageLogger(projectCode = "HAVIP", length = 4)
interface MoverLogger extends BasicLogger {

    MoverLogger LOG = Logger.getMessageLogger(MethodHandles.lookup(), MoverLogger.class, "dev.havip.movers");

    @LogMessage(level = DEBUG)
    @Message(id = 300, value = "Running %s")
    void running(String commandLine);

    @LogMessage(level = DEBUG)
    @Message(id = 301, value = "%s exited with status %d after %d ms; stdout: %s; stderr: %s")
    void finished(String commandLine, int status, long millis, String stdout, String stderr);

    @LogMessage(level = WARN)
    @Message(id = 302, value = "%s (stdout: %s)")
    void commandFailed(String failure, String stdout);

    @LogMessage(level = INFO)
    @Message(id = 303, value = "Virtual IP '%s': added %s to %s and announced it")
    void addressAdded(String vip, String cidr, String interfaceName);

    @LogMessage(level = INFO)
    @Message(id = 304, value = "Virtual IP '%s': removed %s from %s")
    void addressRemoved(String vip, String cidr, String interfaceName);

    @LogMessage(level = WARN)
    @Message(id = 305, value = "notify-command of virtual IP '%s' (%s -> %s) failed: %s")
    void notifyFailed(String vip, String from, String to, String reason);

    @LogMessage(level = WARN)
    @Message(id = 306, value = "notify-command of virtual IP '%s' (%s -> %s) skipped: %d earlier notifications are still waiting")
    void notifySkipped(String vip, String from, String to, int waiting);

    @LogMessage(level = INFO)
    @Message(id = 307, value = "Virtual IP '%s': IPVS real servers are now %s")
    void realServers(String vip, String servers);

    @LogMessage(level = WARN)
    @Message(id = 308, value = "Virtual IP '%s': could not remove %s again after a failed takeover: %s")
    void cleanupFailed(String vip, String cidr, String reason);

    @LogMessage(level = WARN)
    @Message(id = 309, value = "Virtual IP '%s': announcing %s failed: %s")
    void announceFailed(String vip, String address, String reason);

    @LogMessage(level = WARN)
    @Message(id = 310, value = "Virtual IP '%s': could not start the watch that removes %s if this JVM dies (the address's lifetime still ends it): %s")
    void deathWatchFailed(String vip, String address, String error);

    @LogMessage(level = WARN)
    @Message(id = 311, value = "Virtual IP '%s': renewing the address's lifetime failed (retried every half second; the refresh fails the VIP if it runs out): %s")
    void renewalFailed(String vip, String error);

    @LogMessage(level = WARN)
    @Message(id = 312, value = "Virtual IP '%s': the address's last renewal was %d ms ago (this JVM was stopped or starved); not renewing it again, it may have run out and another member may hold it now")
    void renewalStopped(String vip, long millis);

    @LogMessage(level = WARN)
    @Message(id = 313, value = "Virtual IP '%s': connections that straddle a planned handover cannot be passed on to the old holder (they may be reset; reported once): %s")
    void forwardingFailed(String vip, String reason);
}
