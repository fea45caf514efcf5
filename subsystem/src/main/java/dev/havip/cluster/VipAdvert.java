package dev.havip.cluster;

/**
 * What one node tells the others about one VIP: its priority, whether it may hold the VIP now
 * (healthy, ready, not in maintenance, no fault), whether it has waited out failback-delay,
 * whether it has the address, and the operator pin it carries (0 = none).
 */
public record VipAdvert(int priority, boolean eligible, boolean failbackReady, boolean held, long pinEpoch) {
}
