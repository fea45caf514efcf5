package dev.havip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

/** JGroups' refused-connection warnings become one line per remote host per 10 s; other records pass as before. */
class RefusedConnectionFilterTest {

    private static final String FORMATTED = "JGRP000006: 198.18.0.1:7660: failed accepting connection from peer SSLSocket[hostname=198.18.0.20, "
            + "port=42677, Session(1796208931628|SSL_NULL_WITH_NULL_NULL)]: java.net.SocketException: Socket is closed";

    private final List<String> logged = new ArrayList<>();

    @Test
    void aFloodFromOneHostIsOneLineAndEachHostHasItsOwn() {
        RefusedConnectionFilter filter = new RefusedConnectionFilter(null, (peer, what) -> this.logged.add(peer + " | " + what));
        for (int i = 0; i < 1000; i++) {
            assertFalse(filter.isLoggable(new LogRecord(Level.WARNING, FORMATTED)), "JGroups' own line is dropped");
        }
        assertFalse(filter.isLoggable(new LogRecord(Level.WARNING, FORMATTED.replace("198.18.0.20", "198.18.0.21"))));
        assertEquals(2, this.logged.size(), "one line per host: " + this.logged);
        assertTrue(this.logged.get(0).startsWith("198.18.0.20 | 198.18.0.1:7660: failed accepting connection"), this.logged.get(0));
        assertTrue(this.logged.get(1).startsWith("198.18.0.21 | "), this.logged.get(1));
    }

    @Test
    void theHostIsFoundInAFormatWithParametersAndControlCharactersAreNotLogged() {
        RefusedConnectionFilter filter = new RefusedConnectionFilter(null, (peer, what) -> this.logged.add(peer + " | " + what));
        LogRecord record = new LogRecord(Level.WARNING, "JGRP000006: %s: failed accepting connection from peer %s: %s");
        record.setParameters(new Object[] { "198.18.0.1:7660", "Socket[addr=/198.18.0.30,port=4000]", "evil\nline\u0007" });
        assertFalse(filter.isLoggable(record));
        assertEquals(1, this.logged.size());
        assertTrue(this.logged.get(0).startsWith("198.18.0.30 | 198.18.0.1:7660: failed accepting connection from peer Socket[addr=/198.18.0.30"),
                this.logged.get(0));
        assertFalse(this.logged.get(0).contains("\n") || this.logged.get(0).contains("\u0007"), this.logged.get(0));
        assertEquals("unknown", RefusedConnectionFilter.peer("JGRP000006: no peer named here"));
    }

    @Test
    void otherRecordsGoToThePreviousFilter() {
        RefusedConnectionFilter none = new RefusedConnectionFilter(null, (peer, what) -> this.logged.add(peer));
        assertTrue(none.isLoggable(new LogRecord(Level.WARNING, "JGRP000010: packet from 198.18.0.2:7660 has different version")));
        RefusedConnectionFilter denying = new RefusedConnectionFilter(r -> false, (peer, what) -> this.logged.add(peer));
        assertFalse(denying.isLoggable(new LogRecord(Level.INFO, "something else")));
        assertTrue(this.logged.isEmpty());
    }

    @Test
    void theLastChannelPutsThePreviousFilterBack() {
        Logger logger = Logger.getLogger("dev.havip.test.transport");
        java.util.logging.Filter previous = r -> true;
        logger.setFilter(previous);
        RefusedConnectionFilter.acquire(logger.getName());
        RefusedConnectionFilter.acquire(logger.getName());
        assertTrue(logger.getFilter() instanceof RefusedConnectionFilter);
        assertFalse(logger.getFilter().isLoggable(new LogRecord(Level.WARNING, FORMATTED)));
        RefusedConnectionFilter.release(logger.getName());
        assertTrue(logger.getFilter() instanceof RefusedConnectionFilter, "still one channel");
        RefusedConnectionFilter.release(logger.getName());
        assertSame(previous, logger.getFilter());
    }
}
