package dev.havip.engine;

import java.time.Instant;

/** A health check on this node changed its verdict (UP, DOWN, UNKNOWN). */
public record HealthTransition(Instant time, String check, String from, String to, String reason, String node) implements HistoryEntry {
}
