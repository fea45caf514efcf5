package dev.havip.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The latest transitions, bounded so a flapping VIP cannot eat memory. */
final class History {

    static final int CAPACITY = 1000;

    private final Deque<Transition> entries = new ArrayDeque<>();

    synchronized void add(Transition transition) {
        if (this.entries.size() == CAPACITY) {
            this.entries.removeLast();
        }
        this.entries.addFirst(transition);
    }

    /** Newest first. */
    synchronized List<Transition> latest(int limit) {
        List<Transition> result = new ArrayList<>(Math.min(limit, this.entries.size()));
        for (Transition transition : this.entries) {
            if (result.size() == limit) {
                break;
            }
            result.add(transition);
        }
        return result;
    }
}
