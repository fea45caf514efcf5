package dev.havip.testsuite.lab;

/**
 * The faults of the end-to-end lab, each on node-a (the preferred holder), each undone by {@link #restore} so that
 * the VIP fails back and the next scenario starts from the same steady state. {@code holdMs}: how long the fault
 * lasts, counted from its start (at least until node-b serves the client).
 */
enum Scenario {
    /** kill -9 of every process of node-a (server; for keepalived, keepalived too); restore: start them again. */
    CRASH("crash (kill -9)", Lab.LIFETIME_MS + 2_000),
    /** node-a's port on the hub goes down: no FIN, no RST, no carrier. */
    LINK_CUT("link cut", 6_000),
    /** node-a's app is undeployed; its server keeps running. */
    SERVICE_DEATH("service death (undeploy)", 3_000),
    /** SIGSTOP of every process of node-a for 5 s, then SIGCONT. */
    PAUSE("pause (SIGSTOP 5 s)", 5_000),
    /** Operator moves the VIP to node-b; restore: clear the pin (failback). ha-vip only. */
    MOVE("planned: move", 3_000),
    /** node-a goes into maintenance; restore: out of it. ha-vip only. */
    MAINTENANCE("planned: maintenance", 3_000),
    /** Graceful shutdown of node-a; restore: start it. */
    SHUTDOWN("planned: shutdown", 3_000),
    /** node-a and node-b cannot reach each other; both still reach the tie-breaker and the client. */
    PARTITION("partition (both reach the hub)", 6_000);

    final String title;
    final long holdMs;

    Scenario(String title, long holdMs) {
        this.title = title;
        this.holdMs = holdMs;
    }

    /** A handover the operator asked for: the client must not notice more than the commands take. */
    boolean planned() {
        return this == MOVE || this == MAINTENANCE || this == SHUTDOWN;
    }

    /** The node that serves the client while the fault lasts ({@code null}: either, the partition cannot be decided). */
    String servedBy() {
        return this == PARTITION ? null : "node-b";
    }

    void inject(Lab lab, Contender contender) throws Exception {
        switch (this) {
            case CRASH -> lab.crash(lab.a);
            case LINK_CUT -> lab.net.cut("a");
            case SERVICE_DEATH -> lab.a.cli("/deployment=ROOT.war:undeploy");
            case PAUSE -> lab.pause("a");
            case MOVE, MAINTENANCE, SHUTDOWN -> contender.plannedAway(lab, this);
            case PARTITION -> lab.net.isolate("a", "b");
        }
    }

    void restore(Lab lab, Contender contender) throws Exception {
        switch (this) {
            case CRASH -> contender.restart(lab, lab.a);
            case LINK_CUT -> lab.net.restore("a");
            case SERVICE_DEATH -> lab.a.cli("/deployment=ROOT.war:deploy");
            case PAUSE -> lab.resume("a");
            case MOVE, MAINTENANCE, SHUTDOWN -> contender.plannedBack(lab, this);
            case PARTITION -> lab.net.unisolate("a", "b");
        }
    }
}
