package dev.havip.testsuite.lab;

import java.util.Set;

/**
 * A variant of {@link HaVipContender} (another stack, another quorum mode) that runs the lab's scenarios exactly as
 * the plain one does: the same restart, planned moves and scenarios; only the servers' configuration and what runs
 * beside them differ. Test thread.
 */
abstract class HaVipVariant implements Contender {

    final HaVipContender plain = new HaVipContender();

    @Override
    public void serversUp(Lab lab) {
        this.plain.serversUp(lab);
    }

    @Override
    public void restart(Lab lab, LabServer server) throws Exception {
        this.plain.restart(lab, server);
    }

    @Override
    public void plannedAway(Lab lab, Scenario scenario) throws Exception {
        this.plain.plannedAway(lab, scenario);
    }

    @Override
    public void plannedBack(Lab lab, Scenario scenario) throws Exception {
        this.plain.plannedBack(lab, scenario);
    }

    @Override
    public Set<Scenario> scenarios() {
        return this.plain.scenarios();
    }
}
