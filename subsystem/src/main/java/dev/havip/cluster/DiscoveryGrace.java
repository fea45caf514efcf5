package dev.havip.cluster;

import java.util.concurrent.TimeUnit;

/**
 * The discovery grace of a lone member: a node that finds itself alone right after it joined (or
 * right after it regained quorum while still alone, e.g. a cut link came back) may only have missed
 * its peers, who may hold its VIPs; it waits for discovery and the merge before it assigns anything.
 * Being alone after having seen peers is a real loss and needs no wait. Decision thread only.
 */
public final class DiscoveryGrace {

    private final long graceNanos;
    private long joinedNanos;
    private boolean connectedBefore;
    /** Discovery found the others at least once since this node (re)joined. */
    private boolean sawPeers;
    private boolean wasQuorate = true;

    public DiscoveryGrace(long graceMillis) {
        this.graceNanos = TimeUnit.MILLISECONDS.toNanos(graceMillis);
    }

    /** One decision pass's look at the membership. */
    public void observe(boolean connected, boolean quorate, int viewSize, long now) {
        if (connected && !this.connectedBefore) {
            this.restart(now);
        }
        this.connectedBefore = connected;
        if (connected && quorate && !this.wasQuorate && viewSize == 1) {
            this.restart(now); // back from isolation but still alone: the other side may hold our VIPs
        }
        this.wasQuorate = quorate;
        this.sawPeers |= viewSize > 1;
    }

    /** Whether a member alone in its view must still wait before it assigns VIPs. */
    public boolean waiting(int viewSize, long now) {
        return viewSize == 1 && !this.sawPeers && now - this.joinedNanos < this.graceNanos;
    }

    private void restart(long now) {
        this.joinedNanos = now;
        this.sawPeers = false;
    }
}
