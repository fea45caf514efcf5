package dev.havip.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The latest transitions of VIPs and health checks, bounded so a flapping one cannot eat memory. */
final class History {

    static final int CAPACITY = 1000;

    private final Deque<HistoryEntry> entries = new ArrayDeque<>();

    synchronized void add(HistoryEntry transition) {
        if (this.entries.size() == CAPACITY) {
            this.entries.removeLast();
        }
        this.entries.addFirst(transition);
    }

    /** Newest first. */
    synchronized List<HistoryEntry> latest(int limit) {
        List<HistoryEntry> result = new ArrayList<>(Math.min(limit, this.entries.size()));
        for (HistoryEntry transition : this.entries) {
            if (result.size() == limit) {
                break;
            }
            result.add(transition);
        }
        return result;
    }
}
