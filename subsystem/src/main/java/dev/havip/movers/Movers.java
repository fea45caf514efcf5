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

    public static Mover create(VipSpec spec) {
        return switch (spec.method()) {
            case NONE -> new NoneMover();
            default -> throw new UnsupportedOperationException("method " + spec.method().name().toLowerCase() + " is not available yet");
        };
    }
}
