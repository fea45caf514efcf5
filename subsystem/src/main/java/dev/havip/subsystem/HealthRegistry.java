package dev.havip.subsystem;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.dmr.ModelNode;
import org.wildfly.subsystem.resource.executor.Metric;

import dev.havip.health.HealthCheck;
import dev.havip.health.HealthChecks;
import dev.havip.health.ManagedCheck;

/**
 * The health checks that run on this server, by name, and the threads they share. The engine
 * asks it whether all checks a VIP requires are UP (a check that does not run is not UP) and is
 * told of every status change.
 */
final class HealthRegistry {

    /** Probes run in parallel up to this many; each check has at most one probe in flight. */
    static final int MAX_PROBE_THREADS = 16;

    private final Map<String, ManagedCheck> checks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = HealthChecks.newScheduler();
    private final ExecutorService probes = HealthChecks.newProbeExecutor(MAX_PROBE_THREADS);
    private final Consumer<HealthCheck> changed = check -> this.onChange.run();
    private volatile Runnable onChange = () -> { };

    ScheduledExecutorService scheduler() {
        return this.scheduler;
    }

    ExecutorService probes() {
        return this.probes;
    }

    /** @param onChange called (on a health thread) after any check's status changed */
    void onChange(Runnable onChange) {
        this.onChange = onChange;
    }

    void register(String name, ManagedCheck check) {
        this.checks.put(name, check);
        check.addListener(this.changed);
        check.start();
        this.onChange.run();
    }

    void unregister(String name) {
        ManagedCheck check = this.checks.remove(name);
        if (check != null) {
            check.close();
            this.onChange.run();
        }
    }

    /** @return the metric of the named check, or null (undefined) when it does not run */
    ModelNode query(String name, Metric<HealthCheck> metric) throws OperationFailedException {
        HealthCheck check = this.checks.get(name);
        return check != null ? metric.execute(check) : null;
    }

    boolean allUp(List<String> names) {
        return names.stream().allMatch(name -> {
            HealthCheck check = this.checks.get(name);
            return check != null && check.status() == HealthCheck.Status.UP;
        });
    }
}
