package dev.havip.health;

/**
 * One attempt at checking a target. Implementations bound the attempt by their own timeout, never
 * throw (every failure is a failed {@link ProbeResult}), and answer interruption by giving up
 * promptly with a failed result and the interrupt flag restored.
 */
@FunctionalInterface
public interface Probe {

    ProbeResult probe();
}
