package dev.havip.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node's state as it publishes it to the cluster on every change and on every view change
 * (never by polling): who it is and its cluster address (where an LVS director sends traffic), whether it is stepping
 * down (maintenance, not ready, shutting down: its VIPs are handed over make-before-break, like any planned move),
 * which coordinator's assignment table it has acted on last (and that table's epoch), and its advert for each VIP
 * it is configured with.
 */
public record NodeState(String node, String address, boolean steppingDown, String ackFrom, long ack, SortedMap<String, VipAdvert> vips) {

    public NodeState {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(ackFrom, "ackFrom");
        vips = new TreeMap<>(vips);
    }

    public NodeState(String node, String address, boolean steppingDown, String ackFrom, long ack, Map<String, VipAdvert> vips) {
        this(node, address, steppingDown, ackFrom, ack, new TreeMap<>(vips));
    }

    /** The same state, acknowledging {@code coordinator}'s table of {@code epoch}. */
    public NodeState acknowledging(String coordinator, long epoch) {
        return new NodeState(this.node, this.address, this.steppingDown, coordinator, epoch, this.vips);
    }

    /** Whether this member has acted on {@code coordinator}'s table of at least {@code epoch}. */
    public boolean acknowledged(String coordinator, long epoch) {
        return this.ackFrom.equals(coordinator) && this.ack >= epoch;
    }
}
