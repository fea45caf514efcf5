package dev.havip.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node's state as it publishes it to the cluster on every change and on every view change
 * (never by polling): who it is, whether it is in maintenance, the epoch of the coordinator's
 * latest assignment table it has acted on, and its advert for each VIP it is configured with.
 */
public record NodeState(String node, boolean maintenance, long ack, SortedMap<String, VipAdvert> vips) {

    public NodeState {
        Objects.requireNonNull(node, "node");
        vips = new TreeMap<>(vips);
    }

    public NodeState(String node, boolean maintenance, long ack, Map<String, VipAdvert> vips) {
        this(node, maintenance, ack, new TreeMap<>(vips));
    }
}
