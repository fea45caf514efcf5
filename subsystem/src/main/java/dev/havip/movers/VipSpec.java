package dev.havip.movers;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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

    public VipSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        InterfaceName.validate(interfaceName);
        Objects.requireNonNull(method, "method");
        if (garpCount < 1) {
            throw new IllegalArgumentException("garpCount must be at least 1");
        }
        if (method == Method.COMMAND && (takeoverCommand.isEmpty() || releaseCommand.isEmpty())) {
            throw new IllegalArgumentException("method COMMAND needs a takeover and a release command");
        }
    }
}
