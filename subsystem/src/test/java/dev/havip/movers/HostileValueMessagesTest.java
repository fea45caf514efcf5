package dev.havip.movers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.havip.net.Cidr;
import dev.havip.net.InterfaceName;

/** The checks that stand before every command quote the hostile value and state the rule it breaks (InjectionTest shows that they refuse). */
class HostileValueMessagesTest {

    private static final List<String> HOSTILE = List.of("-x", "--help", "eth0;reboot", "$(id)", "eth0\n", "eth0\u001b[2J", "eth\u00010", " eth0", "x".repeat(10_000));

    @Test
    void interfaceNamesAreRefusedQuotingTheValueAndTheRule() {
        for (String bad : HOSTILE) {
            assertMessage("'" + bad + "' is not a network interface name (1-15 characters", () -> InterfaceName.validate(bad));
        }
    }

    @Test
    void vipNamesAreRefusedQuotingTheValueAndTheRule() {
        for (String bad : HOSTILE) {
            assertMessage("'" + bad + "' is not a virtual-ip name (1-64 characters", () -> VipSpec.checkName(bad));
        }
    }

    @Test
    void ipv6ZoneIdsBracketsAndOptionLikeAddressesAreNotAddressLiterals() {
        for (String address : List.of("fe80::1%eth0", "fe80::1%25eth0", "fe80::1%1", "[fd00::1]", "-1.2.3.4", "198.18.0.1;reboot", "1".repeat(10_000))) {
            assertMessage("'" + address + "' is not an IPv4 address (a.b.c.d) or an IPv6 address literal", () -> Cidr.parse(address + "/64"));
        }
    }

    @Test
    void optionLikeOrShellLikePrefixLengthsAreNamed() {
        for (String prefix : List.of("-1", "24;reboot", "24 dev lo", "$(id)")) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Cidr.parse("198.18.0.100/" + prefix)).getMessage().contains("'" + prefix + "'"));
        }
    }

    @Test
    void commandTemplatesNameTheArgumentAndTheProblem() {
        assertMessage("'-rf' is not an absolute path of an executable", () -> CommandTemplate.parse(List.of("-rf", "/"), CommandTemplate.NOTIFY_PLACEHOLDERS));
        assertMessage("'sh' is not an absolute path", () -> CommandTemplate.parse(List.of("sh", "-c", "ip addr add {address}"), CommandTemplate.VIP_PLACEHOLDERS));
        assertMessage("argument 1 contains a control character (NUL, CR or LF)",
                () -> CommandTemplate.parse(List.of("/bin/echo", "{vip}\rreboot"), CommandTemplate.NOTIFY_PLACEHOLDERS));
        assertMessage("uses the unknown placeholder {$(id)}", () -> CommandTemplate.parse(List.of("/bin/echo", "{$(id)}"), CommandTemplate.NOTIFY_PLACEHOLDERS));
    }

    private static void assertMessage(String expected, Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(expected), () -> "should contain \"" + abbreviate(expected) + "\": " + abbreviate(e.getMessage()));
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
