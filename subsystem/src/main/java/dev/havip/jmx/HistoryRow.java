package dev.havip.jmx;

import java.beans.ConstructorProperties;

import dev.havip.engine.HealthTransition;
import dev.havip.engine.HistoryEntry;
import dev.havip.engine.Transition;

/**
 * One line of {@code history(limit)}, as JMX clients see it: a CompositeData row with open types only. Either
 * {@code virtualIp} or {@code healthCheck} is set.
 */
public final class HistoryRow {

    private final String time;
    private final String virtualIp;
    private final String healthCheck;
    private final String from;
    private final String to;
    private final String reason;
    private final String node;

    @ConstructorProperties({ "time", "virtualIp", "healthCheck", "from", "to", "reason", "node" })
    public HistoryRow(String time, String virtualIp, String healthCheck, String from, String to, String reason, String node) {
        this.time = time;
        this.virtualIp = virtualIp;
        this.healthCheck = healthCheck;
        this.from = from;
        this.to = to;
        this.reason = reason;
        this.node = node;
    }

    static HistoryRow of(HistoryEntry entry) {
        if (entry instanceof Transition vip) {
            return new HistoryRow(vip.time().toString(), vip.vip(), null, vip.from().name(), vip.to().name(), vip.reason(), vip.node());
        }
        HealthTransition check = (HealthTransition) entry;
        return new HistoryRow(check.time().toString(), null, check.check(), check.from(), check.to(), check.reason(), check.node());
    }

    public String getTime() {
        return this.time;
    }

    public String getVirtualIp() {
        return this.virtualIp;
    }

    public String getHealthCheck() {
        return this.healthCheck;
    }

    public String getFrom() {
        return this.from;
    }

    public String getTo() {
        return this.to;
    }

    public String getReason() {
        return this.reason;
    }

    public String getNode() {
        return this.node;
    }
}
