package dev.havip.health;

/**
 * A check whose verdict is pushed from outside instead of polled: the {@code deployment} type,
 * driven by the deployment's service events so that an undeploy makes the node ineligible at once.
 * Each event counts at once (fall = rise = 1). Listeners run on the pushing thread.
 */
public final class PushedCheck extends CountingCheck {

    public PushedCheck(String name) {
        super(name, 1, 1);
    }

    public void up() {
        up("up");
    }

    public void up(String detail) {
        record(ProbeResult.ok(detail));
    }

    public void down(String reason) {
        record(ProbeResult.failed(reason));
    }

    /** Nothing to start: the state arrives with events. */
    @Override
    public void start() {
    }

    @Override
    public void close() {
        markClosed();
    }
}
