package dev.havip.health;

import java.util.Optional;
import java.util.function.Consumer;

import org.wildfly.service.descriptor.UnaryServiceDescriptor;

/**
 * A named health check ({@code /subsystem=ha-vip/health-check=NAME}) as the rest of ha-vip sees
 * it: its current verdict. Virtual IPs reference checks through this capability, so a VIP cannot
 * name a check that does not exist.
 * <p>
 * The methods beyond {@link #status()} have defaults so that a constant check can still be written
 * as a lambda ({@code () -> Status.UP}); a constant never changes, so it never notifies.
 */
public interface HealthCheck {

    UnaryServiceDescriptor<HealthCheck> SERVICE_DESCRIPTOR = UnaryServiceDescriptor.of("dev.havip.health-check", HealthCheck.class);

    enum Status { UP, DOWN, UNKNOWN }

    Status status();

    /** The latest probe outcome (or pushed event), empty before the first one. */
    default Optional<ProbeResult> lastResult() {
        return Optional.empty();
    }

    /** Length of the current failure streak (0 after a success). */
    default int consecutiveFailures() {
        return 0;
    }

    /** Failed probes (or DOWN events) since the check started. */
    default long failureCount() {
        return 0;
    }

    /**
     * Called after every change of {@link #status()}, never while the check holds its own lock, on
     * a health thread (or on the thread that pushed the event). Listeners must return quickly and
     * must re-read {@link #status()}: a notification says "changed", the check says "to what".
     */
    default void addListener(Consumer<HealthCheck> listener) {
    }

    default void removeListener(Consumer<HealthCheck> listener) {
    }
}
