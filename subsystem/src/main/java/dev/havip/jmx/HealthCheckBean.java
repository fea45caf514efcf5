package dev.havip.jmx;

import dev.havip.health.HealthCheck;

/** The {@link HealthCheckMXBean} of one running check, read at each call. Runs on the JMX caller's thread. */
public final class HealthCheckBean implements HealthCheckMXBean {

    private final HealthCheck check;

    public HealthCheckBean(HealthCheck check) {
        this.check = check;
    }

    @Override
    public String getStatus() {
        return this.check.status().name();
    }

    @Override
    public String getLastResult() {
        return this.check.lastResult().map(result -> result.detail()).orElse(null);
    }
}
