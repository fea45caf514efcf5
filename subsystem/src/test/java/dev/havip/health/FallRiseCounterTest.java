package dev.havip.health;

import static dev.havip.health.HealthCheck.Status.DOWN;
import static dev.havip.health.HealthCheck.Status.UNKNOWN;
import static dev.havip.health.HealthCheck.Status.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FallRiseCounterTest {

    private static final ProbeResult OK = ProbeResult.ok("HTTP 200");
    private static final ProbeResult FAIL = ProbeResult.failed("HTTP 500");

    @Test
    void startsUnknownAndTheFirstVerdictNeedsRiseSuccesses() {
        FallRiseCounter c = new FallRiseCounter(3, 2);
        assertEquals(UNKNOWN, c.status());
        assertTrue(c.lastResult().isEmpty());
        assertFalse(c.record(OK));
        assertEquals(UNKNOWN, c.status());
        assertTrue(c.record(OK));
        assertEquals(UP, c.status());
        assertEquals(OK, c.lastResult().orElseThrow());
    }

    @Test
    void theFirstDownNeedsFallFailures() {
        FallRiseCounter c = new FallRiseCounter(3, 2);
        c.record(FAIL);
        c.record(FAIL);
        assertEquals(UNKNOWN, c.status());
        assertEquals(2, c.consecutiveFailures());
        assertTrue(c.record(FAIL));
        assertEquals(DOWN, c.status());
    }

    @Test
    void fallThreeKeepsUpForTwoFailuresAndTurnsDownOnTheThird() {
        FallRiseCounter c = up(3, 2);
        assertFalse(c.record(FAIL));
        assertFalse(c.record(FAIL));
        assertEquals(UP, c.status());
        assertEquals(2, c.consecutiveFailures());
        assertTrue(c.record(FAIL));
        assertEquals(DOWN, c.status());
        assertEquals(3, c.consecutiveFailures());
        c.record(FAIL);
        assertEquals(4, c.consecutiveFailures(), "the streak keeps counting past fall");
    }

    @Test
    void aSuccessResetsTheFailureStreak() {
        FallRiseCounter c = up(3, 2);
        c.record(FAIL);
        c.record(FAIL);
        c.record(OK);
        assertEquals(0, c.consecutiveFailures());
        c.record(FAIL);
        c.record(FAIL);
        assertEquals(UP, c.status(), "2 + 2 failures with a success between are not 3 in a row");
    }

    @Test
    void aFailureResetsTheSuccessStreak() {
        FallRiseCounter c = down(3, 2);
        c.record(OK);
        assertEquals(1, c.consecutiveSuccesses());
        c.record(FAIL);
        assertEquals(0, c.consecutiveSuccesses());
        assertFalse(c.record(OK));
        assertEquals(DOWN, c.status());
        assertTrue(c.record(OK));
        assertEquals(UP, c.status());
    }

    @Test
    void riseOneAndFallOneFlipAtOnce() {
        FallRiseCounter c = new FallRiseCounter(1, 1);
        assertTrue(c.record(FAIL));
        assertEquals(DOWN, c.status());
        assertTrue(c.record(OK));
        assertEquals(UP, c.status());
    }

    @Test
    void rejectsNonPositiveFallOrRise() {
        assertThrows(IllegalArgumentException.class, () -> new FallRiseCounter(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FallRiseCounter(1, 0));
    }

    private static FallRiseCounter up(int fall, int rise) {
        FallRiseCounter c = new FallRiseCounter(fall, rise);
        for (int i = 0; i < rise; i++) {
            c.record(OK);
        }
        assertEquals(UP, c.status());
        return c;
    }

    private static FallRiseCounter down(int fall, int rise) {
        FallRiseCounter c = new FallRiseCounter(fall, rise);
        for (int i = 0; i < fall; i++) {
            c.record(FAIL);
        }
        assertEquals(DOWN, c.status());
        return c;
    }
}
