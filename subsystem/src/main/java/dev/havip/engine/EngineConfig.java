package dev.havip.engine;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

import dev.havip.cluster.Quorum;
import dev.havip.cluster.WitnessEndpoint;

import dev.havip.movers.CommandTemplate;

/** The subsystem-level settings the engine runs with, validated and resolved. */
public record EngineConfig(String nodeName, int priority, Quorum quorum, Optional<InetAddress> tieBreaker,
        Optional<CommandTemplate> fenceCommand, boolean maintenance, Optional<WitnessEndpoint> witness) {

    /** Without a witness (every mode but {@code quorum=witness}). */
    public EngineConfig(String nodeName, int priority, Quorum quorum, Optional<InetAddress> tieBreaker, Optional<CommandTemplate> fenceCommand,
            boolean maintenance) {
        this(nodeName, priority, quorum, tieBreaker, fenceCommand, maintenance, Optional.empty());
    }

    public EngineConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        if (priority < 1 || priority > 254) {
            throw new IllegalArgumentException("priority must be 1-254");
        }
        if (quorum == Quorum.TIE_BREAKER && tieBreaker.isEmpty()) {
            throw new IllegalArgumentException("quorum tie-breaker needs a tie-breaker address");
        }
        if (quorum == Quorum.WITNESS && witness.isEmpty()) {
            throw new IllegalArgumentException("quorum witness needs a witness");
        }
    }
}
