package dev.havip.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jgroups.Address;

import dev.havip.cluster.ClusterMember;
import dev.havip.cluster.ClusterMessage;
import dev.havip.cluster.ClusterView;
import dev.havip.cluster.NodeState;
import dev.havip.cluster.VipAdvert;
import dev.havip.logging.HaVipLogger;

/**
 * What the cluster tells this node: views and the members' messages. Called on JGroups threads, so it
 * only records what peers said and hands everything else to the decision thread.
 */
final class ClusterNews implements ClusterMember.Listener {

    private final EngineParts parts;
    private final Runnable reconcile;
    private final Runnable requestReconcile;
    private final Supplier<List<String>> memberNames;
    /** Members of the previous view (JGroups thread only). */
    private volatile List<Address> lastViewMembers = List.of();

    ClusterNews(EngineParts parts, Runnable reconcile, Runnable requestReconcile, Supplier<List<String>> memberNames) {
        this.parts = parts;
        this.reconcile = reconcile;
        this.requestReconcile = requestReconcile;
        this.memberNames = memberNames;
    }

    @Override
    public void viewChanged(ClusterView view) {
        List<NodeState> gone = this.parts.peers().retain(view);
        List<Address> previous = this.lastViewMembers;
        this.lastViewMembers = view.members();
        // members that only left need nothing from us; a newcomer needs everyone's state (sent to it alone: the others
        // have it), and everyone needs everyone's after a merge (the coordinator dropped the states of the members it had
        // excluded) or when this node is the one that joined
        Address self = this.parts.member().localAddress();
        List<Address> newcomers = view.members().stream().filter(m -> !previous.contains(m) && !m.equals(self)).toList();
        boolean toAll = view.merge() || !previous.contains(self);
        this.parts.decisions().execute("view " + view.id(), () -> {
            HaVipLogger.ROOT_LOGGER.view(view.id(), this.memberNames.get());
            if (view.merge()) {
                this.parts.assignments().merged();
                this.parts.vips().values().forEach(vip -> vip.reannounce = vip.held);
            }
            this.parts.eligibility().rule().viewChanged(view.servers()); // by name: a rejoining member may be in it twice
            // a member that held a VIP and vanished is fenced before this node takes the VIP over
            gone.forEach(state -> state.vips().forEach((name, advert) -> {
                VipRuntime vip = this.parts.vips().get(name);
                if (vip != null && advert.held()) {
                    vip.vanishedHolder = state.node();
                } else if (vip != null && state.node().equals(vip.memberHolder)) {
                    vip.memberHolder = null; // it released the VIP and left: it no longer answers for the address
                }
            }));
            if (toAll) {
                this.parts.publisher().force();
            } else if (!newcomers.isEmpty()) {
                this.parts.publisher().introduce(newcomers);
            }
            this.reconcile.run();
        });
    }

    @Override
    public void received(Address sender, ClusterMessage message) {
        if (message instanceof ClusterMessage.State state) {
            if (!sender.equals(this.parts.member().localAddress())) {
                NodeState before = this.parts.peers().put(sender, state.state());
                if (before != null) {
                    this.announceWhereReleased(before, state.state());
                }
                this.rememberHolder(before, state.state());
                if (this.mattersHere(before, state.state())) {
                    this.requestReconcile.run();
                }
            }
        } else if (message instanceof ClusterMessage.Introduction introduction) {
            if (this.parts.peers().introduce(sender, introduction.state())) {
                this.rememberHolder(null, introduction.state());
                this.requestReconcile.run();
            }
        } else if (message instanceof ClusterMessage.Ack ack) {
            // sent only to the coordinator of the table it acknowledges, the one member that reads it
            if (this.parts.peers().acknowledge(sender, ack.coordinator(), ack.epoch())) {
                this.requestReconcile.run();
            }
        } else if (message instanceof ClusterMessage.Table table) {
            this.parts.decisions().execute("table", () -> {
                Assignments.Received what = this.parts.assignments().received(sender, table);
                if (what == Assignments.Received.REPEATED && table.waitingFor().contains(this.parts.node())) {
                    this.parts.publisher().repeatAsked(System.nanoTime()); // the coordinator missed our acknowledgement
                }
                if (what != Assignments.Received.IGNORED) {
                    this.reconcile.run();
                }
            });
        } else if (message instanceof ClusterMessage.Pin pin) {
            this.parts.decisions().execute("pin", () -> {
                VipRuntime vip = this.parts.vips().get(pin.vip());
                if (vip != null && pin.node().equals(this.parts.node()) && pin.epoch() > vip.pinEpoch) {
                    vip.pinEpoch = pin.epoch();
                }
                this.reconcile.run();
            });
        } else if (message instanceof ClusterMessage.Lease) {
            this.parts.eligibility().rule().received(sender, message); // quorum=witness; answered here, on this thread
        } else if (message instanceof ClusterMessage.ClearPin clear) {
            this.parts.decisions().execute("clear pin", () -> {
                VipRuntime vip = this.parts.vips().get(clear.vip());
                if (vip != null) {
                    vip.pinEpoch = 0;
                }
                this.reconcile.run();
            });
        }
    }

    /**
     * Whether a member's new state can change this node's decisions. Only the coordinator reads acknowledgements, and a
     * state sent again unchanged (for a newcomer, or a repeated table) says nothing new: every member acknowledges every
     * table and answers every join by multicast, so a decision pass on each of those deliveries would cost N² passes
     * per table at N members.
     */
    private boolean mattersHere(NodeState before, NodeState after) {
        if (before == null || !before.acknowledging(after.ackFrom(), after.ack()).equals(after)) {
            return true; // new, or its adverts, address or stepping down changed
        }
        boolean acknowledged = !before.ackFrom().equals(after.ackFrom()) || before.ack() != after.ack();
        return acknowledged && java.util.Objects.equals(this.parts.member().localAddress(), this.parts.member().view().coordinator());
    }

    /**
     * A member says it holds a VIP: until this node has taken the VIP itself, whoever answers for the address
     * is most likely that member, even if no table this node saw ever named it (it took the VIP while the two
     * were partitioned).
     */
    private void rememberHolder(NodeState before, NodeState after) {
        List<String> held = after.vips().entrySet().stream()
                .filter(e -> e.getValue().held() && (before == null || before.vips().get(e.getKey()) == null || !before.vips().get(e.getKey()).held()))
                .map(Map.Entry::getKey).toList();
        if (!held.isEmpty()) {
            this.parts.decisions().execute("member holds " + held, () -> held.forEach(name -> {
                VipRuntime vip = this.parts.vips().get(name);
                if (vip != null) {
                    vip.memberHolder = after.node();
                }
            }));
        }
    }

    /**
     * A peer stopped holding a VIP that we hold (two holders after a partition, resolved by the merge): clients
     * that followed the peer's announcements now send to an address it no longer has, so we announce at once.
     */
    private void announceWhereReleased(NodeState before, NodeState after) {
        before.vips().forEach((name, advert) -> {
            VipAdvert now = after.vips().get(name);
            if (advert.held() && (now == null || !now.held())) {
                this.parts.decisions().execute("announce " + name, () -> {
                    VipRuntime vip = this.parts.vips().get(name);
                    if (vip != null && vip.held) {
                        vip.announceNow = true;
                        this.reconcile.run();
                    }
                });
            }
        });
    }
}
