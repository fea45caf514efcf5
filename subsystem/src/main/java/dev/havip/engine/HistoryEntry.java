package dev.havip.engine;

import java.time.Instant;

/** One line of {@code history}: a VIP's state change on this node, or a health check's. */
public sealed interface HistoryEntry permits Transition, HealthTransition {

    Instant time();

    String node();

    String reason();
}
