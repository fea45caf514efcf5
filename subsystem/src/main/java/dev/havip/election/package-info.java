/**
 * Who should own each virtual IP, and what this node must do about it.
 *
 * <p>{@link dev.havip.election.Election} is a pure function of the members' published state:
 * every member computes it from the same shared state and therefore reaches the same answer,
 * without an extra round of messages. It has no clock, no I/O and no quorum logic; time-based
 * inputs (failback-delay) and the "may this node hold a VIP right now" gate are decided
 * elsewhere and passed in as values.
 */
package dev.havip.election;
