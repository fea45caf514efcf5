package dev.havip.subsystem.deployment;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.havip.health.PushedCheck;

/**
 * Which deployments are up on this server, as their services report it (no polling), and the
 * {@code deployment} health checks that follow them. A check bound after its deployment came up
 * learns the current state at once.
 */
public final class DeploymentStates {

    private final Map<String, Boolean> up = new ConcurrentHashMap<>();
    private final Map<String, Set<PushedCheck>> checks = new ConcurrentHashMap<>();

    void started(String deployment) {
        this.up.put(deployment, Boolean.TRUE);
        this.checks.getOrDefault(deployment, Set.of()).forEach(check -> check.up(upDetail(deployment)));
    }

    void stopped(String deployment) {
        this.up.put(deployment, Boolean.FALSE);
        this.checks.getOrDefault(deployment, Set.of()).forEach(check -> check.down(downDetail(deployment)));
    }

    /** Whether the deployment is fully up on this server now. */
    public boolean isUp(String deployment) {
        return Boolean.TRUE.equals(this.up.get(deployment));
    }

    public void bind(String deployment, PushedCheck check) {
        this.checks.computeIfAbsent(deployment, d -> ConcurrentHashMap.newKeySet()).add(check);
        Boolean state = this.up.get(deployment);
        if (Boolean.TRUE.equals(state)) {
            check.up(upDetail(deployment));
        } else if (Boolean.FALSE.equals(state)) {
            check.down(downDetail(deployment));
        }
    }

    public void unbind(String deployment, PushedCheck check) {
        this.checks.getOrDefault(deployment, Set.of()).remove(check);
    }

    private static String upDetail(String deployment) {
        return "deployment " + deployment + " is up";
    }

    private static String downDetail(String deployment) {
        return "deployment " + deployment + " is not running";
    }
}
