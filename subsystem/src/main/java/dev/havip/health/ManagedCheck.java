package dev.havip.health;

/**
 * A health check as its owner (the health-check resource's service) sees it: something to start
 * and stop. Virtual IPs only get the {@link HealthCheck} view and cannot stop it.
 */
public interface ManagedCheck extends HealthCheck, AutoCloseable {

    String name();

    /** Results counted since creation (probes, deadlines, pushed events): "how many probes", not "how long". */
    long resultCount();

    /** Begins probing (idempotent). */
    void start();

    /** Stops probing, abandons a probe in flight and drops listeners. Does not shut down shared executors. */
    @Override
    void close();
}
