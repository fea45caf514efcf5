package dev.havip.movers;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.havip.net.Cidr;
import dev.havip.net.InterfaceName;

/**
 * Everything a mover needs to know about one VIP, already validated and resolved from the
 * management model.
 */
public record VipSpec(String name, Cidr address, String interfaceName, Method method,
        int garpCount, Duration garpInterval, Duration garpRefreshInterval,
        Optional<CommandTemplate> takeoverCommand, Optional<CommandTemplate> releaseCommand,
        Optional<CommandTemplate> notifyCommand) {

    /** How the address moves ({@code method} attribute). */
    public enum Method { IP, IPVS, COMMAND, NONE }

    /** The resource name becomes the {vip} argument of commands: a plain word, never an option or a second argument. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public VipSpec {
        checkName(name);
        Objects.requireNonNull(address, "address");
        InterfaceName.validate(interfaceName);
        Objects.requireNonNull(method, "method");
        if (garpCount < 1) {
            throw new IllegalArgumentException("garpCount must be at least 1");
        }
        Objects.requireNonNull(garpInterval, "garpInterval");
        Objects.requireNonNull(garpRefreshInterval, "garpRefreshInterval");
        if (garpInterval.isNegative() || garpRefreshInterval.isNegative()) {
            throw new IllegalArgumentException("garp intervals cannot be negative");
        }
        if (method == Method.COMMAND && (takeoverCommand.isEmpty() || releaseCommand.isEmpty())) {
            throw new IllegalArgumentException("method COMMAND needs a takeover and a release command");
        }
    }

    /** For the management model's name check, so that a bad name is refused at the CLI, not when the VIP starts. */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a virtual-ip name (1-64 characters: letters, digits, '.', '_', '-';"
                    + " starting with a letter or digit)");
        }
        return name;
    }
}
