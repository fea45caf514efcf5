package dev.havip.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * Seeded property tests. Case i uses seed BASE_SEED + i; replay one failure with
 * {@code -Dhavip.election.seed=<seed> -Dhavip.election.cases=1}.
 * The expectations are computed here from the rules, independently of {@link Election}.
 */
class ElectionPropertiesTest {

    static final long BASE_SEED = Long.getLong("havip.election.seed", 20_250_601L);
    static final int CASES = Integer.getInteger("havip.election.cases", 10_000);

    /** One generated case: an input plus each member's quorum gate. */
    record Case(long seed, VipElectionInput in) {
        String why() {
            return "replay with -Dhavip.election.seed=" + seed + " -Dhavip.election.cases=1; input=" + in;
        }
    }

    interface Property {
        void check(Case c);
    }

    private static void forAll(Property p) {
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            Case c = generate(seed);
            try {
                p.check(c);
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + seed + ": " + e.getMessage() + " -- " + c.why(), e);
            }
        }
    }

    static Case generate(long seed) {
        Random r = new Random(seed);
        int n = r.nextInt(4) == 0 ? 1 + r.nextInt(100) : 1 + r.nextInt(6);
        int priorityMode = r.nextInt(3);
        double pEligible = r.nextDouble();
        double pReady = r.nextDouble();
        double pHeld = new double[] {0, 0.05, 0.3, 0.8}[r.nextInt(4)];
        double pPinned = r.nextInt(3) == 0 ? r.nextDouble() * 0.5 : 0;
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < n) {
            names.add(switch (r.nextInt(3)) {
                case 0 -> "node" + r.nextInt(3 * n + 3);          // node10 sorts before node9
                case 1 -> String.valueOf((char) ((r.nextBoolean() ? 'a' : 'A') + r.nextInt(26))) + r.nextInt(3);
                default -> "srv-" + Integer.toString(r.nextInt(1 << 20), 36);
            });
        }
        TreeMap<String, VipCandidate> candidates = new TreeMap<>();
        for (String name : names) {
            int priority = switch (priorityMode) {
                case 0 -> 100;                                       // all tied
                case 1 -> new int[] {1, 100, 101, 254}[r.nextInt(4)]; // many ties
                default -> 1 + r.nextInt(254);
            };
            long pin = r.nextDouble() < pPinned ? (r.nextBoolean() ? 1 + r.nextInt(3) : 1 + (r.nextLong() >>> 1) % Long.MAX_VALUE) : 0;
            candidates.put(name, new VipCandidate(priority, r.nextDouble() < pEligible, r.nextDouble() < pReady,
                    r.nextDouble() < pHeld, pin));
        }
        Failback failback = r.nextBoolean() ? Failback.AUTO : Failback.MANUAL;
        return new Case(seed, new VipElectionInput("vip-" + r.nextInt(3), failback, candidates));
    }

    // ---- independent oracle pieces -------------------------------------------------------

    private static final Comparator<Map.Entry<String, VipCandidate>> BY_RANK = (x, y) -> {
        int byPriority = Integer.compare(y.getValue().priority(), x.getValue().priority());
        return byPriority != 0 ? byPriority : x.getKey().compareTo(y.getKey());
    };

    private static List<String> ranked(VipElectionInput in, boolean heldOnly) {
        List<Map.Entry<String, VipCandidate>> l = new ArrayList<>();
        for (Map.Entry<String, VipCandidate> e : in.candidates().entrySet()) {
            if (e.getValue().eligible() && (!heldOnly || e.getValue().held())) {
                l.add(e);
            }
        }
        l.sort(BY_RANK);
        return l.stream().map(Map.Entry::getKey).toList();
    }

    /** The eligible member carrying the newest pin, if any; an ineligible newest pin voids all pins. */
    private static Optional<String> effectivePin(VipElectionInput in) {
        long newest = in.candidates().values().stream().mapToLong(VipCandidate::pinEpoch).max().orElse(0);
        if (newest == 0) {
            return Optional.empty();
        }
        // Equal newest epochs should not happen; if they do, the best-ranked eligible carrier wins.
        List<String> carriers = ranked(in, false).stream().filter(n -> in.candidates().get(n).pinEpoch() == newest).toList();
        if (carriers.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(carriers.get(0));
    }

    // ---- properties ------------------------------------------------------------------------

    @Test
    void atMostOneOwnerAndItIsEligible() {
        forAll(c -> {
            ElectionResult r = Election.elect(c.in());
            List<String> eligible = ranked(c.in(), false);
            assertEquals(c.in().vip(), r.vip());
            assertEquals(!eligible.isEmpty(), r.owner().isPresent(), "an owner exists iff a member is eligible");
            r.owner().ifPresent(o -> {
                VipCandidate oc = c.in().candidates().get(o);
                assertTrue(oc != null && oc.eligible(), "owner " + o + " must be an eligible member");
            });
        });
    }

    @Test
    void resultDoesNotDependOnMapOrderOrType() {
        List<Supplier<SortedMap<String, VipCandidate>>> maps = List.of(
                () -> new TreeMap<>(Comparator.reverseOrder()),
                () -> new TreeMap<>(Comparator.comparingInt(String::length).thenComparing(Comparator.reverseOrder())),
                ConcurrentSkipListMap::new,
                TreeMap::new);
        forAll(c -> {
            ElectionResult expected = Election.elect(c.in());
            Random r = new Random(c.seed() ^ 0x5DEECE66DL);
            List<Map.Entry<String, VipCandidate>> entries = new ArrayList<>(c.in().candidates().entrySet());
            for (Supplier<SortedMap<String, VipCandidate>> factory : maps) {
                Collections.shuffle(entries, r);
                SortedMap<String, VipCandidate> m = factory.get();
                entries.forEach(e -> m.put(e.getKey(), e.getValue()));
                VipElectionInput rebuilt = new VipElectionInput(c.in().vip(), c.in().failback(), m);
                assertEquals(c.in(), rebuilt);
                assertEquals(expected, Election.elect(rebuilt), "map " + m.getClass().getSimpleName());
            }
            // A member computing from a private copy gets the same answer as every other member.
            HashMap<String, VipCandidate> hashed = new HashMap<>(c.in().candidates());
            VipElectionInput copy = new VipElectionInput(c.in().vip(), c.in().failback(), new TreeMap<>(hashed));
            assertEquals(expected, Election.elect(copy));
            assertEquals(Map.of(c.in().vip(), expected), Election.electAll(List.of(copy)));
        });
    }

    @Test
    void pinnedEligibleMemberOwns() {
        forAll(c -> {
            ElectionResult r = Election.elect(c.in());
            Optional<String> pin = effectivePin(c.in());
            assertEquals(pin, r.reason() == ElectionResult.Reason.PINNED ? r.owner() : Optional.empty());
            pin.ifPresent(p -> assertEquals(Optional.of(p), r.owner(), "pinned member must own"));
        });
    }

    @Test
    void manualNeverMovesAwayFromTheBestRankedHolderUnlessPinned() {
        forAll(c -> {
            List<String> holders = ranked(c.in(), true);
            if (c.in().failback() != Failback.MANUAL || holders.isEmpty() || effectivePin(c.in()).isPresent()) {
                return;
            }
            assertEquals(Optional.of(holders.get(0)), Election.elect(c.in()).owner());
        });
    }

    @Test
    void autoGivesItToAReadyPreferredUnlessPinned() {
        forAll(c -> {
            List<String> eligible = ranked(c.in(), false);
            if (c.in().failback() != Failback.AUTO || eligible.isEmpty() || effectivePin(c.in()).isPresent()) {
                return;
            }
            String preferred = eligible.get(0);
            ElectionResult r = Election.elect(c.in());
            if (c.in().candidates().get(preferred).failbackReady() || ranked(c.in(), true).isEmpty()) {
                assertEquals(Optional.of(preferred), r.owner());
            } else {
                assertEquals(Optional.of(ranked(c.in(), true).get(0)), r.owner(), "holder keeps until preferred is ready");
            }
        });
    }
}
