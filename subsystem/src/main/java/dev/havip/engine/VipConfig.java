package dev.havip.engine;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import dev.havip.election.Failback;
import dev.havip.movers.VipSpec;

/** One VIP as the engine runs it: how it moves (spec) and how it is elected. */
public record VipConfig(VipSpec spec, OptionalInt priority, Failback failback, Duration failbackDelay, List<String> healthChecks) {

    public VipConfig {
        healthChecks = List.copyOf(healthChecks);
    }

    public String name() {
        return this.spec.name();
    }
}
