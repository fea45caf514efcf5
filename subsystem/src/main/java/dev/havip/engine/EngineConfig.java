package dev.havip.engine;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import dev.havip.cluster.Quorum;

import dev.havip.movers.CommandTemplate;

/** The subsystem-level settings the engine runs with, validated and resolved. */
public record EngineConfig(String nodeName, int priority, Quorum quorum, Optional<InetAddress> tieBreaker,
        Optional<CommandTemplate> fenceCommand, boolean maintenance) {

    public EngineConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        if (priority < 1 || priority > 254) {
            throw new IllegalArgumentException("priority must be 1-254");
        }
        if (quorum == Quorum.TIE_BREAKER && tieBreaker.isEmpty()) {
            throw new IllegalArgumentException("quorum tie-breaker needs a tie-breaker address");
        }
    }
}
