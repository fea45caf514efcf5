package dev.havip.testsuite.lab;

import java.util.EnumSet;
import java.util.Set;

/**
 * ha-vip in the lab: the VIP 198.18.0.100/24 on eth0 with {@code method=ip}, node-a priority 200, node-b 100,
 * {@code failback=auto}, {@code quorum=tie-breaker} on the hub's address, and a {@code deployment} health check on
 * the app (ROOT.war), so that an undeployed app moves the VIP like a dead server does. The "fast" profile shortens
 * the stack's failure detection (FD_ALL3 every 50 ms, suspect after 200 ms, VERIFY_SUSPECT2 50 ms instead of
 * 100/500/100 ms): it only matters for silent failures, so the benchmark runs it for those.
 */
final class HaVipContender implements Contender {

    private final boolean fast;

    HaVipContender(boolean fast) {
        this.fast = fast;
    }

    @Override
    public String name() {
        return this.fast ? "ha-vip-fast" : "ha-vip";
    }

    @Override
    public String[] serverConfig(int priority) {
        String[] vip = {
            "/subsystem=ha-vip:write-attribute(name=tie-breaker-address,value=" + Lab.GATEWAY + ")",
            "/subsystem=ha-vip:write-attribute(name=quorum,value=tie-breaker)",
            "/subsystem=ha-vip/health-check=app:add(type=deployment,target=[ROOT.war])",
            "/subsystem=ha-vip/virtual-ip=web:add(ip-address=" + Lab.VIP + "/24,interface=eth0,priority=" + priority
                    + ",failback=auto,garp-refresh-interval=" + Lab.REFRESH_MS + ",health-checks=[app])" };
        if (!this.fast) {
            return vip;
        }
        String stack = "/subsystem=jgroups/stack=ha-vip/protocol=";
        String[] all = java.util.Arrays.copyOf(vip, vip.length + 2);
        all[vip.length] = stack + "FD_ALL3:write-attribute(name=properties,value={interval=50,timeout=200})";
        all[vip.length + 1] = stack + "VERIFY_SUSPECT2:write-attribute(name=properties,value={timeout=50})";
        return all;
    }

    @Override
    public void serversUp(Lab lab) {
        // nothing runs beside the servers
    }

    @Override
    public void restart(Lab lab, LabServer server) throws Exception {
        server.start();
    }

    @Override
    public void plannedAway(Lab lab, Scenario scenario) throws Exception {
        switch (scenario) {
            case MOVE -> lab.a.cli("/subsystem=ha-vip/virtual-ip=web:move(node=node-b)");
            case MAINTENANCE -> lab.a.cli("/subsystem=ha-vip:write-attribute(name=maintenance,value=true)");
            case SHUTDOWN -> lab.a.shutdown();
            default -> throw new IllegalArgumentException(scenario.name());
        }
    }

    @Override
    public void plannedBack(Lab lab, Scenario scenario) throws Exception {
        switch (scenario) {
            case MOVE -> lab.a.cli("/subsystem=ha-vip/virtual-ip=web:clear");
            case MAINTENANCE -> lab.a.cli("/subsystem=ha-vip:write-attribute(name=maintenance,value=false)");
            case SHUTDOWN -> lab.a.start();
            default -> throw new IllegalArgumentException(scenario.name());
        }
    }

    @Override
    public Set<Scenario> scenarios() {
        return this.fast ? EnumSet.of(Scenario.CRASH, Scenario.LINK_CUT, Scenario.PAUSE) : EnumSet.allOf(Scenario.class);
    }
}
