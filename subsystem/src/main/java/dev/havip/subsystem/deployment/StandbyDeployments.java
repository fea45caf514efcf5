package dev.havip.subsystem.deployment;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.jboss.msc.service.LifecycleEvent;
import org.jboss.msc.service.LifecycleListener;
import org.jboss.msc.service.ServiceController;

/**
 * The hot-standby deployments of this server ({@code mode="standby"}): each deployment's installer service (the
 * parent of all its phases) runs only while this server is MASTER of the VIP; on takeover it is switched on (the
 * deployment starts), on release off (its services stop). Installers arrive on MSC threads, VIP states on the engine's
 * decision thread.
 */
public final class StandbyDeployments implements dev.havip.engine.TakeoverPreparation {

    /** The longest a planned takeover waits for its standby deployments to be up before it adds the address anyway. */
    static final long START_TIMEOUT_MS = 10_000;
    private static final long POLL_MS = 10;

    private final DeploymentStates states;
    private final Map<String, Boolean> master = new HashMap<>(); // guarded by this
    /** Per VIP: each standby deployment's current installer, and the deployment's name. */
    private final Map<String, Map<ServiceController<?>, String>> installers = new HashMap<>(); // guarded by this

    public StandbyDeployments(DeploymentStates states) {
        this.states = states;
    }

    /**
     * A planned handover to this server: its standby deployments of the VIP start now, while the old holder still
     * serves, and the address comes here once they are up (SPEC: started before the announcement). On a mover thread.
     */
    @Override
    public void beforePlannedTakeover(String vip) throws InterruptedException {
        Set<String> names;
        synchronized (this) {
            Map<ServiceController<?>, String> current = this.installers.getOrDefault(vip, Map.of());
            names = Set.copyOf(current.values());
            current.keySet().forEach(installer -> installer.setMode(ServiceController.Mode.ACTIVE));
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!names.stream().allMatch(this.states::isUp) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MS);
        }
    }

    /** The VIP's state on this server changed: its standby deployments follow. */
    public synchronized void stateChanged(String vip, boolean isMaster) {
        Boolean before = this.master.put(vip, isMaster);
        if (before == null || before != isMaster) {
            this.installers.getOrDefault(vip, Map.of()).keySet().forEach(installer -> installer.setMode(mode(isMaster)));
        }
    }

    synchronized ServiceController.Mode mode(String vip) {
        return mode(this.master.getOrDefault(vip, false));
    }

    /** A standby deployment's installer was installed (at deploy, and again after each restart of the deployment). */
    synchronized void installed(String vip, String deployment, ServiceController<?> installer) {
        this.installers.computeIfAbsent(vip, v -> new HashMap<>()).put(installer, deployment);
        installer.setMode(this.mode(vip)); // the state may have changed since the installer was built
        installer.addListener(new LifecycleListener() {
            @Override
            public void handleEvent(ServiceController<?> controller, LifecycleEvent event) {
                if (event == LifecycleEvent.REMOVED) {
                    StandbyDeployments.this.removed(vip, controller);
                }
            }
        });
    }

    private synchronized void removed(String vip, ServiceController<?> installer) {
        Map<ServiceController<?>, String> current = this.installers.get(vip);
        if (current != null) {
            current.remove(installer);
        }
    }

    private static ServiceController.Mode mode(boolean isMaster) {
        return isMaster ? ServiceController.Mode.ACTIVE : ServiceController.Mode.NEVER;
    }
}
