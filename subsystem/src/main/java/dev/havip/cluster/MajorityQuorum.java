package dev.havip.cluster;

/**
 * {@code quorum=majority}: a partition may hold VIPs while it has more than half of the largest view
 * this node has seen. Views arrive on the decision thread; reads come from any thread.
 */
public final class MajorityQuorum implements HoldRule {

    private volatile int viewSize;
    private volatile int largestView;

    @Override
    public void viewChanged(int members) {
        this.viewSize = members;
        this.largestView = Math.max(this.largestView, members);
    }

    @Override
    public boolean quorate() {
        return this.viewSize * 2 > this.largestView;
    }

    /** The most servers this node has seen at once ({@code quorum=witness} counts its grantors by it). */
    public int largestView() {
        return this.largestView;
    }
}
