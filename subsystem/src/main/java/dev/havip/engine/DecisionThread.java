package dev.havip.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.havip.logging.Guarded;

/**
 * The engine's one decision thread, {@code ha-vip-engine-NODE}: every decision runs on it, so the state
 * it works on needs no locks. Every task is guarded (logged, never the end of the thread or of a
 * periodic tick); work that arrives after {@link #close()} is dropped.
 */
final class DecisionThread {

    static final long OPERATION_TIMEOUT_S = 10;

    private final ScheduledExecutorService executor;
    private volatile boolean closed;

    DecisionThread(String node) {
        this.executor = Executors.newSingleThreadScheduledExecutor(Threads.daemon("ha-vip-engine-" + node));
    }

    void execute(String what, Runnable task) {
        try {
            this.executor.execute(Guarded.task(what, task));
        } catch (RejectedExecutionException e) {
            if (!this.closed) {
                throw e;
            }
        }
    }

    /** Runs the task once, {@code millis} from now (dropped once closed). */
    void after(long millis, String what, Runnable task) {
        try {
            this.executor.schedule(Guarded.task(what, task), millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            if (!this.closed) {
                throw e;
            }
        }
    }

    /**
     * Runs the task again and again, each time {@code period} ms after the last run ended (the period is read anew
     * each time); one that throws is logged and runs again at the next tick.
     */
    void every(java.util.function.LongSupplier period, String what, Runnable task) {
        this.after(period.getAsLong(), what, () -> {
            try {
                task.run();
            } finally {
                this.every(period, what, task);
            }
        });
    }

    /** Runs the task on the decision thread and waits for its result (management operations). */
    <T> T call(Callable<T> task) throws Exception {
        try {
            return this.executor.submit(task).get(OPERATION_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the ha-vip engine did not answer within " + OPERATION_TIMEOUT_S + " s", e);
        }
    }

    boolean closed() {
        return this.closed;
    }

    void close() {
        this.closed = true;
        this.executor.shutdownNow();
    }
}
