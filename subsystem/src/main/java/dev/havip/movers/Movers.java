package dev.havip.movers;

/** Chooses the mover for a VIP's {@code method}. */
public final class Movers {

    private Movers() {
    }

    public static Mover create(VipSpec spec) {
        return switch (spec.method()) {
            case NONE -> new NoneMover();
            default -> throw new UnsupportedOperationException("method " + spec.method().name().toLowerCase() + " is not available yet");
        };
    }
}
