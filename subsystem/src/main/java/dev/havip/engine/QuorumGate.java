package dev.havip.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The one place that answers "may this node hold VIPs right now", apart from the election (which
 * decides who should). A later arbiter mode (leases granted by a witness) plugs in here.
 * With a tie-breaker, the address is probed continuously, not only when the peer is gone, so the
 * answer is fresh at the moment a partition happens.
 */
final class QuorumGate implements AutoCloseable {

    static final int PROBE_INTERVAL_MS = 100;
    static final int PROBE_TIMEOUT_MS = 250;

    private final Quorum quorum;
    private final Optional<InetAddress> tieBreaker;
    private final Runnable onChange;
    private final Thread prober;
    private volatile int viewSize;
    private volatile int largestView;
    private volatile boolean reachable;
    private volatile boolean running = true;

    QuorumGate(Quorum quorum, Optional<InetAddress> tieBreaker, Runnable onChange) {
        this.quorum = quorum;
        this.tieBreaker = tieBreaker;
        this.onChange = onChange;
        this.prober = new Thread(this::probe, "ha-vip-tie-breaker");
        this.prober.setDaemon(true);
        if (quorum == Quorum.TIE_BREAKER) {
            this.prober.start();
        }
    }

    void viewChanged(int size) {
        this.viewSize = size;
        this.largestView = Math.max(this.largestView, size);
    }

    boolean quorate() {
        return switch (this.quorum) {
            case NONE -> true;
            case MAJORITY -> this.viewSize * 2 > this.largestView;
            case TIE_BREAKER -> this.viewSize >= 2 || this.reachable;
        };
    }

    private void probe() {
        InetAddress address = this.tieBreaker.orElseThrow();
        while (this.running) {
            boolean now;
            try {
                now = address.isReachable(PROBE_TIMEOUT_MS);
            } catch (IOException e) {
                now = false;
            }
            if (now != this.reachable) {
                this.reachable = now;
                this.onChange.run();
            }
            try {
                Thread.sleep(PROBE_INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        this.running = false;
        this.prober.interrupt();
    }
}
