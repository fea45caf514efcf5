package dev.havip.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Logs refused network input at most once per sender every {@link #INTERVAL_NANOS}, with how many were refused in
 * between, so that a flood of forged packets cannot flood the log. Called on JGroups threads.
 */
final class RefusalLog {

    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** More senders than this are not tracked one by one (a flood of spoofed addresses): they share one slot. */
    static final int MAX_SENDERS = 1024;

    private record Slot(AtomicLong lastLogged, AtomicLong suppressed) {
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final BiConsumer<String, String> log;

    /** @param log (sender, what was refused, with the count of refusals not logged since the last line) */
    RefusalLog(BiConsumer<String, String> log) {
        this.log = log;
    }

    void refused(String sender, String what, long now) {
        String key = this.slots.size() < MAX_SENDERS || this.slots.containsKey(sender) ? sender : "(other senders)";
        Slot slot = this.slots.computeIfAbsent(key, k -> new Slot(new AtomicLong(now - INTERVAL_NANOS - 1), new AtomicLong()));
        long last = slot.lastLogged().get();
        if (now - last > INTERVAL_NANOS && slot.lastLogged().compareAndSet(last, now)) {
            long skipped = slot.suppressed().getAndSet(0);
            this.log.accept(key, skipped == 0 ? what : what + " (and " + skipped + " more refused since the last report)");
        } else {
            slot.suppressed().incrementAndGet();
        }
    }
}
