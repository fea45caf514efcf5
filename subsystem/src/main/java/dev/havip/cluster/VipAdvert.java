package dev.havip.cluster;

/**
 * What one node tells the others about one VIP: its priority, whether it may hold the VIP now
 * (healthy, ready, not in maintenance, no fault), whether it has waited out failback-delay,
 * whether it has (or is adding) the address, whether the address is up and announced (its takeover
 * finished: the old holder of a planned move removes its copy only then), and the operator pin it
 * carries (0 = none).
 */
public record VipAdvert(int priority, boolean eligible, boolean failbackReady, boolean held, long pinEpoch, boolean announced) {

    /** An advert whose address, if held, is announced (a takeover that finished). */
    public VipAdvert(int priority, boolean eligible, boolean failbackReady, boolean held, long pinEpoch) {
        this(priority, eligible, failbackReady, held, pinEpoch, held);
    }
}
