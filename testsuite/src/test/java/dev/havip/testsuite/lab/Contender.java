package dev.havip.testsuite.lab;

import java.util.Set;

/**
 * What keeps the VIP on a healthy server in the lab: ha-vip itself, or keepalived beside the same two WildFly
 * servers (the benchmark's comparison). The faults the scenarios inject are the same for both; only what the
 * contender needs to be configured, restarted or asked politely differs.
 */
interface Contender {

    /** For tables and file names. */
    String name();

    /**
     * The lab's network is up, its servers neither configured nor started: start what must run before they boot (e.g.
     * in a host of its own, {@code lab.net.host(...)}). {@link #close()} stops it, however the lab ends.
     */
    default void networkUp(Lab lab) throws Exception {
    }

    /** Prepares {@code server}'s base directory and environment before its configuration and first boot (files it needs). */
    default void prepare(LabServer server) throws Exception {
    }

    /** CLI commands run on each server before its first boot; {@code priority}: 200 for node-a, 100 for node-b. */
    String[] serverConfig(int priority);

    /** Both servers serve on their own addresses: start whatever runs beside them. */
    void serversUp(Lab lab) throws Exception;

    /** Brings {@code server}'s node back after a crash or a shutdown (its server and what runs beside it). */
    void restart(Lab lab, LabServer server) throws Exception;

    /** A planned step away from node-a (see {@link Scenario#planned()}); restore with {@link #plannedBack}. */
    void plannedAway(Lab lab, Scenario scenario) throws Exception;

    void plannedBack(Lab lab, Scenario scenario) throws Exception;

    /** The scenarios this contender has an equivalent for. */
    Set<Scenario> scenarios();

    /** Stops what {@link #networkUp} and {@link #serversUp} started (the lab stops the servers and the namespaces). */
    default void close() {
    }
}
