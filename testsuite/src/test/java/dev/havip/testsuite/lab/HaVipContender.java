package dev.havip.testsuite.lab;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * ha-vip in the lab: the VIP 198.18.0.100/24 on eth0 with {@code method=ip}, node-a priority 200, node-b 100,
 * {@code failback=auto}, {@code quorum=tie-breaker} on the hub's address, and a {@code deployment} health check on
 * the app (ROOT.war), so that an undeployed app moves the VIP like a dead server does; the layer's default
 * {@code ha-vip} stack as it is (FD_SOCK2, FD_ALL3 every 50 ms suspecting after 200 ms, VERIFY_SUSPECT2 20 ms).
 */
final class HaVipContender implements Contender {

    @Override
    public String name() {
        return "ha-vip";
    }

    @Override
    public String[] serverConfig(int priority) {
        return Stream.concat(Stream.of(
                "/subsystem=ha-vip:write-attribute(name=tie-breaker-address,value=" + Lab.GATEWAY + ")",
                "/subsystem=ha-vip:write-attribute(name=quorum,value=tie-breaker)"), Stream.of(vipConfig(priority)))
                .toArray(String[]::new);
    }

    /** The lab's health check on the app and its VIP, whatever the quorum. */
    static String[] vipConfig(int priority) {
        return new String[] {
            "/subsystem=ha-vip/health-check=app:add(type=deployment,target=[ROOT.war])",
            "/subsystem=ha-vip/virtual-ip=web:add(ip-address=" + Lab.VIP + "/24,interface=eth0,priority=" + priority
                    + ",failback=auto,garp-refresh-interval=" + Lab.REFRESH_MS + ",health-checks=[app])" };
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
        return EnumSet.allOf(Scenario.class);
    }
}
