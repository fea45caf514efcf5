package dev.havip.movers;

/** Chooses the mover for a VIP's {@code method}. */
public final class Movers {

    private Movers() {
    }

    /**
     * A mover that fails every operation with the reason it could not be created (e.g. a missing
     * executable), so the VIP shows FAULT with that reason instead of failing the server's services.
     */
    public static Mover unavailable(String reason) {
        return new Mover() {
            @Override
            public void takeover() throws MoverException {
                throw new MoverException(reason);
            }

            @Override
            public void refresh() throws MoverException {
                throw new MoverException(reason);
            }

            @Override
            public void release() {
                // nothing was ever added
            }

            @Override
            public boolean isHeld() {
                return false;
            }
        };
    }

    /** With {@link MoverSettings#defaults()}: the tools from the usual directories, no prefix, the default timeout. */
    public static Mover create(VipSpec spec) {
        return create(spec, MoverSettings.defaults());
    }

    /** {@code method=ipvs} gives an {@link IpvsMover} (ports {@link IpvsMover#DEFAULT_PORTS}); give it real servers with its own method. */
    public static Mover create(VipSpec spec, MoverSettings settings) {
        return switch (spec.method()) {
            case IP -> new IpMover(spec, settings);
            case IPVS -> new IpvsMover(spec, settings);
            case COMMAND -> new CommandMover(spec, settings);
            case NONE -> new NoneMover();
        };
    }
}
