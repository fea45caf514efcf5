package dev.havip.cluster.lease;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.havip.cluster.WitnessEndpoint;
import dev.havip.logging.HaVipLogger;
import dev.havip.witness.WitnessClient;

/**
 * This server's connection to the witness, on its own thread {@code ha-vip-witness} (its calls block, bounded by
 * {@link #TIMEOUT_MS}): every {@link WitnessQuorum#RENEW_MS}, or at once when a VIP is newly wanted, it asks the
 * witness for a lease on each VIP this server wants and gives back the ones it gave up; with nothing to ask, it pings
 * every second. A broken connection is
 * logged once, dropped, and opened again at once (a second between failed attempts); meanwhile the witness's leases
 * simply run out.
 */
final class WitnessLink implements AutoCloseable {

    /** What the link tells the rule. */
    interface Answers {
        void granted(String vip, WitnessClient.Answer answer);

        void refused(String vip);

        void reachable(boolean reachable, long leaseMs);
    }

    /** A busy witness (or server) answers late, a dead one's connection is reset or refused: be patient. */
    static final int TIMEOUT_MS = 1000;
    static final long RETRY_MS = 1000;
    /** After a connection that worked broke: the witness restarted, or a reply came late; try again almost at once. */
    static final long RECONNECT_MS = 100;
    /** How this server appears in the witness's table of grantors, where no node name can clash with it. */
    static final String GRANTOR = "#witness";

    private final WitnessEndpoint endpoint;
    private final String cluster;
    private final String node;
    private final Answers answers;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final Set<String> toRelease = ConcurrentHashMap.newKeySet();
    /** When each denied VIP may be asked again (the witness said how long its holder's lease still runs). */
    private final Map<String, Long> retryAt = new ConcurrentHashMap<>();
    private final Object wake = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private WitnessClient client;
    private String where = "?";
    private boolean complained;

    WitnessLink(WitnessEndpoint endpoint, String cluster, String node, Answers answers) {
        this.endpoint = endpoint;
        this.cluster = cluster;
        this.node = node;
        this.answers = answers;
        this.thread = new Thread(this::loop, "ha-vip-witness");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** This server wants a lease on {@code vip} (asked for at once), or gives it back. */
    void want(String vip, boolean wanted) {
        boolean changed = wanted ? this.wanted.add(vip) : this.wanted.remove(vip);
        if (changed) {
            if (wanted) {
                this.toRelease.remove(vip);
            } else {
                this.toRelease.add(vip);
            }
            this.retryAt.remove(vip);
            this.wakeUp();
        }
    }

    private void wakeUp() {
        synchronized (this.wake) {
            this.wake.notifyAll();
        }
    }

    private void loop() {
        while (this.running) {
            long next = WitnessQuorum.RENEW_MS;
            try {
                next = this.round();
            } catch (IOException | RuntimeException e) {
                boolean wasConnected = this.client != null;
                this.disconnect(e); // logged once per outage; the link goes on
                next = wasConnected ? RECONNECT_MS : RETRY_MS;
            }
            synchronized (this.wake) {
                try {
                    this.wake.wait(Math.max(1, next));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** One pass over the wanted and given-up VIPs; how long until the next one is due (ms). */
    private long round() throws IOException {
        if (this.client == null) {
            this.connect();
        }
        if (this.wanted.isEmpty() && this.toRelease.isEmpty()) {
            // nothing to ask for: a ping finds a witness that went away before this server needs it (and keeps quorate true)
            this.client.ping();
            return RETRY_MS;
        }
        for (String vip : Set.copyOf(this.toRelease)) {
            this.client.release(vip);
            this.toRelease.remove(vip);
        }
        long now = System.nanoTime();
        long next = WitnessQuorum.RENEW_MS;
        for (String vip : Set.copyOf(this.wanted)) {
            Long retry = this.retryAt.get(vip);
            if (retry != null && retry - now > 0) {
                next = Math.min(next, TimeUnit.NANOSECONDS.toMillis(retry - now) + 1);
                continue;
            }
            WitnessClient.Answer answer = this.client.acquire(vip);
            if (answer.granted()) {
                this.retryAt.remove(vip);
                this.answers.granted(vip, answer);
            } else {
                long wait = Math.min(answer.ms() + 5, WitnessQuorum.RENEW_MS);
                this.retryAt.put(vip, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait));
                next = Math.min(next, wait);
                this.answers.refused(vip);
            }
        }
        return next;
    }

    private void connect() throws IOException {
        InetSocketAddress address = this.endpoint.address().get();
        this.where = address.getHostString() + ":" + address.getPort();
        this.client = new WitnessClient(this.endpoint.tls().get(), address, this.cluster, this.node, TIMEOUT_MS);
        this.complained = false;
        HaVipLogger.ROOT_LOGGER.witnessConnected(this.where, this.client.leaseMs());
        this.answers.reachable(true, this.client.leaseMs());
    }

    private void disconnect(Exception why) {
        if (!this.complained) {
            this.complained = true;
            HaVipLogger.ROOT_LOGGER.witnessUnreachable(this.where, why.toString());
        }
        if (this.client != null) {
            try {
                this.client.close();
            } catch (IOException ignored) {
                // going away anyway
            }
            this.client = null;
        }
        this.answers.reachable(false, 0);
    }

    @Override
    public void close() {
        this.running = false;
        this.thread.interrupt();
        try {
            this.thread.join(TIMEOUT_MS * 2L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WitnessClient open = this.client;
        if (open != null) {
            try {
                open.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
