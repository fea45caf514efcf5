package dev.havip.subsystem;

import java.beans.PropertyChangeListener;
import java.util.List;

import org.jboss.as.controller.ControlledProcessState;
import org.jboss.as.controller.ProcessStateNotifier;
import org.jboss.as.server.suspend.SuspendableActivityRegistry;

import dev.havip.engine.HaVipEngine;

/**
 * The engine as an MSC service value: started when the subsystem's dependencies are up, told
 * when the server has finished booting (a booting server is not ready to hold a VIP), and
 * stopped with a planned handover when the server shuts down or reloads; a suspended server hands its VIPs over
 * ({@link SuspendHandover}). Started and stopped on MSC threads.
 */
final class EngineService {

    private final HaVipEngine engine;
    private final ProcessStateNotifier processState;
    private final PropertyChangeListener readiness;
    private final java.util.function.Function<HaVipEngine, AutoCloseable> beans;
    private final SuspendableActivityRegistry suspension;
    private final SuspendHandover handover;
    private AutoCloseable registered = () -> {
    };

    /** @param beans registers the engine's MBean once it runs; what it returns unregisters it */
    EngineService(HaVipEngine engine, ProcessStateNotifier processState, SuspendableActivityRegistry suspension,
            java.util.function.Function<HaVipEngine, AutoCloseable> beans) {
        this.engine = engine;
        this.processState = processState;
        this.suspension = suspension;
        this.handover = new SuspendHandover(engine);
        this.beans = beans;
        this.readiness = event -> engine.setReady(((ControlledProcessState.State) event.getNewValue()).isRunning());
    }

    HaVipEngine engine() {
        return this.engine;
    }

    void start() {
        this.engine.setReady(this.processState.getCurrentState().isRunning());
        this.processState.addPropertyChangeListener(this.readiness);
        try {
            this.engine.start(List.of());
        } catch (Exception e) {
            throw new IllegalStateException("ha-vip could not join its cluster: " + e.getMessage(), e);
        }
        this.registered = this.beans.apply(this.engine);
        // first: its prepare must run before WildFly's shutdown or the request controller go on (see SuspendHandover)
        this.suspension.registerActivity(this.handover, SuspendableActivityRegistry.SuspendPriority.FIRST);
    }

    void stop() {
        this.suspension.unregisterActivity(this.handover);
        try {
            this.registered.close();
        } catch (Exception e) {
            dev.havip.logging.HaVipLogger.ROOT_LOGGER.mbeanNotUnregistered(dev.havip.jmx.MBeans.cluster().toString(), e.toString());
        }
        this.processState.removePropertyChangeListener(this.readiness);
        this.engine.close();
    }
}
