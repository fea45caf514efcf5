package dev.havip.testsuite.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * ha-vip with {@code quorum=witness}: the {@link HaVipContender} (plain {@code ha-vip} stack, same VIP, health check and
 * failback) whose servers hold the VIP only with leases from a majority of {node-a, node-b, witness}. The witness
 * ({@link WitnessProcess}) runs in a host of its own on the hub, started before the servers boot (a fresh witness
 * grants nothing for one lease) and stopped when the lab closes. Both servers and the witness share one cluster key
 * store ({@link LabClusterKey}); the servers reach the witness through the Elytron client SSL context, configured as
 * README "Witness" says. Test thread.
 */
final class WitnessHaVipContender extends HaVipVariant {

    private final LabClusterKey key = new LabClusterKey("ha-vip-witness");
    private WitnessProcess witness;

    WitnessHaVipContender() throws Exception {
    }

    /** The running lab's witness. */
    WitnessProcess witness() {
        return this.witness;
    }

    @Override
    public String name() {
        return "ha-vip-witness";
    }

    @Override
    public void networkUp(Lab lab) throws Exception {
        this.close(); // a rebuilt lab (benchmark) gets a witness of its own
        this.witness = new WitnessProcess(lab.net, this.key.store(), this.key.password(), lab.work);
        this.witness.start();
    }

    @Override
    public void prepare(LabServer server) throws Exception {
        this.key.install(server);
    }

    @Override
    public String[] serverConfig(int priority) {
        List<String> commands = new ArrayList<>(LabClusterKey.elytronCommands(false));
        commands.addAll(List.of(
                "/socket-binding-group=standard-sockets/remote-destination-outbound-socket-binding=ha-vip-witness:add(host="
                        + WitnessProcess.ADDRESS + ", port=" + WitnessProcess.PORT + ")",
                "/subsystem=ha-vip:write-attribute(name=witness, value=ha-vip-witness)",
                "/subsystem=ha-vip:write-attribute(name=witness-ssl-context, value=" + LabClusterKey.CLIENT_CONTEXT + ")",
                "/subsystem=ha-vip:write-attribute(name=quorum, value=witness)"));
        commands.addAll(List.of(HaVipContender.vipConfig(priority)));
        return commands.toArray(String[]::new);
    }

    @Override
    public void close() {
        if (this.witness != null) {
            try {
                this.witness.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                this.witness = null;
            }
        }
    }
}
