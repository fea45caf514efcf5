package dev.havip.cluster;

import java.util.SortedMap;
import java.util.TreeMap;

/** Messages ha-vip nodes exchange over the JGroups channel. */
public sealed interface ClusterMessage {

    /** The sender's full state; replaces whatever the receiver knew about the sender. */
    record State(NodeState state) implements ClusterMessage {
    }

    /**
     * The coordinator's decision: which member holds which VIP (a VIP without an entry: nobody).
     * Epochs grow; members act on the newest table of the current coordinator and acknowledge
     * its epoch in their state.
     */
    record Table(String coordinator, long epoch, SortedMap<String, String> owners) implements ClusterMessage {
        public Table {
            owners = new TreeMap<>(owners);
        }
    }

    /** An operator pinned {@code vip} to {@code node}; newer epochs win. Only {@code node} records it. */
    record Pin(String vip, String node, long epoch) implements ClusterMessage {
    }

    /** An operator cleared the pin of {@code vip}; every node drops its pin for it. */
    record ClearPin(String vip) implements ClusterMessage {
    }
}
