package dev.havip.jmx;

import java.util.List;

/** {@code dev.havip:type=Cluster}: this node's membership in the ha-vip cluster, its maintenance switch and its history. */
public interface ClusterMXBean {

    String getNodeName();

    List<String> getMembers();

    String getCoordinator();

    boolean isQuorate();

    boolean isMaintenance();

    /** Writes the subsystem's {@code maintenance} attribute, as {@code :write-attribute} does. */
    void setMaintenance(boolean maintenance);

    /** The latest state transitions and health verdicts on this node, newest first (at most {@code limit}). */
    List<HistoryRow> history(int limit);
}
