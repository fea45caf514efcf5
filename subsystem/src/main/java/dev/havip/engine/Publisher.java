package dev.havip.engine;

import java.util.SortedMap;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.NodeState;
import dev.havip.cluster.VipAdvert;

/**
 * This node's state as the cluster sees it: built here and nowhere else, published on every change and
 * when a newcomer or the coordinator needs it (never by polling), and published again when a send failed.
 * Decision thread only.
 */
final class Publisher {

    private final String node;
    private final ClusterMember member;
    /** A state sent this recently may still be on its way: a repeated table is not answered yet. */
    static final long ANSWER_AFTER_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private NodeState published;
    private long publishedNanos;
    private boolean forced;

    Publisher(String node, ClusterMember member) {
        this.node = node;
        this.member = member;
    }

    NodeState state(boolean steppingDown, String ackFrom, long ack, SortedMap<String, VipAdvert> adverts) {
        return new NodeState(this.node, this.member.bindAddress(), steppingDown, ackFrom, ack, adverts);
    }

    /** The next {@link #publish} sends even an unchanged state (a newcomer, a rejoin, a lost acknowledgement). */
    void force() {
        this.forced = true;
    }

    boolean forced() {
        return this.forced;
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

    /** Sends the state when it changed or was forced; a failed send is not recorded, so the next pass sends it again. */
    void publish(NodeState state) {
        if ((this.forced || !state.equals(this.published)) && this.member.send(new ClusterMessage.State(state))) {
            this.published = state;
            this.publishedNanos = System.nanoTime();
            this.forced = false;
        }
    }
}
