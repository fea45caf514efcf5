package dev.havip.cluster;

/** {@code quorum=none}: every partition may hold VIPs (two holders after a partition until the merge). */
final class NoQuorum implements HoldRule {

    @Override
    public void viewChanged(int members) {
    }

    @Override
    public boolean quorate() {
        return true;
    }
}
