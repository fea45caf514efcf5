package dev.havip.subsystem;

import org.jboss.as.controller.OperationFailedException;
import org.wildfly.service.capture.FunctionExecutor;
import org.wildfly.service.descriptor.NullaryServiceDescriptor;
import org.wildfly.subsystem.service.ServiceDependency;
import org.wildfly.subsystem.service.capture.ServiceValueExecutorRegistry;

import dev.havip.engine.HaVipEngine;

/**
 * How management operations reach the running engine: its service publishes itself into a
 * registry while it runs, and runtime attributes and operations execute against it there. No
 * engine (not started, stopped, admin-only mode) means undefined attributes, never invented values.
 */
final class EngineAccess {

    static final NullaryServiceDescriptor<HaVipEngine> SERVICE_DESCRIPTOR = NullaryServiceDescriptor.of("dev.havip.ha-vip", HaVipEngine.class);

    private final ServiceValueExecutorRegistry<HaVipEngine> registry = ServiceValueExecutorRegistry.newInstance();
    private final ServiceDependency<HaVipEngine> key = ServiceDependency.on(SERVICE_DESCRIPTOR);

    /** The dependency other services use to run against the engine. */
    ServiceDependency<HaVipEngine> dependency() {
        return this.key;
    }

    java.util.function.Consumer<HaVipEngine> captor() {
        return this.registry.add(this.key);
    }

    /** @return the function's result, or null when the engine is not running */
    <R> R query(EngineFunction<R> function) throws OperationFailedException {
        FunctionExecutor<HaVipEngine> executor = this.registry.getExecutor(this.key);
        return executor != null ? executor.execute(function::apply) : null;
    }

    /** Like {@link #query} but an operation needs the engine: fails with a clear message when it is not running. */
    <R> R require(EngineFunction<R> function) throws OperationFailedException {
        FunctionExecutor<HaVipEngine> executor = this.registry.getExecutor(this.key);
        Boolean running = executor != null ? executor.execute(engine -> Boolean.TRUE) : null;
        if (running == null) {
            throw new OperationFailedException("the ha-vip engine is not running on this server");
        }
        return executor.execute(function::apply);
    }

    @FunctionalInterface
    interface EngineFunction<R> {
        R apply(HaVipEngine engine) throws OperationFailedException;
    }
}
