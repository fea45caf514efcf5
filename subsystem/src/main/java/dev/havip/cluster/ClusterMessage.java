package dev.havip.cluster;

/** Messages ha-vip nodes exchange over the JGroups channel. */
public sealed interface ClusterMessage {

    /** The sender's full state; replaces whatever the receiver knew about the sender. */
    record State(NodeState state) implements ClusterMessage {
    }

    /** An operator pinned {@code vip} to {@code node}; newer epochs win. Only {@code node} records it. */
    record Pin(String vip, String node, long epoch) implements ClusterMessage {
    }

    /** An operator cleared the pin of {@code vip}; every node drops its pin for it. */
    record ClearPin(String vip) implements ClusterMessage {
    }
}
