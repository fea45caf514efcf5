package dev.havip.election;

/**
 * What this node must do with one VIP right now.
 *
 * @param vip  the virtual-ip resource name
 * @param kind the action
 */
public record LocalAction(String vip, Kind kind) {

    public enum Kind {
        /** Nothing to change. */
        NONE,
        /** Add the address and announce it. */
        TAKE,
        /** Remove the address (and publish held=false). */
        RELEASE,
        /** This node owns the VIP but another member still reports holding it: wait for its release. */
        WAIT_FOR_RELEASE
    }

    public LocalAction {
        vip = VipElectionInput.requireName("vip", vip);
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null (vip " + vip + ")");
        }
    }
}
