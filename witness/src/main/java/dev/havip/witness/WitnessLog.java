package dev.havip.witness;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The witness's messages (java.util.logging, logger {@code dev.havip.witness}; ids HAVIPW0001..): a change of
 * holder at INFO, renewals not at all, refused peers at WARNING at most once per address per ten seconds (a
 * stranger knocking must not flood the log). Called from any witness thread.
 */
final class WitnessLog {

    private static final Logger LOG = Logger.getLogger("dev.havip.witness");
    private static final long REFUSAL_QUIET_NANOS = 10_000_000_000L;

    private final Map<String, String> holders = new ConcurrentHashMap<>();
    private final Map<String, Long> lastRefusal = new ConcurrentHashMap<>();

    void started(String bind, long leaseMs, long closeMarginMs) {
        LOG.info(String.format("HAVIPW0001: ha-vip witness on %s; lease %d ms; grants nothing for the first %d ms; early release %s",
                bind, leaseMs, leaseMs, closeMarginMs < 0 ? "off" : closeMarginMs + " ms after a holder's connection closes"));
    }

    void granted(String cluster, String vip, String node) {
        String key = cluster + '/' + vip;
        if (!node.equals(this.holders.put(key, node))) {
            LOG.info(String.format("HAVIPW0002: %s of cluster %s granted to %s", vip, cluster, node));
        }
    }

    void released(String cluster, String vip, String node) {
        if (this.holders.remove(cluster + '/' + vip, node)) {
            LOG.info(String.format("HAVIPW0003: %s of cluster %s released by %s", vip, cluster, node));
        }
    }

    void refused(SocketAddress peer, String reason) {
        String host = String.valueOf(peer).replaceFirst(":\\d+$", "");
        long now = System.nanoTime();
        Long last = this.lastRefusal.get(host);
        if (last == null || now - last > REFUSAL_QUIET_NANOS) {
            if (this.lastRefusal.size() > 1000) {
                this.lastRefusal.clear(); // many addresses knocking: forget them rather than grow
            }
            this.lastRefusal.put(host, now);
            LOG.warning(String.format("HAVIPW0004: refused %s: %s", host, reason.replaceAll("[^\\x20-\\x7e]", "?")));
        }
    }

    void problem(String what, Exception e) {
        LOG.log(Level.WARNING, "HAVIPW0005: " + what + " failed; the witness goes on", e);
    }
}
