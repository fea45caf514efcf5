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

    /** False for null: a channel that is not connected yet has no address (and List.of() throws on contains(null)). */
    public boolean contains(Address address) {
        return address != null && this.members.contains(address);
    }
}
