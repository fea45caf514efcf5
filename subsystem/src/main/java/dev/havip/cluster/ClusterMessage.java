package dev.havip.cluster;

import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Messages ha-vip nodes exchange over the JGroups channel. */
public sealed interface ClusterMessage {

    /** The sender's full state; replaces whatever the receiver knew about the sender. */
    record State(NodeState state) implements ClusterMessage {
    }

    /**
     * The coordinator's decision: which member holds which VIP (a VIP without an entry: nobody).
     * Epochs grow; members act on the newest table of the current coordinator and acknowledge
     * its epoch in their state. A table sent again names the members it is still waiting for.
     */
    record Table(String coordinator, long epoch, SortedMap<String, String> owners, SortedSet<String> waitingFor) implements ClusterMessage {
        public Table {
            owners = new TreeMap<>(owners);
            waitingFor = new TreeSet<>(waitingFor);
        }

        public Table(String coordinator, long epoch, SortedMap<String, String> owners) {
            this(coordinator, epoch, owners, new TreeSet<>());
        }

        /** The same table sent again, naming the members whose acknowledgement of it has not arrived. */
        public Table waitingFor(java.util.Collection<String> members) {
            return new Table(this.coordinator, this.epoch, this.owners, new TreeSet<>(members));
        }
    }

    /**
     * The sender's full state, sent to a member that just joined (the others have it already: a state multicast for
     * each newcomer would cost N² deliveries per join at N members). It fills a gap and never replaces what the
     * newcomer knows of the sender: a state multicast after it may arrive first.
     */
    record Introduction(NodeState state) implements ClusterMessage {
    }

    /**
     * The sender acted on {@code coordinator}'s table of {@code epoch}: sent to that coordinator alone, the only member
     * that reads acknowledgements, when nothing else in the sender's state changed (a state multicast to acknowledge
     * each table would cost N² deliveries per table at N members). Raises the acknowledgement in the sender's state.
     */
    record Ack(String coordinator, long epoch) implements ClusterMessage {
    }

    /** An operator pinned {@code vip} to {@code node}; newer epochs win. Only {@code node} records it. */
    record Pin(String vip, String node, long epoch) implements ClusterMessage {
    }

    /** An operator cleared the pin of {@code vip}; every node drops its pin for it. */
    record ClearPin(String vip) implements ClusterMessage {
    }

    /** The messages of {@code quorum=witness}'s leases, which only its hold rule reads. */
    sealed interface Lease extends ClusterMessage {
    }

    /**
     * {@code quorum=witness}: the sender asks this member for a lease on {@code vip} of {@code leaseMs} (also a
     * renewal); {@code seq} pairs the reply with the moment the request left, from which the sender counts the lease.
     */
    record LeaseRequest(String vip, long seq, long leaseMs) implements Lease {
    }

    /** The answer to a {@link LeaseRequest}: granted (for the lease asked for) or not. */
    record LeaseReply(String vip, long seq, boolean granted) implements Lease {
    }

    /** The sender removed its address of {@code vip}: a lease this member granted it may end now. */
    record LeaseRelease(String vip) implements Lease {
    }
}
