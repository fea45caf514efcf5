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
 * the counts since the last print. JGroups threads count; the member's main thread prints.
 */
final class ScaleCounter extends Protocol {

    private final Map<String, LongAdder> received = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();

    @Override
    public Object down(Message msg) {
        count(this.sent, msg);
        return this.down_prot.down(msg);
    }

    @Override
    public Object up(Message msg) {
        count(this.received, msg);
        return this.up_prot.up(msg);
    }

    @Override
    public void up(MessageBatch batch) {
        batch.forEach(msg -> count(this.received, msg));
        this.up_prot.up(batch);
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
