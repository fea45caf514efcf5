package dev.havip.health;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A polled check: every {@code interval} the scheduler thread starts one {@link Probe} on the probe
 * executor, and the result goes through fall/rise counting.
 * <ul>
 * <li>Never overlapping: while an attempt of this check is queued or running, ticks are skipped,
 * never queued. So a check occupies at most one probe thread and one queue slot, and a hanging
 * target sees at most one request from it at a time.</li>
 * <li>Always answering: the scheduler gives each attempt {@code timeout} (plus a small grace, so a
 * probe that honours its own timeout reports its own detail). An attempt still unfinished then is
 * counted as "timed out" and interrupted. If its thread still does not return, every later tick
 * counts one more failure, so even a probe that ignores interruption drives the check DOWN after
 * {@code fall} intervals instead of freezing its last verdict.</li>
 * <li>Only quick, non-blocking work runs on the scheduler thread (ticks, deadlines), so one
 * scheduler thread serves any number of checks.</li>
 * </ul>
 */
public final class ScheduledHealthCheck extends CountingCheck {

    /** Extra time the scheduler grants a probe beyond its timeout before it records a timeout itself. */
    static final Duration GRACE = Duration.ofMillis(100);

    private final Probe probe;
    private final Duration interval;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService probes;
    private final AtomicReference<Attempt> inFlight = new AtomicReference<>();
    private final AtomicLong skippedTicks = new AtomicLong();
    private final Object lifecycle = new Object();
    private ScheduledFuture<?> ticks; // guarded by lifecycle

    public ScheduledHealthCheck(String name, Probe probe, Duration interval, Duration timeout, int fall, int rise,
            ScheduledExecutorService scheduler, ExecutorService probes) {
        super(name, fall, rise);
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("interval and timeout must be positive, got " + interval + " and " + timeout);
        }
        this.probe = probe;
        this.interval = interval;
        this.timeout = timeout;
        this.scheduler = scheduler;
        this.probes = probes;
    }

    @Override
    public void start() {
        synchronized (this.lifecycle) {
            if (this.ticks != null || isClosed()) {
                return;
            }
            // fixed delay: after a scheduler stall (GC, VM pause) ticks resume, they do not burst to catch up
            this.ticks = this.scheduler.scheduleWithFixedDelay(this::tick, 0, this.interval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        if (!markClosed()) {
            return;
        }
        synchronized (this.lifecycle) {
            if (this.ticks != null) {
                this.ticks.cancel(false);
            }
        }
        Attempt attempt = this.inFlight.get();
        if (attempt != null) {
            attempt.abandon(); // interrupts it: a command probe kills its process
        }
    }

    /** Ticks that found the previous attempt still in flight and started nothing. */
    public long skippedTicks() {
        return this.skippedTicks.get();
    }

    public Duration interval() {
        return this.interval;
    }

    public Duration timeout() {
        return this.timeout;
    }

    private void tick() {
        try {
            if (isClosed()) {
                return;
            }
            Attempt previous = this.inFlight.get();
            if (previous != null) {
                this.skippedTicks.incrementAndGet();
                if (previous.expired) {
                    // the deadline has passed and the attempt still holds its slot: keep counting failures
                    if (previous.state.get() == Attempt.RUNNING) {
                        if (previous.warned.compareAndSet(false, true)) {
                            HealthLogger.LOGGER.probeStuck(name(), previous.age(), this.timeout.toMillis());
                        }
                        record(ProbeResult.failed("previous probe still running after " + previous.age() + " ms"));
                    } else {
                        record(ProbeResult.failed("previous probe still waiting for a probe thread after " + previous.age() + " ms"));
                    }
                }
                return;
            }
            Attempt attempt = new Attempt();
            if (!this.inFlight.compareAndSet(null, attempt)) {
                return;
            }
            try {
                attempt.future = this.probes.submit(() -> run(attempt));
            } catch (RejectedExecutionException e) {
                this.inFlight.compareAndSet(attempt, null);
                if (!this.probes.isShutdown()) {
                    HealthLogger.LOGGER.probeRejected(name());
                    record(ProbeResult.failed("not run: probe pool refused it"));
                }
                return;
            }
            attempt.watchdog = this.scheduler.schedule(() -> expire(attempt), this.timeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            // an exception would silently end the periodic task, freezing the verdict
            HealthLogger.LOGGER.tickFailed(name(), e);
        }
    }

    /** On a probe thread. */
    private void run(Attempt attempt) {
        try {
            if (!attempt.state.compareAndSet(Attempt.QUEUED, Attempt.RUNNING)) {
                return; // expired or abandoned while waiting for a thread: just free the slot
            }
            ProbeResult result;
            try {
                result = this.probe.probe();
            } catch (RuntimeException e) {
                HealthLogger.LOGGER.probeError(name(), e);
                result = ProbeResult.failed("probe error: " + e);
            }
            if (attempt.settle()) {
                record(result);
            }
        } finally {
            this.inFlight.compareAndSet(attempt, null);
            ScheduledFuture<?> watchdog = attempt.watchdog;
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
    }

    /** On the scheduler thread, timeout + grace after the attempt was submitted. */
    private void expire(Attempt attempt) {
        if (!attempt.settle()) {
            return; // it answered in time
        }
        attempt.expired = true;
        if (attempt.state.compareAndSet(Attempt.QUEUED, Attempt.EXPIRED)) {
            // Never got a thread: the pool is saturated. The task stays queued (it frees the slot
            // when a thread reaches it) so that this check never holds more than one queue entry.
            HealthLogger.LOGGER.probeStarved(name(), this.timeout.toMillis());
            record(ProbeResult.failed("timed out after " + this.timeout.toMillis() + " ms waiting for a probe thread"));
        } else {
            attempt.future.cancel(true);
            record(ProbeResult.timedOut(this.timeout));
        }
    }

    /** One probe attempt: submitted by a tick, settled by exactly one of its result or its deadline. */
    private static final class Attempt {
        static final int QUEUED = 0;
        static final int RUNNING = 1;
        static final int EXPIRED = 2;

        final long started = System.nanoTime();
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final AtomicBoolean settled = new AtomicBoolean();
        final AtomicBoolean warned = new AtomicBoolean();
        volatile boolean expired;
        volatile Future<?> future;
        volatile ScheduledFuture<?> watchdog;

        boolean settle() {
            return this.settled.compareAndSet(false, true);
        }

        long age() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.started);
        }

        void abandon() {
            settle();
            Future<?> f = this.future;
            if (!this.state.compareAndSet(QUEUED, EXPIRED) && f != null) {
                f.cancel(true); // running: interrupt it (queued: it frees its slot when it runs)
            }
            ScheduledFuture<?> w = this.watchdog;
            if (w != null) {
                w.cancel(false);
            }
        }
    }
}
