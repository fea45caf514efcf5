package dev.havip.jmx;

/**
 * How an MBean's action reaches the management model: the very operation the CLI runs, executed with the
 * JMX caller's identity, so that RBAC decides exactly as it does for the CLI and the MBean keeps no copy
 * of what it changed. A refused or failed operation throws {@link IllegalStateException} with the
 * management model's message.
 */
public interface ModelOperations {

    /** Runs {@code /subsystem=ha-vip/virtual-ip=VIP:OPERATION}, with {@code node} as its one parameter when it is not null. */
    void onVip(String vip, String operation, String node);

    /** Runs {@code /subsystem=ha-vip:write-attribute(name=maintenance, value=...)}. */
    void writeMaintenance(boolean maintenance);
}
