package dev.havip.engine;

import java.time.Instant;
import java.util.Optional;

/** An immutable snapshot of one VIP's runtime on this node, as the CLI and MBeans show it. */
public record VipStatus(String vip, VipState state, Optional<String> owner, boolean held, boolean healthy, long failoverCount,
        Optional<Instant> lastTransition, Optional<String> lastError, Optional<String> pinnedTo) {
}
