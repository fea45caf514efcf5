package dev.havip.jmx;

import java.util.List;

import dev.havip.engine.HaVipEngine;

/**
 * The {@link ClusterMXBean}: read from the engine at each call, {@code Maintenance} written through the
 * management model. Runs on the JMX caller's thread.
 */
public final class ClusterBean implements ClusterMXBean {

    private final HaVipEngine engine;
    private final ModelOperations operations;

    public ClusterBean(HaVipEngine engine, ModelOperations operations) {
        this.engine = engine;
        this.operations = operations;
    }

    @Override
    public String getNodeName() {
        return this.engine.nodeName();
    }

    @Override
    public List<String> getMembers() {
        return this.engine.members();
    }

    @Override
    public String getCoordinator() {
        return this.engine.coordinator().orElse(null);
    }

    @Override
    public boolean isQuorate() {
        return this.engine.quorate();
    }

    @Override
    public boolean isMaintenance() {
        return this.engine.maintenance();
    }

    @Override
    public void setMaintenance(boolean maintenance) {
        this.operations.writeMaintenance(maintenance);
    }

    @Override
    public List<HistoryRow> history(int limit) {
        if (limit < 1 || limit > HaVipEngine.HISTORY_CAPACITY) {
            throw new IllegalArgumentException("limit must be between 1 and " + HaVipEngine.HISTORY_CAPACITY + ", was " + limit);
        }
        return this.engine.history(limit).stream().map(HistoryRow::of).toList();
    }
}
