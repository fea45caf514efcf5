package dev.havip.subsystem;

import java.util.function.Function;

import dev.havip.movers.Mover;
import dev.havip.movers.MoverSettings;
import dev.havip.movers.Movers;
import dev.havip.movers.VipSpec;

/**
 * The subsystem's {@code command-prefix} and {@code command-timeout}, as the engine service resolved
 * them, shared with the VIP services (movers and notify commands run with the same settings).
 */
final class CommandSettings {

    private volatile MoverSettings settings = MoverSettings.defaults();

    void set(MoverSettings settings) {
        this.settings = settings;
    }

    MoverSettings get() {
        return this.settings;
    }

    Function<VipSpec, Mover> movers() {
        return spec -> Movers.create(spec, this.settings);
    }
}
