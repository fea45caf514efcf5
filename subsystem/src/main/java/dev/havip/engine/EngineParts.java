package dev.havip.engine;

import java.util.Map;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.Peers;

/**
 * The rooms that the engine's helpers ({@link ClusterNews}, {@link OperatorActions}, {@link PauseResponse}) share,
 * built once by {@link HaVipEngine}; each room's javadoc names the threads that may touch it.
 */
record EngineParts(String node, ClusterMember member, Peers peers, Map<String, VipRuntime> vips, DecisionThread decisions,
        Assignments assignments, Eligibility eligibility, Publisher publisher) {
}
