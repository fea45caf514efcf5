package dev.havip.movers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.havip.logging.Guarded;

/**
 * Keeps a held address's kernel lifetime topped up every {@link #INTERVAL} by writing {@code address change …} lines
 * to one long-lived {@code ip -batch -} child, which runs each line as it arrives: a pipe write, not a process per
 * renewal, so a short lifetime costs next to nothing. A frozen JVM writes nothing and the kernel drops the address
 * {@link #LIFETIME} after the last renewal.
 * <p>
 * {@code ip addr change} re-creates an address that has already run out, and by then another member may hold it. So a
 * renewal is written only while the previous one is less than {@link #STALE} old by the monotonic clock (which goes
 * on while the JVM is stopped): after a pause the renewer stops for good and leaves the verdict to the mover's
 * refresh, which finds the address gone. Ticks run on the shared {@code ha-vip-renew} thread; start and stop on mover
 * threads.
 */
final class Renewer {

    /**
     * The address's kernel lifetime. A frozen holder loses the address about 1.5-2.3 s after it froze (the last renewal up
     * to one interval before, the kernel's check up to 0.25 s late); 3 s gave 3.0-3.15 s in the benchmark. A live holder
     * whose renewals stall past {@link #STALE} has long been suspected by its peers (failure detection: 250 ms).
     */
    static final Duration LIFETIME = Duration.ofSeconds(2);
    static final Duration INTERVAL = Duration.ofMillis(500);
    /**
     * Older than this, a renewal could come too late: the kernel removes the address once it is 20 ms short of its
     * lifetime, so 0.73 s are left for the write to reach ip and ip to run it.
     */
    static final Duration STALE = Duration.ofMillis(1_250);
    /** How late the kernel may remove an address whose lifetime ran out (its check runs on a coarse timer). */
    static final Duration KERNEL_LATENESS = Duration.ofMillis(250);
    /** The longest an address outlives its last renewal. */
    static final Duration LONGEST_LIFE = LIFETIME.plus(KERNEL_LATENESS);

    private static final ScheduledExecutorService TICKS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "ha-vip-renew");
        thread.setDaemon(true);
        return thread;
    });

    private final String vip;
    private Process child;
    private ScheduledFuture<?> task;
    private long renewedAt;
    private boolean complained;
    private LongSupplier holdsUntil = () -> Long.MAX_VALUE;

    Renewer(String vip) {
        this.vip = vip;
    }

    /**
     * Starts renewing {@code line} (an {@code address change} line for ip's batch mode); the address was added or
     * renewed just now. A renewer already running is stopped first. A renewal is skipped when the address would then
     * outlive {@code holdsUntil} (the hold rule's lease, monotonic clock): the address then runs out with the lease.
     */
    synchronized void start(MoverSettings settings, String line, LongSupplier holdsUntil) {
        this.stop();
        this.holdsUntil = holdsUntil;
        this.renewedAt = System.nanoTime();
        this.complained = false;
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
        this.task = TICKS.scheduleAtFixedRate(Guarded.task("renewal of virtual IP " + this.vip, () -> this.tick(settings, bytes)),
                INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Stops renewing. Waits for the child to run what it already read and exit, so no renewal can land after the
     * caller removed the address (it would bring the address back).
     */
    synchronized void stop() {
        if (this.task != null) {
            this.task.cancel(false);
            this.task = null;
        }
        Process running = this.child;
        this.child = null;
        if (running != null) {
            end(running);
        }
    }

    /** Whether the last renewal is recent enough for the next one to be safe. */
    synchronized boolean renewing() {
        return this.task != null && !this.stale(System.nanoTime());
    }

    /** CPU time the running child has used so far (its cost, for tests and benchmarks). */
    synchronized java.util.Optional<Duration> childCpu() {
        return this.child == null ? java.util.Optional.empty() : this.child.info().totalCpuDuration();
    }

    private synchronized void tick(MoverSettings settings, byte[] line) {
        if (this.task == null) {
            return; // stopped while this tick waited for the lock
        }
        long now = System.nanoTime();
        if (this.stale(now)) {
            // the JVM (or this thread) was stopped longer than is safe: the refresh decides what is left
            MoverLogger.LOG.renewalStopped(this.vip, TimeUnit.NANOSECONDS.toMillis(now - this.renewedAt));
            this.task.cancel(false);
            this.task = null;
            return;
        }
        if (!fitsLease(this.holdsUntil, now)) {
            // a quorum=witness lease ends sooner than the address would: let the address run out with it. This thread
            // runs, so this is no pause: a renewal once the lease is long again is safe (no one else can hold the VIP
            // while this node's lease runs), even if it re-creates an address that ran out meanwhile
            this.renewedAt = now;
            return;
        }
        try {
            if (this.child == null || !this.child.isAlive()) {
                this.child = startChild(settings);
            }
            OutputStream pipe = this.child.getOutputStream();
            pipe.write(line);
            pipe.flush();
            this.renewedAt = now;
        } catch (IOException e) {
            // the child exited (ip stops at a failing line): the next tick starts another one
            if (!this.complained) {
                this.complained = true;
                MoverLogger.LOG.renewalFailed(this.vip, e.getMessage());
            }
            if (this.child != null) {
                this.child.destroyForcibly();
                this.child = null;
            }
        }
    }

    /** Whether an address renewed at {@code now} is gone by the time the lease ends. */
    static boolean fitsLease(LongSupplier holdsUntil, long now) {
        long until = holdsUntil.getAsLong();
        return until == Long.MAX_VALUE || until - now >= LONGEST_LIFE.toNanos(); // MAX_VALUE: no lease (nanoTime may be negative)
    }

    private boolean stale(long now) {
        return now - this.renewedAt >= STALE.toNanos();
    }

    private static Process startChild(MoverSettings settings) throws IOException {
        List<String> command = new ArrayList<>(settings.commandPrefix());
        command.addAll(List.of(settings.ip().toString(), "-batch", "-"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** End of input: ip runs what it read and exits; killed if it does not within a second. */
    private static void end(Process running) {
        try {
            running.getOutputStream().close();
            if (!running.waitFor(1, TimeUnit.SECONDS)) {
                running.descendants().forEach(ProcessHandle::destroyForcibly);
                running.destroyForcibly().waitFor(1, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            running.destroyForcibly();
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
