package dev.havip.engine;

import java.util.SortedMap;

import org.jgroups.Address;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.NodeState;
import dev.havip.cluster.VipAdvert;

/**
 * This node's state as the cluster sees it: built here and nowhere else, published on every change and
 * when the coordinator or everyone needs it (never by polling), and published again when a send failed; an
 * acknowledgement alone goes to the coordinator only, and the state a newcomer needs to the newcomer only.
 * Decision thread only.
 */
final class Publisher {

    private final String node;
    private final ClusterMember member;
    /** A state sent this recently may still be on its way: a repeated table is not answered yet. */
    static final long ANSWER_AFTER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private NodeState published;
    /** Members that joined and have not had this node's state yet. */
    private final java.util.Set<Address> newcomers = new java.util.LinkedHashSet<>();
    private long publishedNanos;
    private boolean forced;

    Publisher(String node, ClusterMember member) {
        this.node = node;
        this.member = member;
    }

    NodeState state(boolean steppingDown, String ackFrom, long ack, SortedMap<String, VipAdvert> adverts) {
        return new NodeState(this.node, this.member.bindAddress(), steppingDown, ackFrom, ack, adverts);
    }

    /** The next {@link #publish} multicasts even an unchanged state (this node joined, a merge, a rejoin, a lost acknowledgement). */
    void force() {
        this.forced = true;
    }

    /** The next {@link #publish} sends the state to these newcomers too (the others have it). */
    void introduce(java.util.Collection<Address> newcomers) {
        this.newcomers.addAll(newcomers);
    }

    /** A newcomer or everyone is owed the state: the coordinator sends its table again with it. */
    boolean forced() {
        return this.forced || !this.newcomers.isEmpty();
    }

    /**
     * The coordinator sent its table again, still waiting for our acknowledgement: send the state again, unless
     * it left so recently that it may still be on its way (under load, answering every repeat floods the cluster).
     */
    void repeatAsked(long now) {
        if (now - this.publishedNanos > ANSWER_AFTER_NANOS) {
            this.forced = true;
        }
    }

    /**
     * Sends the state when it changed or was forced; a failed send is not recorded, so the next pass sends it again. A
     * state that changed only in its acknowledgement goes to the coordinator of that table alone, as an
     * {@link ClusterMessage.Ack} (nothing at all when that is this node): no other member reads it.
     * @param tableSender the member whose table this node acted on last, or null
     */
    void publish(NodeState state, Address tableSender) {
        this.introduceTo(state);
        if (!this.forced && state.equals(this.published)) {
            return;
        }
        boolean acknowledgedOnly = !this.forced && this.published != null && state.equals(this.published.acknowledging(state.ackFrom(), state.ack()));
        boolean sent;
        if (!acknowledgedOnly) {
            sent = this.member.send(new ClusterMessage.State(state));
        } else if (tableSender == null || tableSender.equals(this.member.localAddress())) {
            sent = true; // the coordinator reads its own acknowledgement from its own state
        } else {
            sent = this.member.send(tableSender, new ClusterMessage.Ack(state.ackFrom(), state.ack()));
        }
        if (sent) {
            this.published = state;
            this.publishedNanos = System.nanoTime();
            this.forced = false;
        }
    }

    /** Sends the state to each newcomer still in the view that has not had it; one that could not be sent is tried again. */
    private void introduceTo(NodeState state) {
        if (this.forced) {
            this.newcomers.clear(); // the multicast reaches them too
            return;
        }
        this.newcomers.removeIf(newcomer -> !this.member.view().contains(newcomer)
                || this.member.send(newcomer, new ClusterMessage.Introduction(state)));
    }
}
