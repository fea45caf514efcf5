package dev.havip.health;

import java.util.Optional;

import dev.havip.health.HealthCheck.Status;

/**
 * keepalived's {@code fall}/{@code rise}: a check starts UNKNOWN, turns DOWN after {@code fall}
 * consecutive failures and UP after {@code rise} consecutive successes (the first verdict too).
 * A success ends the failure streak and vice versa. Not thread-safe: the owner serialises calls.
 */
public final class FallRiseCounter {

    private final int fall;
    private final int rise;
    private Status status = Status.UNKNOWN;
    private int failures;
    private int successes;
    private ProbeResult last;

    public FallRiseCounter(int fall, int rise) {
        if (fall < 1 || rise < 1) {
            throw new IllegalArgumentException("fall and rise must be at least 1, got fall=" + fall + ", rise=" + rise);
        }
        this.fall = fall;
        this.rise = rise;
    }

    /** @return true when this result changed {@link #status()} */
    public boolean record(ProbeResult result) {
        this.last = result;
        Status before = this.status;
        if (result.ok()) {
            this.failures = 0;
            this.successes = saturatedIncrement(this.successes);
            if (this.successes >= this.rise) {
                this.status = Status.UP;
            }
        } else {
            this.successes = 0;
            this.failures = saturatedIncrement(this.failures);
            if (this.failures >= this.fall) {
                this.status = Status.DOWN;
            }
        }
        return this.status != before;
    }

    public Status status() {
        return this.status;
    }

    public int consecutiveFailures() {
        return this.failures;
    }

    public int consecutiveSuccesses() {
        return this.successes;
    }

    public Optional<ProbeResult> lastResult() {
        return Optional.ofNullable(this.last);
    }

    private static int saturatedIncrement(int n) {
        return n == Integer.MAX_VALUE ? n : n + 1; // a check that fails for years must not wrap to "healthy"
    }
}
