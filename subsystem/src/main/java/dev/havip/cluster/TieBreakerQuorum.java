package dev.havip.cluster;

import java.net.InetAddress;

import dev.havip.logging.Guarded;
import dev.havip.logging.HaVipLogger;

/**
 * {@code quorum=tie-breaker} for two servers: a node that sees a peer may hold VIPs; a node alone
 * only while it reaches the tie-breaker address. The address is probed all the time on the thread
 * {@code ha-vip-tie-breaker}, not only once the peer is gone, so the answer is fresh at the moment a
 * partition happens. A probe that fails in any way counts as "unreachable" and the prober goes on.
 */
final class TieBreakerQuorum implements HoldRule {

    static final int PROBE_INTERVAL_MS = 100;
    static final int PROBE_TIMEOUT_MS = 250;

    private final InetAddress address;
    private final Reachability reachability;
    private final Runnable onChange;
    private final Thread prober;
    private volatile int viewSize;
    private volatile boolean reachable;
    private volatile boolean running = true;

    TieBreakerQuorum(InetAddress address, Reachability reachability, Runnable onChange) {
        this.address = address;
        this.reachability = reachability;
        this.onChange = onChange;
        this.prober = new Thread(this::probeLoop, "ha-vip-tie-breaker");
        this.prober.setDaemon(true);
        this.prober.start();
    }

    @Override
    public void viewChanged(int members) {
        this.viewSize = members;
    }

    @Override
    public boolean quorate() {
        return this.viewSize >= 2 || this.reachable;
    }

    private void probeLoop() {
        while (this.running) {
            Guarded.run("tie-breaker probe", this::probeOnce);
            try {
                Thread.sleep(PROBE_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void probeOnce() {
        boolean now;
        try {
            now = this.reachability.reachable(this.address, PROBE_TIMEOUT_MS);
        } catch (Exception e) {
            HaVipLogger.ROOT_LOGGER.tieBreakerProbeFailed(this.address.getHostAddress(), e.toString());
            now = false;
        }
        if (now != this.reachable) {
            this.reachable = now;
            this.onChange.run();
        }
    }

    @Override
    public void close() {
        this.running = false;
        this.prober.interrupt();
    }
}
