package dev.havip.jmx;

/** {@code dev.havip:type=HealthCheck,name=<name>}: a health check's verdict on this node. */
public interface HealthCheckMXBean {

    /** UP, DOWN or UNKNOWN. */
    String getStatus();

    /** What the latest probe (or pushed event) said, or null before the first. */
    String getLastResult();
}
