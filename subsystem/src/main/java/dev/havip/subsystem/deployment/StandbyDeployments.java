package dev.havip.subsystem.deployment;

import java.util.HashMap;
import java.util.HashSet;
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
public final class StandbyDeployments {

    private final Map<String, Boolean> master = new HashMap<>(); // guarded by this
    private final Map<String, Set<ServiceController<?>>> installers = new HashMap<>(); // guarded by this

    /** The VIP's state on this server changed: its standby deployments follow. */
    public synchronized void stateChanged(String vip, boolean isMaster) {
        Boolean before = this.master.put(vip, isMaster);
        if (before == null || before != isMaster) {
            this.installers.getOrDefault(vip, Set.of()).forEach(installer -> installer.setMode(mode(isMaster)));
        }
    }

    synchronized ServiceController.Mode mode(String vip) {
        return mode(this.master.getOrDefault(vip, false));
    }

    /** A standby deployment's installer was installed (at deploy, and again after each restart of the deployment). */
    synchronized void installed(String vip, ServiceController<?> installer) {
        this.installers.computeIfAbsent(vip, v -> new HashSet<>()).add(installer);
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
        Set<ServiceController<?>> set = this.installers.get(vip);
        if (set != null) {
            set.remove(installer);
        }
    }

    private static ServiceController.Mode mode(boolean isMaster) {
        return isMaster ? ServiceController.Mode.ACTIVE : ServiceController.Mode.NEVER;
    }
}
