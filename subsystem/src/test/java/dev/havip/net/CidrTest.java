package dev.havip.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void parsesIpv4AndIpv6() {
        Cidr v4 = Cidr.parse("198.18.0.100/24");
        assertEquals("198.18.0.100", v4.host());
        assertEquals(24, v4.prefix());
        assertTrue(v4.isIpv4());
        Cidr v6 = Cidr.parse("fd00::100/64");
        assertEquals(64, v6.prefix());
        assertEquals("fd00:0:0:0:0:0:0:100/64", v6.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "198.18.0.100", "198.18.0.300/24", "198.18.0.100/33", "198.18.0.100/0", "fd00::1/129",
            "example.com/24", "198.18.0.100/24/1", "198.18.0.100/-1", "198.18.0.100/ 24", "198.18.0.1;reboot/24",
            "-x/24", "::ffff:1.2.3.4/24", "fe80::1%eth0/64", "[fd00::1]/64", "1.2.3/24", "01.2.3.4.5/24" })
    void rejectsWithAReason(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
        assertTrue(!e.getMessage().isBlank(), "message for " + text);
    }

    @ParameterizedTest
    @ValueSource(strings = { "eth0", "ens3", "br-lan", "veth_a.1", "a23456789012345" })
    void acceptsInterfaceNames(String name) {
        assertEquals(name, InterfaceName.validate(name));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "-x", ".hidden", "eth0;reboot", "eth 0", "eth0\n", "a/b", "$(id)", "a234567890123456", "eth0:1" })
    void rejectsInterfaceNames(String name) {
        assertThrows(IllegalArgumentException.class, () -> InterfaceName.validate(name));
    }
}
