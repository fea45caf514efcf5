package dev.havip.subsystem;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

import org.jboss.as.controller.OperationFailedException;
import org.jboss.dmr.ModelNode;
import org.wildfly.subsystem.resource.executor.Metric;

import dev.havip.health.HealthCheck;
import dev.havip.health.HealthChecks;
import dev.havip.health.ManagedCheck;
import dev.havip.subsystem.deployment.MonitorBindings;

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
    private final Map<String, HealthCheck.Status> lastStatus = new ConcurrentHashMap<>();
    private volatile Runnable onChange = () -> { };
    private volatile TransitionSink onTransition = (check, from, to, reason) -> { };
    private volatile MonitorBindings monitors;

    /** Where a check's change of verdict is recorded (the engine's history). */
    @FunctionalInterface
    interface TransitionSink {
        void record(String check, String from, String to, String reason);
    }

    ScheduledExecutorService scheduler() {
        return this.scheduler;
    }

    ExecutorService probes() {
        return this.probes;
    }

    /** @param onChange called (on a health thread) after any check's status changed */
    void onChange(Runnable onChange, TransitionSink onTransition) {
        this.onChange = onChange;
        this.onTransition = onTransition;
    }

    /** Deployments that monitor a VIP (ha-vip.xml) count as that VIP's checks too. */
    void monitoredBy(MonitorBindings monitors) {
        this.monitors = monitors;
        monitors.onChange(() -> this.onChange.run());
    }

    private void changed(String name, HealthCheck check) {
        HealthCheck.Status now = check.status();
        HealthCheck.Status before = this.lastStatus.put(name, now);
        if (before != null && before != now) {
            this.onTransition.record(name, before.name(), now.name(), check.lastResult().map(r -> r.detail()).orElse(""));
        }
        this.onChange.run();
    }

    void register(String name, ManagedCheck check) {
        this.checks.put(name, check);
        this.lastStatus.put(name, check.status());
        check.addListener(changed -> this.changed(name, changed));
        check.start();
        this.onChange.run();
    }

    void unregister(String name) {
        ManagedCheck check = this.checks.remove(name);
        this.lastStatus.remove(name);
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

    /** Whether the VIP may be held here as far as health goes: its checks UP and the deployments that monitor it up. */
    boolean healthy(String vip, List<String> names) {
        MonitorBindings bound = this.monitors;
        return this.allUp(names) && (bound == null || bound.healthy(vip));
    }

    boolean allUp(List<String> names) {
        return names.stream().allMatch(name -> {
            HealthCheck check = this.checks.get(name);
            return check != null && check.status() == HealthCheck.Status.UP;
        });
    }
}
