package dev.havip.movers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import dev.havip.net.Cidr;

/**
 * Acceptance criterion 2: hostile interface names, addresses, VIP and node names and templates are refused while the
 * configuration is built, before any command exists; stand-ins for every tool prove that nothing was run.
 */
class InjectionTest {

    private static final List<String> HOSTILE = List.of("eth0;reboot", "eth0 lo", "-x", "--help", "eth0\n", "eth0\r", "$(id)", "eth0`id`",
            "eth0|cat", "a/b", "", " eth0", "eth0\0", "'eth0'", "eth0&", ">x", "*");

    @TempDir
    Path dir;

    @Test
    void nothingHostileReachesACommand() throws Exception {
        StandIns standIns = new StandIns(this.dir);
        MoverSettings settings = standIns.settings();
        Path notify = standIns.recorder("notify");
        for (String bad : HOSTILE) {
            // as interface name, VIP name, address, prefix and node name
            rejected(bad, () -> Movers.create(vip("web", "198.18.0.100/24", bad), settings).takeover());
            rejected(bad, () -> Movers.create(vip(bad, "198.18.0.100/24", "eth0"), settings).takeover());
            rejected(bad, () -> Movers.create(vip("web", bad, "eth0"), settings).takeover());
            rejected(bad, () -> Movers.create(vip("web", "198.18.0.100/" + bad, "eth0"), settings).takeover());
            rejected(bad, () -> Movers.create(vip("web", bad + "/24", "eth0"), settings).takeover());
            rejected(bad, () -> new Notifier(vip("web", "198.18.0.100/24", "eth0"), bad, settings).stateChanged("BACKUP", "MASTER"));
            rejected(bad, () -> new Notifier(vip("web", "198.18.0.100/24", "eth0"), "node-a", settings).stateChanged("BACKUP", bad));
        }
        // too long: IFNAMSIZ for interfaces, 64 characters for names
        rejected("16 characters", () -> vip("web", "198.18.0.100/24", "toolonginterface"));
        rejected("65 characters", () -> vip("w".repeat(65), "198.18.0.100/24", "eth0"));
        rejected("65 characters", () -> new Notifier(vip("web", "198.18.0.100/24", "eth0"), "n".repeat(65), settings));
        for (String bad : List.of("198.18.0.100/24 dev lo", "198.18.0.100/24;id", "fd00::1%eth0/64", "localhost/24", "198.18.0.100",
                "198.18.0.100/33", "198.18.0.100/-1", "198.18.0.100/24/24", "0x7f.1/8", "::ffff:198.18.0.100/96")) {
            rejected(bad, () -> Movers.create(vip("web", bad, "eth0"), settings).takeover());
        }
        // templates: line breaks, unknown or hostile placeholders, a relative executable, a placeholder as the executable
        for (List<String> bad : List.of(List.of(notify.toString(), "{address}\n"), List.of(notify.toString(), "{$(id)}"),
                List.of(notify.toString(), "{address;id}"), List.of("sh", "-c", "ip addr add {address}"), List.of("{address}"),
                List.of(notify.toString(), "a\rb"), List.of(notify.toString(), "{ vip}"))) {
            rejected(bad, () -> CommandTemplate.parse(bad, CommandTemplate.NOTIFY_PLACEHOLDERS));
        }
        // the command prefix follows the same rules
        rejected("sudo", () -> settings.withCommandPrefix(List.of("sudo", "-n")));
        rejected("-n\\n", () -> settings.withCommandPrefix(List.of("/usr/bin/sudo", "-n\n")));

        assertEquals(List.of(), standIns.calls(), "a stand-in was called");
    }

    @Test
    void shellCharactersInAnAdministratorsTemplateReachTheCommandVerbatim() throws Exception {
        StandIns standIns = new StandIns(this.dir);
        Path up = standIns.recorder("vip-up");
        List<String> literal = List.of("$(id)", "a;b", "`id`", "*", "$HOME", "x > y", "-x", "'q'");
        List<String> template = new java.util.ArrayList<>(List.of(up.toString()));
        template.addAll(literal);
        template.add("{vip}");
        VipSpec spec = new VipSpec("web", Cidr.parse("198.18.0.100/24"), "eth0", VipSpec.Method.COMMAND, 1, Duration.ZERO, Duration.ZERO,
                Optional.of(CommandTemplate.parse(template, CommandTemplate.VIP_PLACEHOLDERS)),
                Optional.of(CommandTemplate.parse(List.of(up.toString()), CommandTemplate.VIP_PLACEHOLDERS)), Optional.empty());
        Movers.create(spec, standIns.settings()).takeover();
        List<String> expected = new java.util.ArrayList<>(List.of("vip-up"));
        expected.addAll(literal);
        expected.add("web");
        assertEquals(List.of(expected), standIns.calls(), "no shell: every argument arrives as written");
    }

    private static void rejected(Object value, Executable action) {
        assertThrows(IllegalArgumentException.class, action, () -> "accepted: '" + value + "'");
    }

    private static VipSpec vip(String name, String cidr, String interfaceName) {
        return new VipSpec(name, Cidr.parse(cidr), interfaceName, VipSpec.Method.IP, 1, Duration.ZERO, Duration.ofSeconds(30),
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
