package dev.havip.health;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What every check shares: fall/rise counting under a private lock, transition logging, and
 * listener calls made after the lock is released (so a listener that reads this check, or takes
 * its own locks, cannot deadlock with the next result).
 */
abstract class CountingCheck implements ManagedCheck {

    private final String name;
    private final Object lock = new Object();
    private final FallRiseCounter counter; // guarded by lock
    private long results; // guarded by lock
    private long failures; // guarded by lock
    private boolean closed; // guarded by lock
    private final List<Consumer<HealthCheck>> listeners = new CopyOnWriteArrayList<>();

    CountingCheck(String name, int fall, int rise) {
        this.name = name;
        this.counter = new FallRiseCounter(fall, rise);
    }

    @Override
    public final String name() {
        return this.name;
    }

    @Override
    public final Status status() {
        synchronized (this.lock) {
            return this.counter.status();
        }
    }

    @Override
    public final Optional<ProbeResult> lastResult() {
        synchronized (this.lock) {
            return this.counter.lastResult();
        }
    }

    @Override
    public final int consecutiveFailures() {
        synchronized (this.lock) {
            return this.counter.consecutiveFailures();
        }
    }

    @Override
    public final long failureCount() {
        synchronized (this.lock) {
            return this.failures;
        }
    }

    @Override
    public final long resultCount() {
        synchronized (this.lock) {
            return this.results;
        }
    }

    @Override
    public final void addListener(Consumer<HealthCheck> listener) {
        this.listeners.add(listener);
    }

    @Override
    public final void removeListener(Consumer<HealthCheck> listener) {
        this.listeners.remove(listener);
    }

    final void record(ProbeResult result) {
        Status before;
        Status after;
        int failures;
        synchronized (this.lock) {
            if (this.closed) {
                return; // a late probe must not revive a removed check
            }
            before = this.counter.status();
            this.counter.record(result);
            after = this.counter.status();
            failures = this.counter.consecutiveFailures();
            this.results++;
            if (!result.ok()) {
                this.failures++;
            }
        }
        if (!result.ok()) {
            HealthLogger.LOGGER.probeFailed(this.name, failures, result.detail());
        }
        if (before != after) {
            HealthLogger.LOGGER.statusChanged(this.name, after, before, result.detail());
            for (Consumer<HealthCheck> listener : this.listeners) {
                try {
                    listener.accept(this);
                } catch (RuntimeException e) {
                    HealthLogger.LOGGER.listenerFailed(this.name, e);
                }
            }
        }
    }

    /** @return false if it was already closed */
    final boolean markClosed() {
        synchronized (this.lock) {
            if (this.closed) {
                return false;
            }
            this.closed = true;
        }
        this.listeners.clear();
        return true;
    }

    final boolean isClosed() {
        synchronized (this.lock) {
            return this.closed;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + this.name + ": " + status() + "]";
    }
}
