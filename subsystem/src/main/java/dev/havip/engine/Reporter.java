package dev.havip.engine;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.havip.logging.Guarded;
import dev.havip.logging.HaVipLogger;

/**
 * What this node reports about its VIPs: each state transition (logged, kept in the history, passed to
 * every listener, each listener guarded so one that throws cannot stop the others or the engine), owner
 * changes and the failover counter. Transitions are made on the decision thread; health verdicts come
 * from health-check threads; management threads read.
 */
final class Reporter {

    private final String node;
    private final History history = new History();
    private final List<Consumer<Transition>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<OwnerChange>> ownerListeners = new CopyOnWriteArrayList<>();

    Reporter(String node) {
        this.node = node;
    }

    History history() {
        return this.history;
    }

    void addListener(Consumer<Transition> listener) {
        this.listeners.add(listener);
    }

    void removeListener(Consumer<Transition> listener) {
        this.listeners.remove(listener);
    }

    void addOwnerListener(Consumer<OwnerChange> listener) {
        this.ownerListeners.add(listener);
    }

    void removeOwnerListener(Consumer<OwnerChange> listener) {
        this.ownerListeners.remove(listener);
    }

    void healthTransition(String check, String from, String to, String reason) {
        this.history.add(new HealthTransition(Instant.now(), check, from, to, reason, this.node));
    }

    /** The owner the current table names; A -> (nobody during a handover) -> B counts as one failover. */
    void owner(VipRuntime vip, String owner) {
        if (owner != null && !owner.equals(vip.lastOwner)) {
            if (vip.lastOwner != null) {
                vip.failoverCount++;
            }
            vip.previousOwner = vip.lastOwner;
            vip.lastOwner = owner;
        }
        if (!java.util.Objects.equals(owner, vip.owner)) {
            OwnerChange change = new OwnerChange(vip.name(), vip.owner, owner);
            vip.owner = owner;
            for (Consumer<OwnerChange> listener : this.ownerListeners) {
                Guarded.run("owner listener", () -> listener.accept(change));
            }
        }
    }

    /** The VIP's state from what this pass saw; a change is a transition. */
    void state(VipRuntime vip, boolean connected, boolean maintenance, boolean rejoining) {
        VipState next = !connected ? VipState.INIT
                : maintenance ? VipState.MAINTENANCE
                : vip.fault ? VipState.FAULT
                : vip.held ? VipState.MASTER
                : VipState.BACKUP;
        if (next == vip.state) {
            return;
        }
        String reason = switch (next) {
            case INIT -> rejoining ? "rejoining the cluster" : "not in a cluster view";
            case MAINTENANCE -> "maintenance";
            case FAULT -> vip.lastError;
            case MASTER -> "assigned to this node by the coordinator";
            default -> vip.owner != null ? "owner " + vip.owner : "no owner";
        };
        Transition transition = new Transition(Instant.now(), vip.name(), vip.state, next, reason, this.node);
        vip.state = next;
        vip.lastTransition = transition.time();
        this.history.add(transition);
        HaVipLogger.ROOT_LOGGER.transition(vip.name(), transition.from().name(), next.name(), reason);
        for (Consumer<Transition> listener : this.listeners) {
            Guarded.run("transition listener", () -> listener.accept(transition));
        }
    }
}
