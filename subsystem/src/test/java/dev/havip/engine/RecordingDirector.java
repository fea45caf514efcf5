package dev.havip.engine;

import java.net.InetAddress;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.havip.movers.Director;

/** A recording mover that is also an LVS director: remembers the real servers it was given last. */
final class RecordingDirector extends RecordingMover implements Director {

    volatile List<InetAddress> realServers = List.of();

    RecordingDirector(String node, String vip, Timeline timeline, BooleanSupplier crashed, EngineCluster.Node owner) {
        super(node, vip, timeline, crashed, owner);
    }

    @Override
    public void setRealServers(List<InetAddress> servers) {
        this.realServers = List.copyOf(servers);
    }
}
