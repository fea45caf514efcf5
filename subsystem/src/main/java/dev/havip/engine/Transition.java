package dev.havip.engine;

import java.time.Instant;

/** One state change of one VIP on this node, for {@code history} and notify commands. */
public record Transition(Instant time, String vip, VipState from, VipState to, String reason, String node) implements HistoryEntry {
}
