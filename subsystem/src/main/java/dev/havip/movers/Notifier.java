package dev.havip.movers;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a VIP's {@code notify-command} on every state change, with the placeholders {@code {vip}} {@code {from}}
 * {@code {to}} {@code {node}} {@code {address}} {@code {prefix}} {@code {interface}}.
 * <p>
 * Like keepalived's notify scripts, a notification never holds up or fails a move: commands run in the background,
 * one at a time and in order per VIP, and a failure (exit status, timeout) is logged, never thrown. The returned
 * future completes, normally, once the command has ended or failed.
 */
public final class Notifier {

    /** Node names as the subsystem accepts them; states are the engine's enum names. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** More waiting notifications than this means the command hangs or is far too slow; newer ones are dropped (logged). */
    private static final int MAX_WAITING = 64;

    private final VipSpec spec;
    private final String node;
    private final CommandRunner runner;
    private final ThreadPoolExecutor executor;

    public Notifier(VipSpec spec, String nodeName, MoverSettings settings) {
        if (nodeName == null || !NAME.matcher(nodeName).matches()) {
            throw new IllegalArgumentException("'" + nodeName + "' is not a node name (1-64 letters, digits, '.', '_', '-')");
        }
        this.spec = spec;
        this.node = nodeName;
        this.runner = new CommandRunner(settings);
        // One worker at most, created on demand and gone after a minute of quiet: ordered, and no idle thread per VIP.
        this.executor = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(MAX_WAITING), r -> {
            Thread t = new Thread(r, "ha-vip notify " + spec.name());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues the notify command for a change {@code from} → {@code to} (state names such as BACKUP, MASTER).
     *
     * @throws IllegalArgumentException only for a state name that is not a plain word (a programming error)
     */
    public CompletableFuture<Void> stateChanged(String from, String to) {
        for (String state : new String[] { from, to }) {
            if (state == null || !NAME.matcher(state).matches()) {
                throw new IllegalArgumentException("'" + state + "' is not a state name");
            }
        }
        Optional<CommandTemplate> template = this.spec.notifyCommand();
        if (template.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, String> values = new HashMap<>(CommandMover.values(this.spec));
        values.put("from", from);
        values.put("to", to);
        values.put("node", this.node);
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            this.executor.execute(() -> {
                try {
                    this.runner.run(template.get().expand(values));
                } catch (MoverException | RuntimeException e) {
                    MoverLogger.LOG.notifyFailed(this.spec.name(), from, to, e.getMessage());
                } finally {
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            MoverLogger.LOG.notifySkipped(this.spec.name(), from, to, this.executor.getQueue().size());
            done.complete(null);
        }
        return done;
    }
}
