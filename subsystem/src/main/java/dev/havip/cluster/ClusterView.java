package dev.havip.cluster;

import java.util.List;

import org.jgroups.Address;
import org.jgroups.MergeView;
import org.jgroups.View;

/** The current JGroups view as ha-vip uses it: members in view order (coordinator first). */
public record ClusterView(String id, List<Address> members, boolean merge) {

    public static final ClusterView NONE = new ClusterView(null, List.of(), false);

    static ClusterView of(View view) {
        return new ClusterView(view.getViewId().toString(), List.copyOf(view.getMembers()), view instanceof MergeView);
    }

    public Address coordinator() {
        return this.members.isEmpty() ? null : this.members.get(0);
    }

    /**
     * How many servers the view holds: members by name, because a member that rejoined after a pause can be in one view
     * twice for a moment (its old address and its new one), which is still one server to a quorum.
     */
    public int servers() {
        return (int) this.members.stream().map(a -> {
            String name = org.jgroups.util.NameCache.get(a);
            return name != null ? name : a.toString();
        }).distinct().count();
    }

    /** False for null: a channel that is not connected yet has no address (and List.of() throws on contains(null)). */
    public boolean contains(Address address) {
        return address != null && this.members.contains(address);
    }
}
