package dev.havip.cluster;

import java.net.InetAddress;
import java.util.Optional;

import dev.havip.cluster.lease.WitnessQuorum;

/** Builds the hold rule of a {@code quorum} mode. */
public final class HoldRules {

    private HoldRules() {
    }

    /**
     * @param member        this node's membership ({@code quorum=witness} asks its peers for leases through it)
     * @param addressLifeMs how long a held address outlives its last renewal at most ({@code quorum=witness})
     * @param onChange      called (on the rule's own thread) when the answer may have changed without a view change
     */
    public static HoldRule of(Quorum quorum, Optional<InetAddress> tieBreaker, Reachability reachability, ClusterMember member,
            Optional<WitnessEndpoint> witness, long addressLifeMs, Runnable onChange) {
        return switch (quorum) {
            case NONE -> new NoQuorum();
            case MAJORITY -> new MajorityQuorum();
            case TIE_BREAKER -> new TieBreakerQuorum(tieBreaker.orElseThrow(() -> new IllegalArgumentException("quorum tie-breaker needs a tie-breaker address")),
                    reachability, onChange);
            case WITNESS -> new WitnessQuorum(member,
                    witness.orElseThrow(() -> new IllegalArgumentException("quorum witness needs a witness")), addressLifeMs, onChange);
        };
    }
}
