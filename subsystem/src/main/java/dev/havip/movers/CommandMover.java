package dev.havip.movers;

import java.util.Map;

/**
 * {@code method=command}: the administrator's own takeover and release commands (argument lists with the placeholders
 * {@code {address}} (the address alone), {@code {prefix}}, {@code {interface}} and {@code {vip}}), run like every
 * other command: no shell, the command prefix in front, the timeout, exit status 0 required.
 * <p>
 * {@link #refresh()} does nothing: ha-vip cannot know what a user's command set up or whether it needs renewing; a
 * command that must be repeated belongs in the user's own tooling. {@link #isHeld()} reports the last successful
 * takeover or release, because a pair of user commands gives no way to ask whether the address is there.
 * {@link #release()} always runs the release command, also when nothing was taken over (start-up clean-up), so the
 * release command must succeed when the address is already gone.
 */
public final class CommandMover implements Mover {

    private final VipSpec spec;
    private final CommandRunner runner;
    private volatile boolean held;

    public CommandMover(VipSpec spec, MoverSettings settings) {
        if (spec.takeoverCommand().isEmpty() || spec.releaseCommand().isEmpty()) {
            throw new IllegalArgumentException("method command needs a takeover and a release command");
        }
        this.spec = spec;
        this.runner = new CommandRunner(settings);
    }

    /** The placeholder values of a VIP, shared with {@link Notifier}. All come from validated configuration. */
    static Map<String, String> values(VipSpec spec) {
        return Map.of("address", spec.address().host(), "prefix", Integer.toString(spec.address().prefix()),
                "interface", spec.interfaceName(), "vip", spec.name());
    }

    @Override
    public void takeover() throws MoverException {
        this.runner.run(this.spec.takeoverCommand().orElseThrow().expand(values(this.spec)));
        this.held = true;
    }

    @Override
    public void refresh() {
        // nothing to renew that ha-vip knows of, see the class comment
    }

    @Override
    public void release() throws MoverException {
        this.runner.run(this.spec.releaseCommand().orElseThrow().expand(values(this.spec)));
        this.held = false;
    }

    @Override
    public boolean isHeld() {
        return this.held;
    }
}
