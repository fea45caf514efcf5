package dev.havip.cluster;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.FailureDetection;
import org.jgroups.protocols.MERGE3;

import dev.havip.logging.Guarded;
import dev.havip.logging.HaVipLogger;

/**
 * This node's membership in the ha-vip cluster: one JGroups channel (from whatever stack the
 * caller built it with), views, and the ha-vip messages. It only reports; deciding is the
 * engine's job. Callbacks arrive on JGroups threads and must return quickly.
 */
public final class ClusterMember implements Receiver, AutoCloseable {

    /** Receives views and messages; called on JGroups threads. */
    public interface Listener {
        void viewChanged(ClusterView view);

        void received(Address sender, ClusterMessage message);
    }

    /** Used when the stack has no FailureDetection protocol to read the timeout from. */
    static final long DEFAULT_FAILURE_TIMEOUT_MS = 3000;

    private final JChannel channel;
    private final String clusterName;
    private volatile Listener listener;
    private volatile ClusterView view = ClusterView.NONE;
    /** The transport logger whose {@link RefusedConnectionFilter} this member counts among the users of, or null. */
    private final AtomicReference<String> filtered = new AtomicReference<>();

    /** @param channel a channel that is not connected yet; this member owns and closes it */
    public ClusterMember(JChannel channel, String nodeName, String clusterName) {
        this.channel = channel.name(nodeName);
        this.clusterName = clusterName;
    }

    public void connect(Listener listener) throws Exception {
        this.listener = listener;
        this.channel.setReceiver(this);
        String transportLogger = this.channel.getProtocolStack().getTransport().getClass().getName();
        if (this.filtered.compareAndSet(null, transportLogger)) {
            RefusedConnectionFilter.acquire(transportLogger);
        }
        this.channel.connect(this.clusterName);
        // FD_SOCK2 stamps each suspicion with this; its first call loads java.time's formatting data (12 ms in the lab),
        // which would otherwise fall between the first crash's closed socket and its view
        org.jgroups.util.Util.utcNow();
        List<String> remotePeers = ClusterExposure.remotePeers(this.channel);
        if (!remotePeers.isEmpty() && !ClusterExposure.authenticated(this.channel)) {
            HaVipLogger.ROOT_LOGGER.clusterNotAuthenticated(this.clusterName, remotePeers); // once, at start
        }
    }

    /**
     * Leaves and joins again. A member that was frozen is not told that the others excluded it; it
     * keeps its old view until a merge, so after a pause it rejoins to see the cluster as it is.
     */
    public void rejoin() throws Exception {
        this.view = ClusterView.NONE; // from now on this member is in no view: nothing is decided or sent on the old one
        this.channel.disconnect();
        this.channel.connect(this.clusterName);
    }

    /** Multicasts the message; false (and logged) when the channel refused it, so the caller can send it again. */
    public boolean send(ClusterMessage message) {
        return this.send(null, message);
    }

    /** Sends the message to one member ({@code null}: to all); false (and logged) when the channel refused it. */
    public boolean send(Address to, ClusterMessage message) {
        try {
            this.channel.send(new BytesMessage(to, ClusterCodec.encode(message)));
            return true;
        } catch (Exception e) {
            HaVipLogger.ROOT_LOGGER.sendFailed(e.toString());
            return false;
        }
    }

    public String clusterName() {
        return this.clusterName;
    }

    /** The name this member goes by in the cluster (the node name). */
    public String nodeName() {
        return this.channel.getName();
    }

    public Address localAddress() {
        return this.channel.getAddress();
    }

    /** The address this member's transport is bound to (its address on the cluster network), or "" before connecting. */
    public String bindAddress() {
        java.net.InetAddress address = this.channel.getProtocolStack().getTransport().getBindAddress();
        return address != null ? address.getHostAddress() : "";
    }

    public ClusterView view() {
        return this.view;
    }

    /** How long the stack lets a silent member live before it suspects it (FD_ALL3's timeout). */
    public long failureTimeoutMillis() {
        FailureDetection fd = this.channel.getProtocolStack().findProtocol(FailureDetection.class);
        return fd != null ? fd.getTimeout() : DEFAULT_FAILURE_TIMEOUT_MS;
    }

    /**
     * How long a member that finds itself alone should wait before it acts as the whole cluster:
     * discovery can miss running peers (slow start, busy host), and MERGE3 needs up to its
     * max_interval to notice the other partition.
     */
    public long discoveryGraceMillis() {
        MERGE3 merge = this.channel.getProtocolStack().findProtocol(MERGE3.class);
        // two rounds: the first INFO from the other side may come late in an interval, the merge itself takes one more
        return 2 * (merge != null ? merge.getMaxInterval() : DEFAULT_FAILURE_TIMEOUT_MS);
    }

    @Override
    public void viewAccepted(View newView) {
        this.view = ClusterView.of(newView);
        Guarded.run("FD_SOCK2 check", () -> FdSockRepair.afterView(this.channel, newView)); // nothing thrown into JGroups' thread
        Listener current = this.listener;
        if (current != null) {
            current.viewChanged(this.view);
        }
    }

    /** Malformed or refused input, logged at most once per sender every 10 s. */
    private final RefusalLog refusals = new RefusalLog((sender, what) -> HaVipLogger.ROOT_LOGGER.badMessage(sender, what));

    /** Decodes, admits ({@link Admission}) and hands on; nothing a peer sends can throw into the JGroups thread. */
    @Override
    public void receive(Message message) {
        Address sender = message.src();
        String senderName = sender != null ? org.jgroups.util.NameCache.get(sender) : null;
        try {
            ClusterMessage decoded = ClusterCodec.decode(message.getArray(), message.getOffset(), message.getLength());
            String refusal = Admission.refusal(decoded, senderName, this.view.contains(sender));
            if (refusal != null) {
                if (!(decoded instanceof ClusterMessage.Lease)) {
                    this.refusals.refused(String.valueOf(sender), "refused " + refusal, System.nanoTime());
                } // a lease message from a member this view does not have yet, or no longer: expected at joins and partitions
                return;
            }
            Listener current = this.listener;
            if (current != null) {
                current.received(sender, decoded);
            }
        } catch (IOException | RuntimeException e) {
            this.refusals.refused(String.valueOf(sender), e instanceof IOException ? e.getMessage() : e.toString(), System.nanoTime());
        }
    }

    @Override
    public void close() {
        try {
            this.channel.close();
        } finally {
            String transportLogger = this.filtered.getAndSet(null);
            if (transportLogger != null) {
                RefusedConnectionFilter.release(transportLogger);
            }
        }
    }
}
