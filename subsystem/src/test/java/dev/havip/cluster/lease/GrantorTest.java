package dev.havip.cluster.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** A server's grants on a hand-moved clock: quiet after start, one grantee at a time, early ends, a planned move. */
class GrantorTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);

    private void advanceMs(long ms) {
        this.now.addAndGet(ms * 1_000_000);
    }

    @Test
    void nothingForALeaseAfterStartThenOneGranteeAtATime() {
        Grantor grantor = new Grantor("node-b", this.now::get, 3000);
        assertFalse(grantor.grant("web", "node-a", 3000), "it may have granted before it restarted");
        assertFalse(grantor.grant("web", "node-b", 3000), "not even to itself");
        this.advanceMs(3000);
        assertTrue(grantor.grant("web", "node-a", 3000));
        assertEquals("node-a", grantor.grantee("web"));
        this.advanceMs(2999);
        assertFalse(grantor.grant("web", "node-b", 3000), "node-a's lease still runs here (and runs out sooner at node-a)");
        assertFalse(grantor.grant("web", "node-c", 3000));
        assertTrue(grantor.grant("db", "node-c", 3000), "another VIP is another lease");
        this.advanceMs(1);
        assertTrue(grantor.grant("web", "node-b", 3000), "ran out");
        assertTrue(grantor.grant("web", "node-b", 3000), "a renewal");
    }

    /** A witness with longer leases: the last incarnation granted leases as long as the ones asked for now. */
    @Test
    void quietForAsLongAsTheLeasesAskedFor() {
        Grantor grantor = new Grantor("node-b", this.now::get, 3000);
        this.advanceMs(5000);
        assertFalse(grantor.grant("web", "node-a", 10_000), "a 10-s lease granted before the restart may still run");
        assertTrue(grantor.grant("db", "node-a", 3000));
        this.advanceMs(5000);
        assertTrue(grantor.grant("web", "node-a", 10_000));
    }

    @Test
    void aGrantEndsEarlyOnlyForItsOwnGrantee() {
        Grantor grantor = new Grantor("node-b", this.now::get, 0);
        this.advanceMs(3000); // quiet for the lease asked for
        assertTrue(grantor.grant("web", "node-a", 3000));
        grantor.ended("web", "node-c");
        assertFalse(grantor.grant("web", "node-b", 3000), "an end for someone else changes nothing");
        grantor.ended("web", "node-a");
        assertNull(grantor.grantee("web"));
        assertTrue(grantor.grant("web", "node-b", 3000), "node-a released it, or the witness saw its process go");
    }

    @Test
    void aServerNoLongerAssignedGrantsItsOwnVipToTheNewOwner() {
        Grantor grantor = new Grantor("node-a", this.now::get, 0);
        this.advanceMs(3000);
        grantor.assigned("web", true);
        assertTrue(grantor.grant("web", "node-a", 3000));
        assertFalse(grantor.grant("web", "node-b", 3000), "node-a holds it and is assigned it");
        grantor.assigned("web", false);
        assertTrue(grantor.grant("web", "node-b", 3000), "a planned move: node-b may have it while node-a lets go");
        assertFalse(grantor.grant("web", "node-c", 3000), "but only one new owner at a time");
    }
}
