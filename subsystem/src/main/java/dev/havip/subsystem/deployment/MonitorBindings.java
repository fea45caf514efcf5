package dev.havip.subsystem.deployment;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.havip.health.HealthCheck;
import dev.havip.health.PushedCheck;

/**
 * The deployments that monitor a VIP ({@code mode="monitor"}): each is an implicit health input of the VIP on this
 * server, UP while the deployment is up. An undeployed or failed deployment stays DOWN (the binding is not forgotten),
 * so the node stays ineligible until the deployment is up again. Bound on MSC threads, read on the decision thread,
 * pushed by the deployments' own services.
 */
public final class MonitorBindings {

    private final DeploymentStates states;
    private final Map<String, Map<String, PushedCheck>> byVip = new ConcurrentHashMap<>();
    private volatile Runnable onChange = () -> {
    };

    public MonitorBindings(DeploymentStates states) {
        this.states = states;
    }

    /** @param onChange told (on the pushing thread) whenever a monitoring deployment goes up or down */
    public void onChange(Runnable onChange) {
        this.onChange = onChange;
    }

    /** The deployment now monitors the VIP on this server (again, after a redeploy: the same check goes on). */
    void monitor(String vip, String deployment) {
        Map<String, PushedCheck> checks = this.byVip.computeIfAbsent(vip, v -> new ConcurrentHashMap<>());
        PushedCheck check = checks.computeIfAbsent(deployment, d -> {
            PushedCheck created = new PushedCheck("deployment " + d + " (monitors " + vip + ")");
            created.addListener(changed -> this.onChange.run());
            return created;
        });
        this.states.bind(deployment, check);
        this.onChange.run();
    }

    /** Whether every deployment that monitors the VIP is up (true when none does). */
    public boolean healthy(String vip) {
        return this.byVip.getOrDefault(vip, Map.of()).values().stream().allMatch(check -> check.status() == HealthCheck.Status.UP);
    }
}
