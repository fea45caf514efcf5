package dev.havip.election;

import java.util.Optional;

/**
 * The owner of one VIP and why, phrased for a log line or a history entry.
 *
 * @param vip    the virtual-ip resource name
 * @param owner  the node that should hold the VIP; empty when no member is eligible
 * @param reason why this member (or nobody) owns it
 */
public record ElectionResult(String vip, Optional<String> owner, Reason reason) {

    public enum Reason {
        /** No member of the view is eligible, so nobody may hold the VIP. */
        NO_ELIGIBLE_MEMBER,
        /** An operator pinned the VIP to this member (takeover, release, move). */
        PINNED,
        /** The best-ranked eligible member already holds it. */
        PREFERRED,
        /** A lower-ranked holder keeps it: failback=manual, or the preferred member is not failback-ready yet. */
        STICKY_CURRENT_HOLDER,
        /** failback=auto: the preferred member is failback-ready and takes it back from the holder. */
        FAILBACK,
        /** No eligible member holds it (first start, or the holder was lost): the best-ranked takes it. */
        NO_CURRENT_HOLDER
    }

    public ElectionResult {
        vip = VipElectionInput.requireName("vip", vip);
        if (owner == null) {
            throw new IllegalArgumentException("owner must not be null, use Optional.empty() (vip " + vip + ")");
        }
        owner.ifPresent(o -> VipElectionInput.requireName("owner", o));
        if (reason == null) {
            throw new IllegalArgumentException("reason must not be null (vip " + vip + ")");
        }
        if (owner.isEmpty() != (reason == Reason.NO_ELIGIBLE_MEMBER)) {
            throw new IllegalArgumentException("reason " + reason + " does not match owner " + owner + " (vip " + vip + ")");
        }
    }
}
