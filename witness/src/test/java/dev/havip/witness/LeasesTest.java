package dev.havip.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The grant rules on a hand-moved clock: one holder, renewals, expiry, a quiet start, early end on a closed connection. */
class LeasesTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private void advanceMs(long ms) {
        this.now.addAndGet(ms * 1_000_000);
    }

    @Test
    void oneHolderAtATimeAndNothingForALeaseAfterStart() {
        Leases leases = new Leases(this.now::get, 2000, 300);
        Leases.Decision starting = leases.acquire("c", "web", "a", 1);
        assertFalse(starting.granted(), "a fresh witness may have granted before it died");
        assertEquals("-", starting.holder());
        assertEquals(2000, starting.remainingMs());
        this.advanceMs(2000);
        assertTrue(leases.acquire("c", "web", "a", 1).granted());
        this.advanceMs(500);
        Leases.Decision denied = leases.acquire("c", "web", "b", 2);
        assertEquals(new Leases.Decision(false, "a", 1500), denied);
        assertTrue(leases.acquire("c2", "web", "b", 2).granted(), "another cluster's VIP of the same name is another lease");
        assertTrue(leases.acquire("c", "web", "a", 1).granted(), "a renewal");
        this.advanceMs(1999);
        assertFalse(leases.acquire("c", "web", "b", 2).granted(), "1 ms of a's renewed lease is left");
        this.advanceMs(1);
        assertTrue(leases.acquire("c", "web", "b", 2).granted(), "a's lease ended");
        leases.release("c", "web", "a");
        assertFalse(leases.acquire("c", "web", "a", 1).granted(), "a release by a non-holder changes nothing");
        leases.release("c", "web", "b");
        assertTrue(leases.acquire("c", "web", "a", 1).granted(), "released by its holder: free at once");
    }

    @Test
    void aClosedConnectionEndsItsLeasesAfterTheMargin() {
        Leases leases = new Leases(this.now::get, 2000, 300);
        this.advanceMs(2000);
        assertTrue(leases.acquire("c", "web", "a", 1).granted());
        assertTrue(leases.acquire("c", "db", "a", 1).granted());
        leases.connectionClosed(1);
        this.advanceMs(299);
        assertFalse(leases.acquire("c", "web", "b", 2).granted());
        this.advanceMs(1);
        assertTrue(leases.acquire("c", "web", "b", 2).granted());
        assertTrue(leases.acquire("c", "db", "b", 2).granted());
        leases.connectionClosed(7);
        assertEquals(new Leases.Decision(false, "b", 2000), leases.acquire("c", "web", "a", 3), "another connection's close changes nothing");
    }

    @Test
    void aGrantSaysHowThePreviousLeaseEnded() {
        Leases leases = new Leases(this.now::get, 2000, 300);
        this.advanceMs(2000);
        assertEquals(Leases.End.NONE, leases.acquire("c", "web", "a", 1).ended());
        assertEquals(Leases.End.NONE, leases.acquire("c", "web", "a", 1).ended(), "a renewal");
        this.advanceMs(2000);
        Leases.Decision afterSilence = leases.acquire("c", "web", "b", 2);
        assertEquals(Leases.End.EXPIRED, afterSilence.ended(), "a silent holder may still be alive");
        assertEquals("a", afterSilence.previous());
        leases.release("c", "web", "b");
        Leases.Decision afterRelease = leases.acquire("c", "web", "a", 1);
        assertEquals(Leases.End.RELEASED, afterRelease.ended());
        assertEquals("b", afterRelease.previous());
        leases.connectionClosed(1);
        this.advanceMs(300);
        Leases.Decision afterClose = leases.acquire("c", "web", "b", 2);
        assertEquals(Leases.End.CLOSED, afterClose.ended());
        assertEquals("a", afterClose.previous());
    }
}
