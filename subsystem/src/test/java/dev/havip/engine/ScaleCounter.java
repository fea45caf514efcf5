package dev.havip.engine;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jgroups.Header;
import org.jgroups.Message;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.stack.Protocol;
import org.jgroups.util.MessageBatch;

/**
 * Scale benchmark instrument (test scope): sits just above the transport and counts the messages a member receives
 * and sends, by the protocols whose headers they carry and, for ha-vip's own, by message type; {@link #print} writes
 * the counts since the last print; with {@code -Dhavip.scale.trace=true} it also logs when views, failure detection's
 * messages, tables and announcing states reach the member. JGroups threads count and trace; the main thread prints.
 */
final class ScaleCounter extends Protocol {

    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();

    /** With {@code -Dhavip.scale.trace=true}: when each step of a failover reached this member (stderr). */
    private final boolean trace = Boolean.getBoolean("havip.scale.trace");

    @Override
    public Object down(Message msg) {
        count(this.sent, msg);
        return this.down_prot.down(msg);
    }

    @Override
    public Object down(org.jgroups.Event event) {
        if (this.trace && event.getType() == org.jgroups.Event.VIEW_CHANGE) {
            org.jgroups.View view = event.getArg();
            System.err.println("trace " + System.currentTimeMillis() + " installed " + view.getViewId() + " " + view.size());
        }
        return this.down_prot.down(event);
    }

    @Override
    public Object up(Message msg) {
        count(this.received, msg);
        this.trace(msg);
        return this.up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        batch.forEach(msg -> {
            count(this.received, msg);
            this.trace(msg);
        });
        this.up_prot.up(batch);
    }

    /**
     * The arrival (before any queue of the stack's) of what a failover or failback is made of: GMS's views, failure
     * detection's messages, ha-vip's tables, and states in which a member holds and announced a VIP.
     */
    private void trace(Message msg) {
        if (!this.trace) {
            return;
        }
        String what = null;
        for (Header header : msg.getHeaders().values()) {
            if (header instanceof org.jgroups.protocols.pbcast.GMS.GmsHeader gms && gms.getType() != org.jgroups.protocols.pbcast.GMS.GmsHeader.VIEW_ACK) {
                what = "gms " + gms.getType();
            } else if (header instanceof org.jgroups.protocols.FD_SOCK2.FdHeader || header instanceof org.jgroups.protocols.VERIFY_SUSPECT2.VerifyHeader) {
                what = header.getClass().getSimpleName();
            }
        }
        if (what == null && msg.getLength() >= 2 && msg.hasArray()) {
            try {
                Object decoded = dev.havip.cluster.ClusterCodec.decode(msg.getArray(), msg.getOffset(), msg.getLength());
                if (decoded instanceof dev.havip.cluster.ClusterMessage.Table table) {
                    what = "table " + table.epoch();
                } else if (decoded instanceof dev.havip.cluster.ClusterMessage.State state) {
                    String announced = state.state().vips().entrySet().stream().filter(e -> e.getValue().held() && e.getValue().announced())
                            .map(Map.Entry::getKey).sorted().collect(java.util.stream.Collectors.joining(","));
                    what = "state " + state.state().node() + " announced [" + announced + "]";
                }
            } catch (java.io.IOException e) {
                // not ours
            }
        }
        if (what != null) {
            System.err.println("trace " + System.currentTimeMillis() + " in " + what + " from " + msg.src());
        }
    }

    private static void count(Map<String, LongAdder> counts, Message msg) {
        StringBuilder key = new StringBuilder();
        for (Header header : msg.getHeaders().values()) {
            Class<?> protocol = ClassConfigurator.getProtocol(header.getProtId());
            String name = protocol != null ? protocol.getSimpleName() : "?";
            if (!name.startsWith("TCP") && !name.equals("UDP") && !name.equals("FRAG4")) {
                key.append(key.isEmpty() ? "" : "+").append(name);
            }
        }
        if (msg.getLength() >= 2 && msg.hasArray()) {
            key.append(":havip").append(msg.getArray()[msg.getOffset() + 1]);
        }
        counts.computeIfAbsent(key.toString(), k -> new LongAdder()).increment();
    }

    /** Writes and resets the counts: {@code stats <epoch ms> in <key>=<n>... out <key>=<n>...}. */
    void print(PrintStream out) {
        out.println("stats " + System.currentTimeMillis() + " in " + drain(this.received) + " out " + drain(this.sent));
    }

    private static String drain(Map<String, LongAdder> counts) {
        Map<String, Long> now = new TreeMap<>();
        counts.forEach((k, v) -> now.put(k, v.sumThenReset()));
        return now.toString();
    }
}
