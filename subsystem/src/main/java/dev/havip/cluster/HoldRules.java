package dev.havip.cluster;

import java.net.InetAddress;
import java.util.Optional;

/** Builds the hold rule of a {@code quorum} mode. */
public final class HoldRules {

    private HoldRules() {
    }

    /**
     * @param onChange called (on the rule's own thread) when the answer may have changed without a view change
     */
    public static HoldRule of(Quorum quorum, Optional<InetAddress> tieBreaker, Reachability reachability, Runnable onChange) {
        return switch (quorum) {
            case NONE -> new NoQuorum();
            case MAJORITY -> new MajorityQuorum();
            case TIE_BREAKER -> new TieBreakerQuorum(tieBreaker.orElseThrow(() -> new IllegalArgumentException("quorum tie-breaker needs a tie-breaker address")),
                    reachability, onChange);
        };
    }
}
