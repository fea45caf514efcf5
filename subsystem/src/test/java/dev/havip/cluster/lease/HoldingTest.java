package dev.havip.cluster.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** What a holder counts, on a hand-moved clock: from the request's departure, shortened, a majority's end. */
class HoldingTest {

    private final AtomicLong now = new AtomicLong(7_000_000_000L);

    private long ms(long ms) {
        return ms * 1_000_000;
    }

    @Test
    void aLeaseEndsBeforeTheGrantorsCountOfIt() {
        Holding holding = new Holding(this.now::get);
        long sent = this.now.get();
        this.now.addAndGet(this.ms(40)); // the reply took 40 ms
        holding.granted("web", "node-a", sent, 3000);
        holding.granted("web", "#witness", sent, 3000);
        long until = holding.untilNanos("web", 2);
        // 3000 ms less 1 % drift less 100 ms to remove the address, from when the request left
        assertEquals(sent + this.ms(2870), until);
    }

    @Test
    void theMajorityThLongestLeaseDecides() {
        Holding holding = new Holding(this.now::get);
        long t = this.now.get();
        holding.granted("web", "node-a", t, 3000);
        holding.granted("web", "node-b", t + this.ms(500), 3000);
        holding.granted("web", "#witness", t + this.ms(1000), 3000);
        assertEquals(t + this.ms(500 + 2870), holding.untilNanos("web", 2), "the second longest of three");
        assertEquals(t + this.ms(2870), holding.untilNanos("web", 3));
        holding.refused("web", "node-b");
        assertEquals(t + this.ms(2870), holding.untilNanos("web", 2), "node-b granted someone else");
        this.now.addAndGet(this.ms(2870));
        assertTrue(holding.untilNanos("web", 2) < this.now.get(), "one running lease is not a majority of three");
        holding.forget("web");
        assertTrue(holding.untilNanos("web", 1) < this.now.get());
    }

    @Test
    void anOlderReplyDoesNotShortenANewerLease() {
        Holding holding = new Holding(this.now::get);
        long t = this.now.get();
        holding.granted("web", "node-a", t + this.ms(400), 3000);
        holding.granted("web", "node-a", t, 3000); // a late reply to the previous round
        assertEquals(t + this.ms(400 + 2870), holding.untilNanos("web", 1));
    }
}
