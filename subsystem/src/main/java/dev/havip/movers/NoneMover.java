package dev.havip.movers;

/**
 * {@code method=none}: ownership is decided and shown, no address is touched. "Held" means this
 * node would hold the address, so the engine behaves exactly as with a real mover.
 */
final class NoneMover implements Mover {

    private volatile boolean held;

    @Override
    public void takeover() {
        this.held = true;
    }

    @Override
    public void refresh() {
    }

    @Override
    public void release() {
        this.held = false;
    }

    @Override
    public boolean isHeld() {
        return this.held;
    }
}
