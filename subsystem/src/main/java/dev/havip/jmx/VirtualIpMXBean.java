package dev.havip.jmx;

/**
 * {@code dev.havip:type=VirtualIp,name=<vip>}: one VIP as this node sees it, and the operator's actions on it.
 * Sends an {@code AttributeChangeNotification} on every {@code State} or {@code Owner} change.
 */
public interface VirtualIpMXBean {

    /** INIT, BACKUP, MASTER, FAULT or MAINTENANCE. */
    String getState();

    /** The node the cluster's coordinator assigned the VIP to, or null while nobody is. */
    String getOwner();

    boolean isHeld();

    boolean isHealthy();

    /** The address with its prefix, e.g. 198.18.0.100/24. */
    String getAddress();

    String getInterface();

    long getFailoverCount();

    /** ISO-8601 time of this node's last state change for the VIP, or null before the first. */
    String getLastTransition();

    /** Makes this node the holder now and pins the VIP here (the CLI's {@code takeover}). */
    void takeover();

    /** Hands the VIP to the next eligible member and pins it there (the CLI's {@code release}). */
    void release();

    /** Pins the VIP to {@code node} (the CLI's {@code move(node=...)}). */
    void moveTo(String node);

    /** Drops the operator's pin (the CLI's {@code clear}). */
    void clear();
}
