package dev.havip.cluster;

import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

import dev.havip.logging.Guarded;

/**
 * Notices that this JVM was stopped (GC, VM freeze, SIGSTOP) for longer than the stack's failure
 * timeout: the peers have then declared it dead and one of them may hold its VIPs. A ticker
 * thread measures the gaps between its own ticks on the monotonic clock; other threads ask
 * {@link #suspectsPause()} before they add or renew an address, so nothing acts on stale
 * ownership before the ticker has dropped the VIPs. Runs on the thread {@code ha-vip-pause-detector}.
 */
public final class PauseDetector implements AutoCloseable {

    private final long thresholdNanos;
    private final long tickMillis;
    private final LongConsumer onPause;
    private final LongSupplier clock;
    private final Thread thread;
    private volatile long lastTick;
    private volatile boolean running = true;

    /** @param onPause called on the ticker thread with the length of the pause in milliseconds */
    public PauseDetector(long thresholdMillis, LongConsumer onPause) {
        this(thresholdMillis, onPause, System::nanoTime);
    }

    /** @param clock the monotonic clock in nanoseconds ({@code System::nanoTime}; tests jump it to simulate a pause) */
    public PauseDetector(long thresholdMillis, LongConsumer onPause, LongSupplier clock) {
        this.clock = clock;
        this.lastTick = clock.getAsLong();
        this.thresholdNanos = TimeUnit.MILLISECONDS.toNanos(thresholdMillis);
        // a quarter of the threshold, so a normal gap stays far below it (200 ms timeout: 20 wake-ups a second), but at most
        // once a second: the tick does not delay noticing a pause longer than the threshold (the sleep ran out during it, and
        // suspectsPause() reads the clock), and at 100 members with a 15 s timeout a 50 ms tick cost 2000 wake-ups a second
        this.tickMillis = Math.max(10, Math.min(1000, thresholdMillis / 4));
        this.onPause = onPause;
        this.thread = new Thread(this::tick, "ha-vip-pause-detector");
        this.thread.setDaemon(true);
    }

    public PauseDetector start() {
        this.lastTick = this.clock.getAsLong();
        this.thread.start();
        return this;
    }

    /** True when the ticker has not run for longer than the threshold: this JVM was probably just stopped. */
    public boolean suspectsPause() {
        return this.clock.getAsLong() - this.lastTick > this.thresholdNanos;
    }

    private void tick() {
        while (this.running) {
            try {
                Thread.sleep(this.tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = this.clock.getAsLong();
            long gap = now - this.lastTick;
            if (gap > this.thresholdNanos && this.running) {
                // guarded: a ticker that died here would leave suspectsPause() true for good, and the node would never hold again
                Guarded.run("pause handling", () -> this.onPause.accept(TimeUnit.NANOSECONDS.toMillis(gap)));
            }
            this.lastTick = this.clock.getAsLong();
        }
    }

    @Override
    public void close() {
        this.running = false;
        this.thread.interrupt();
    }
}
