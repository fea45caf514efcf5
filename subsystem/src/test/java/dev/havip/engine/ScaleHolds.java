package dev.havip.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who held which VIP when, from the members' own {@code held}/{@code released} reports (their engines' clocks, one
 * host): the scale benchmark's two-holder check. A killed or stopped member's holdings end when the benchmark killed or
 * stopped it (a dead or frozen JVM serves nothing; the lab tests that its address goes). Guarded by the benchmark's lock.
 */
final class ScaleHolds {

    /** One member holding one VIP from {@code start} to {@code end} (Long.MAX_VALUE: still). */
    record Hold(String vip, int member, long start, long end) {
    }

    /** Two members holding the same VIP at once, from {@code start} for {@code millis}. */
    record Overlap(String vip, int first, int second, long start, long millis) {
        @Override
        public String toString() {
            return String.format("%s on %s and %s for %d ms from %d", this.vip, ScaleMember.name(this.first), ScaleMember.name(this.second),
                    this.millis, this.start);
        }
    }

    private final List<Hold> closed = new ArrayList<>();
    private final Map<String, Hold> open = new HashMap<>();
    /** When each member was last killed or stopped: a report stamped before that ends there, wherever it arrives. */
    private final Map<Integer, Long> endedAt = new HashMap<>();

    void held(int member, String vip, long at) {
        Long ended = this.endedAt.get(member);
        if (ended != null && at < ended) {
            this.closed.add(new Hold(vip, member, at, ended)); // reported after the kill or stop
        } else {
            this.open.putIfAbsent(key(member, vip), new Hold(vip, member, at, Long.MAX_VALUE));
        }
    }

    void released(int member, String vip, long at) {
        Hold hold = this.open.remove(key(member, vip));
        if (hold != null) {
            this.closed.add(new Hold(vip, member, hold.start(), Math.max(hold.start(), at)));
        }
    }

    /** The member was killed or stopped at {@code at}: what it held ends there (a stopped one's later release is moot). */
    void ended(int member, long at) {
        this.endedAt.put(member, at);
        this.open.values().stream().filter(h -> h.member() == member).toList().forEach(h -> this.released(member, h.vip(), at));
    }

    /** Every pair of members that held the same VIP at once, over all holds so far. */
    List<Overlap> overlaps() {
        List<Hold> all = new ArrayList<>(this.closed);
        long now = System.currentTimeMillis();
        this.open.values().forEach(h -> all.add(new Hold(h.vip(), h.member(), h.start(), now)));
        List<Overlap> overlaps = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Hold a = all.get(i);
                Hold b = all.get(j);
                long start = Math.max(a.start(), b.start());
                long end = Math.min(a.end(), b.end());
                if (a.vip().equals(b.vip()) && a.member() != b.member() && end > start) {
                    overlaps.add(new Overlap(a.vip(), a.member(), b.member(), start, end - start));
                }
            }
        }
        return overlaps;
    }

    private static String key(int member, String vip) {
        return member + "/" + vip;
    }
}
