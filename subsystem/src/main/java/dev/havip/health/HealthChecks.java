package dev.havip.health;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds checks from their management definition, and the executors they share.
 * <p>
 * Threads: one scheduler thread for all checks (it only fires ticks and deadlines), plus a probe
 * pool. Each polled check holds at most one attempt (running or queued) at any time, so with at
 * least as many probe threads as polled checks, no check ever waits for a thread: a hanging target
 * ties up exactly one thread, for about its timeout, and nothing else. With fewer threads a check
 * whose probe cannot start within its timeout reports DOWN ("waiting for a probe thread") rather
 * than keeping a stale UP. Threads are created on demand and retire when idle, so a generous
 * maximum costs nothing. Each http check also owns a JDK HttpClient (one selector thread).
 */
public final class HealthChecks {

    private HealthChecks() {
    }

    /**
     * @param target as in the management model: a URL, host:port, an argument list, or a deployment name
     * @param expectedStatus used by http checks only
     * @param scheduler fires ticks and deadlines; unused (may be null) for {@code deployment}
     * @param probes runs probes; unused (may be null) for {@code deployment}
     * @return a check that is not started yet; a {@link PushedCheck} for {@code deployment}
     * @throws IllegalArgumentException naming the check and what is wrong with its definition
     */
    public static ManagedCheck create(String name, String type, List<String> target, Duration interval, Duration timeout,
            int fall, int rise, int expectedStatus, ScheduledExecutorService scheduler, ExecutorService probes) {
        try {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a health check needs a name");
            }
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(target, "target");
            CheckTarget.validate(type, target);
            if ("deployment".equals(type)) {
                return new PushedCheck(name);
            }
            requirePositive("interval", interval);
            requirePositive("timeout", timeout);
            if (fall < 1 || rise < 1) {
                throw new IllegalArgumentException("fall and rise must be at least 1, got fall=" + fall + ", rise=" + rise);
            }
            Probe probe = switch (type) {
                case "http" -> {
                    if (expectedStatus < 100 || expectedStatus > 599) {
                        throw new IllegalArgumentException("expected-status " + expectedStatus + " is outside 100-599");
                    }
                    yield new HttpProbe(CheckTarget.httpUri(target.get(0)), expectedStatus, timeout);
                }
                case "tcp" -> {
                    CheckTarget.HostPort hostPort = CheckTarget.hostPort(target.get(0));
                    yield new TcpProbe(hostPort.host(), hostPort.port(), timeout);
                }
                case "command" -> new CommandProbe(CheckTarget.command(target), timeout);
                default -> throw new IllegalArgumentException("unknown check type '" + type + "'; allowed: " + CheckTarget.TYPES);
            };
            return new ScheduledHealthCheck(name, probe, interval, timeout, fall, rise,
                    Objects.requireNonNull(scheduler, "scheduler"), Objects.requireNonNull(probes, "probes"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("health-check '" + name + "' (type " + type + "): " + e.getMessage(), e);
        }
    }

    /** The single scheduler thread all checks can share. */
    public static ScheduledExecutorService newScheduler() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("ha-vip-health-scheduler"));
        scheduler.setRemoveOnCancelPolicy(true); // finished probes cancel their deadlines; don't keep them queued
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return scheduler;
    }

    /**
     * A probe pool of at most {@code maxThreads}, created on demand and retired after 30 s idle.
     * Size it to at least the number of polled checks (see the class comment). The queue is
     * unbounded in type but bounded in fact: one entry per check at most.
     */
    public static ExecutorService newProbeExecutor(int maxThreads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(maxThreads, maxThreads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("ha-vip-health-probe"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static void requirePositive(String attribute, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(attribute + " must be a positive duration, got " + value);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true); // never keep a stopping server alive
            return thread;
        };
    }
}
