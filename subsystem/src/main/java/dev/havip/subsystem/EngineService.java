package dev.havip.subsystem;

import java.beans.PropertyChangeListener;
import java.util.List;

import org.jboss.as.controller.ControlledProcessState;
import org.jboss.as.controller.ProcessStateNotifier;

import dev.havip.engine.HaVipEngine;

/**
 * The engine as an MSC service value: started when the subsystem's dependencies are up, told
 * when the server has finished booting (a booting server is not ready to hold a VIP), and
 * stopped with a planned handover when the server shuts down or reloads.
 */
final class EngineService {

    private final HaVipEngine engine;
    private final ProcessStateNotifier processState;
    private final PropertyChangeListener readiness;

    EngineService(HaVipEngine engine, ProcessStateNotifier processState) {
        this.engine = engine;
        this.processState = processState;
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
    }

    void stop() {
        this.processState.removePropertyChangeListener(this.readiness);
        this.engine.close();
    }
}
