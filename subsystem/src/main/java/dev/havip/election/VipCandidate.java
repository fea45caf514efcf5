package dev.havip.election;

/**
 * One member's published state for one VIP.
 *
 * <p>Everything time- or health-dependent is decided by the member itself and published as a
 * flag, so that the election stays a pure function that every member evaluates identically.
 *
 * @param priority      this member's priority for the VIP, 1..254 (higher wins)
 * @param eligible      healthy, ready, not in maintenance and not in FAULT
 * @param failbackReady the member has been eligible for at least failback-delay (own clock)
 * @param held          the member reports the address on its interface
 * @param pinEpoch      0 = no operator pin; &gt;0 = an operator pinned the VIP here, newest epoch wins
 */
public record VipCandidate(int priority, boolean eligible, boolean failbackReady, boolean held, long pinEpoch) {

    public static final int MIN_PRIORITY = 1;
    public static final int MAX_PRIORITY = 254;

    public VipCandidate {
        if (priority < MIN_PRIORITY || priority > MAX_PRIORITY) {
            throw new IllegalArgumentException(
                    "priority must be in " + MIN_PRIORITY + ".." + MAX_PRIORITY + ", was " + priority);
        }
        if (pinEpoch < 0) {
            throw new IllegalArgumentException("pinEpoch must be >= 0 (0 = not pinned), was " + pinEpoch);
        }
    }

    public boolean pinned() {
        return pinEpoch > 0;
    }
}
