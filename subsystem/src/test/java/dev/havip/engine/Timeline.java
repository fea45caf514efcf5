package dev.havip.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every mover action of every node of a test, in one total order: what the VIP's address did on
 * the (simulated) network. A node holds a VIP from its TAKE until its next RELEASE (or CRASH: the
 * address dies with the machine), so two nodes' intervals of the same VIP must never overlap.
 */
final class Timeline {

    enum Kind { TAKE, REFRESH, RELEASE, CRASH }

    /** @param held whether the node held the VIP right after this event */
    record Event(long seq, long nanos, String node, String vip, Kind kind, boolean held) {
        @Override
        public String toString() {
            return String.format("#%d %s %s %s%s", this.seq, this.node, this.kind, this.vip, this.kind == Kind.RELEASE && !this.held ? "" : "");
        }
    }

    /** Two or more nodes held {@code vip} at once from {@code startNanos} to {@code endNanos} (-1: still). */
    record Overlap(String vip, Set<String> nodes, long startNanos, long endNanos, long startSeq) {
        double millis(long nowNanos) {
            return ((this.endNanos < 0 ? nowNanos : this.endNanos) - this.startNanos) / 1e6;
        }

        @Override
        public String toString() {
            return "vip " + this.vip + " held by " + this.nodes + " from event #" + this.startSeq + " for "
                    + String.format("%.1f ms", this.millis(System.nanoTime())) + (this.endNanos < 0 ? " (still)" : "");
        }
    }

    private final List<Event> events = new ArrayList<>();
    /** node -> vips it holds now */
    private final Map<String, Set<String>> holding = new HashMap<>();
    private final long origin = System.nanoTime();

    synchronized Event record(String node, String vip, Kind kind) {
        Set<String> held = this.holding.computeIfAbsent(node, n -> new TreeSet<>());
        switch (kind) {
            case TAKE -> held.add(vip);
            case RELEASE, CRASH -> held.remove(vip);
            default -> { }
        }
        Event event = new Event(this.events.size() + 1, System.nanoTime(), node, vip, kind, held.contains(vip));
        this.events.add(event);
        return event;
    }

    synchronized List<Event> events() {
        return List.copyOf(this.events);
    }

    synchronized List<Event> eventsOf(String node, long fromNanos) {
        return this.events.stream().filter(e -> e.node().equals(node) && e.nanos() >= fromNanos).toList();
    }

    /** The nodes that hold {@code vip} now. */
    synchronized Set<String> holders(String vip) {
        return this.holding.entrySet().stream().filter(e -> e.getValue().contains(vip)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The VIPs {@code node} holds now. */
    synchronized Set<String> heldBy(String node) {
        return new TreeSet<>(this.holding.getOrDefault(node, Set.of()));
    }

    synchronized List<Overlap> overlaps() {
        return this.overlaps(Long.MIN_VALUE);
    }

    /** Every time two or more nodes held the same VIP, if it lasted beyond {@code fromNanos} (clipped to start there). */
    /**
     * The overlaps that are not planned handovers: a handover (make-before-break, SPEC) has exactly two live holders
     * and ends within {@code boundMs}; anything else (three holders, one that never ended, a long one) is returned.
     */
    synchronized List<Overlap> overlapsBeyondHandovers(double boundMs) {
        return this.overlaps().stream()
                .filter(o -> o.nodes().size() != 2 || o.endNanos() < 0 || (o.endNanos() - o.startNanos()) / 1e6 > boundMs).toList();
    }

    synchronized List<Overlap> overlaps(long fromNanos) {
        List<Overlap> result = new ArrayList<>();
        Map<String, Set<String>> holders = new TreeMap<>();
        Map<String, Event> openSince = new HashMap<>();
        Map<String, Set<String>> openNodes = new HashMap<>();
        for (Event e : this.events) {
            Set<String> h = holders.computeIfAbsent(e.vip(), v -> new TreeSet<>());
            if (e.kind() == Kind.TAKE) {
                h.add(e.node());
            } else if (e.kind() == Kind.RELEASE || e.kind() == Kind.CRASH) {
                h.remove(e.node());
            }
            Event open = openSince.get(e.vip());
            if (h.size() > 1) {
                if (open == null) {
                    openSince.put(e.vip(), e);
                    openNodes.put(e.vip(), new TreeSet<>(h));
                } else {
                    openNodes.get(e.vip()).addAll(h);
                }
            } else if (open != null) {
                openSince.remove(e.vip());
                if (e.nanos() > fromNanos) {
                    result.add(new Overlap(e.vip(), openNodes.remove(e.vip()), Math.max(open.nanos(), fromNanos), e.nanos(), open.seq()));
                }
            }
        }
        openSince.forEach((vip, open) -> result.add(new Overlap(vip, openNodes.get(vip), Math.max(open.nanos(), fromNanos), -1, open.seq())));
        return result;
    }

    /** Refreshes of an address the node did not hold: an announcement of an address that is not there (or is elsewhere). */
    synchronized List<Event> strayRefreshes() {
        return this.events.stream().filter(e -> e.kind() == Kind.REFRESH && !e.held()).toList();
    }

    synchronized String dump() {
        StringBuilder out = new StringBuilder();
        for (Event e : this.events) {
            out.append(String.format("  %8.1f ms  #%-4d %-8s %-8s %s%n", (e.nanos() - this.origin) / 1e6, e.seq(), e.node(), e.kind(), e.vip()));
        }
        return out.toString();
    }

    double millisSinceStart(long nanos) {
        return (nanos - this.origin) / 1e6;
    }
}
