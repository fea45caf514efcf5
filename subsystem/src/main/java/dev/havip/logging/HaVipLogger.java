package dev.havip.logging;

import static org.jboss.logging.Logger.Level.ERROR;
import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import java.lang.invoke.MethodHandles;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.as.server.deployment.DeploymentUnitProcessingException;
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

    @LogMessage(level = INFO)
    @Message(id = 2, value = "VIP %s: %s -> %s (%s)")
    void transition(String vip, String from, String to, String reason);

    @LogMessage(level = WARN)
    @Message(id = 3, value = "This JVM was paused for %d ms, longer than the cluster's failure timeout: dropping all VIPs and rejoining")
    void paused(long millis);

    @LogMessage(level = WARN)
    @Message(id = 4, value = "Rejoining the cluster after a pause failed: %s")
    void rejoinFailed(String error);

    @LogMessage(level = WARN)
    @Message(id = 5, value = "Removed VIP %s (%s) found on this node at start: this node does not own it")
    void staleAddressRemoved(String vip, String address);

    @LogMessage(level = ERROR)
    @Message(id = 6, value = "%s of VIP %s failed: %s")
    void moverFailed(String what, String vip, String error);

    @LogMessage(level = WARN)
    @Message(id = 7, value = "Could not send an ha-vip message to the cluster (sent again with the next decision): %s")
    void sendFailed(String error);

    @LogMessage(level = WARN)
    @Message(id = 8, value = "Ignored an ha-vip message from %s: %s")
    void badMessage(String sender, String error);

    @LogMessage(level = WARN)
    @Message(id = 9, value = "Handing over VIPs at shutdown did not complete: %s")
    void shutdownRelease(String error);

    @LogMessage(level = INFO)
    @Message(id = 10, value = "Cluster view %s: %s")
    void view(String viewId, java.util.List<String> members);

    @LogMessage(level = INFO)
    @Message(id = 11, value = "This JVM was paused for %d ms while it was alone in its cluster view: nothing to hand over")
    void pausedAlone(long millis);

    @LogMessage(level = ERROR)
    @Message(id = 12, value = "ha-vip task '%s' failed; it goes on")
    void taskFailed(String task, @Cause Throwable cause);

    @LogMessage(level = WARN)
    @Message(id = 13, value = "The tie-breaker probe of %s failed (counted as unreachable): %s")
    void tieBreakerProbeFailed(String address, String error);

    @LogMessage(level = WARN)
    @Message(id = 14, value = "Refused to run the fence command for VIP %s: member name '%s' is not a valid node name")
    void fenceNameRefused(String vip, String node);

    @LogMessage(level = WARN)
    @Message(id = 15, value = "VIP %s (%s) is not served by this server: its HTTP socket bindings listen only on %s, so clients of the VIP are refused"
            + " while this server holds it. Bind the public interface to all addresses (-b 0.0.0.0) or to an interface that includes the VIP")
    void vipNotServed(String vip, String address, java.util.List<String> listening);

    @LogMessage(level = WARN)
    @Message(id = 16, value = "Could not register the MBean %s (the CLI still manages it): %s")
    void mbeanNotRegistered(String name, String reason);

    @LogMessage(level = WARN)
    @Message(id = 17, value = "Could not unregister the MBean %s: %s")
    void mbeanNotUnregistered(String name, String reason);

    @LogMessage(level = WARN)
    @Message(id = 18, value = "The traffic of ha-vip cluster '%s' is not authenticated and its peers include %s: any process that reaches"
            + " them with the cluster name can join and take part in the election. Use the stack ha-vip-secure with TLS (README: Secure cluster)")
    void clusterNotAuthenticated(String cluster, java.util.List<String> peers);

    @LogMessage(level = WARN)
    @Message(id = 20, value = "Refused a connection to the cluster transport from %s: %s")
    void refusedConnection(String peer, String what);

    @LogMessage(level = INFO)
    @Message(id = 21, value = "FD_SOCK2 had no connection to the member it watches (%s) in view %s: connecting again (two connects had crossed)")
    void failureDetectionReconnect(String pingDest, String view);

    @Message(id = 200, value = "Node %s is not eligible for VIP %s: %s")
    String notEligible(String node, String vip, String reason);

    @Message(id = 201, value = "Node %s is not a cluster member configured with VIP %s; members: %s")
    String notAMember(String node, String vip, java.util.List<String> members);

    @Message(id = 202, value = "No other member is eligible for VIP %s")
    String noOtherEligible(String vip);

    @Message(id = 203, value = "No virtual-ip named %s runs on this node")
    String unknownVip(String vip);

    @Message(id = 100, value = "Invalid value '%s' for attribute '%s': %s")
    OperationFailedException invalidAttribute(String value, String attribute, String reason);

    @Message(id = 101, value = "Invalid value for attribute '%s': %s")
    OperationFailedException invalidAttribute(String attribute, String reason, @Cause Throwable cause);

    @Message(id = 102, value = "Attribute '%s' is required when %s is '%s'")
    OperationFailedException requiredWhen(String attribute, String otherAttribute, String otherValue);

    @Message(id = 103, value = "Attribute '%s' of health-check '%s' (type %s): %s")
    OperationFailedException invalidTarget(String attribute, String name, String type, String reason);

    @Message(id = 400, value = "%s")
    DeploymentUnitProcessingException badDescriptor(String problem);

    @Message(id = 401, value = "%s: virtual IP '%s' is not configured on this server (/subsystem=ha-vip/virtual-ip=%2$s does not exist)")
    DeploymentUnitProcessingException unknownVip(String file, String vip);

    @Message(id = 402, value = "%s: a deployment can be the standby of one virtual IP only, found %s")
    DeploymentUnitProcessingException twoStandbys(String file, java.util.List<String> vips);

    @LogMessage(level = INFO)
    @Message(id = 403, value = "Deployment %s is the hot standby of virtual IP %s: its services run only while this server holds the VIP")
    void standbyDeployment(String deployment, String vip);

    @LogMessage(level = WARN)
    @Message(id = 19, value = "The server is suspending but still holds a virtual IP after %d ms of handing over (no peer took it in time); it is removed when the server stops")
    void suspendHandoverIncomplete(long millis);

    @LogMessage(level = INFO)
    @Message(id = 22, value = "Connected to the witness at %s (leases of %d ms)")
    void witnessConnected(String witness, long leaseMs);

    @LogMessage(level = WARN)
    @Message(id = 23, value = "The witness at %s cannot be reached (%s): while it is away this server holds a virtual IP only with leases from a majority of the servers; trying again every second")
    void witnessUnreachable(String witness, String reason);

    @LogMessage(level = WARN)
    @Message(id = 24, value = "The witness grants leases of %d ms, shorter than the %d ms a held address needs (its kernel lifetime, a renewal and margins): this server can hold no virtual IP; start the witness with --lease=%2$d or more")
    void witnessLeaseTooShort(long leaseMs, long neededMs);

    @LogMessage(level = INFO)
    @Message(id = 25, value = "Takeover of VIP %s overtaken: the coordinator named %s while it ran, so its failure is no fault of this server (%s)")
    void takeoverOvertaken(String vip, String owner, String error);
}
