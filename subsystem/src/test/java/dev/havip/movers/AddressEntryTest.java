package dev.havip.movers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** Reading {@code ip -o addr show} output, as iproute2 6.1 prints it. */
class AddressEntryTest {

    private static final String OUTPUT = """
            2: eth0    inet 198.18.0.1/24 scope global eth0\\       valid_lft forever preferred_lft forever
            2: eth0    inet 198.18.0.100/24 scope global secondary dynamic eth0:web\\       valid_lft 17sec preferred_lft 17sec
            2: eth0    inet6 fd00:198:18::100/64 scope global tentative dynamic \\       valid_lft 20sec preferred_lft 20sec
            2: eth0    inet6 fd00:198:18::101/64 scope global dadfailed tentative \\       valid_lft forever preferred_lft forever
            2: eth0    inet6 fe80::48c3:5cff:fe55:80ab/64 scope link \\       valid_lft forever preferred_lft forever
            """;

    @Test
    void findsTheExactAddressWithItsFlagsAndLifetime() throws Exception {
        AddressEntry v4 = AddressEntry.find(OUTPUT, InetAddress.getByName("198.18.0.100")).orElseThrow();
        assertEquals(24, v4.prefix());
        assertEquals(OptionalLong.of(17), v4.validSeconds());
        assertTrue(v4.usable());

        AddressEntry v6 = AddressEntry.find(OUTPUT, InetAddress.getByName("fd00:198:18:0:0:0:0:100")).orElseThrow();
        assertTrue(v6.tentative());
        assertFalse(v6.usable());
        AddressEntry failed = AddressEntry.find(OUTPUT, InetAddress.getByName("fd00:198:18::101")).orElseThrow();
        assertTrue(failed.dadFailed());
        assertEquals(OptionalLong.empty(), failed.validSeconds());

        assertEquals(Optional.empty(), AddressEntry.find(OUTPUT, InetAddress.getByName("198.18.0.10")));
        assertEquals(Optional.empty(), AddressEntry.find("Device \"eth9\" does not exist.\n", InetAddress.getByName("198.18.0.100")));
    }
}
