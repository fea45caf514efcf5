package dev.havip.movers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CommandTemplateTest {

    @Test
    void expandsPlaceholdersInsideArgumentsWithoutSplitting() {
        CommandTemplate template = CommandTemplate.parse(List.of("/usr/local/bin/vip up", "{address}/{prefix}", "dev={interface}"),
                CommandTemplate.VIP_PLACEHOLDERS);
        List<String> expanded = template.expand(Map.of("address", "198.18.0.100", "prefix", "24", "interface", "eth0", "vip", "web"));
        assertEquals(List.of("/usr/local/bin/vip up", "198.18.0.100/24", "dev=eth0"), expanded);
    }

    @Test
    void valuesAreNeverReinterpreted() {
        CommandTemplate template = CommandTemplate.parse(List.of("/bin/echo", "{vip}"), CommandTemplate.VIP_PLACEHOLDERS);
        assertEquals(List.of("/bin/echo", "$1 {address} \\ ;"), template.expand(Map.of("vip", "$1 {address} \\ ;")));
    }

    @Test
    void rejectsUnsafeTemplates() {
        assertMessage(List.of(), "absolute path");
        assertMessage(List.of("vip-up"), "absolute path");
        assertMessage(List.of("{address}"), "absolute path");
        assertMessage(List.of("/bin/x", "{evil}"), "{evil}");
        assertMessage(List.of("/bin/x", "a\nb"), "control character");
        assertMessage(List.of("/bin/x", "a\0b"), "control character");
    }

    private static void assertMessage(List<String> arguments, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CommandTemplate.parse(arguments, CommandTemplate.VIP_PLACEHOLDERS));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
