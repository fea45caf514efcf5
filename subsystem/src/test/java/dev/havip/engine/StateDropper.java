package dev.havip.engine;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jgroups.Message;
import org.jgroups.stack.Protocol;

import dev.havip.cluster.ClusterCodec;
import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.NodeState;

/**
 * A test protocol on top of a node's stack, above every protocol that retransmits: it loses (silently) or
 * refuses (the send throws) the node's next ha-vip state messages that match {@link #which}, as a send
 * that failed or a message that never left would, and records what the node sent. Runs on the sending thread.
 */
final class StateDropper extends Protocol {

    /** States still to lose silently. */
    final AtomicInteger lose = new AtomicInteger();
    /** States still to refuse with an exception from {@code JChannel.send}. */
    final AtomicInteger refuse = new AtomicInteger();
    /** States lost or refused so far. */
    final AtomicInteger dropped = new AtomicInteger();
    volatile Predicate<NodeState> which = state -> true;
    /** Set before the node starts: only then is the dropper put on its stack (the other tests run the plain stack). */
    volatile boolean watching;
    /** The last state this node sent (or tried to), while watching. */
    volatile NodeState lastState;

    /** What this node sent, while watching: "State to all", "Ack to node-2", ... (traffic tests). */
    final java.util.List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public Object down(Message message) {
        if (this.watching && message.getLength() > 0) {
            this.record(message);
        }
        if (this.watching && message.getDest() == null && message.getLength() > 0 && this.matches(this.state(message))) {
            if (this.refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                this.dropped.incrementAndGet();
                throw new IllegalStateException("refused by the test: send failed");
            }
            if (this.lose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                this.dropped.incrementAndGet();
                return null;
            }
        }
        return this.down_prot.down(message);
    }

    private void record(Message message) {
        try {
            ClusterMessage decoded = ClusterCodec.decode(message.getArray(), message.getOffset(), message.getLength());
            this.sent.add(decoded.getClass().getSimpleName() + " to " + (message.getDest() == null ? "all" : org.jgroups.util.NameCache.get(message.getDest())));
        } catch (IOException | RuntimeException e) {
            // not an ha-vip message
        }
    }

    private boolean matches(NodeState state) {
        return state != null && (this.lose.get() > 0 || this.refuse.get() > 0) && this.which.test(state);
    }

    private NodeState state(Message message) {
        try {
            if (ClusterCodec.decode(message.getArray(), message.getOffset(), message.getLength()) instanceof ClusterMessage.State state) {
                this.lastState = state.state();
                return state.state();
            }
        } catch (IOException | RuntimeException e) {
            // not an ha-vip message
        }
        return null;
    }
}
