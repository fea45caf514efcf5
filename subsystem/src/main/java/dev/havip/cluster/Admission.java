package dev.havip.cluster;

/**
 * Which decoded ha-vip messages a member accepts from a sender (SPEC: input from the network is hostile until
 * authenticated). A state must be about its sender: the node it names is the sender's own cluster name, so one
 * member cannot speak for another. Pins and clears come only from members of the current view, tables only from the
 * coordinator they name. A state or a table from outside the view is let through, not refused: a joiner gets its
 * peers' states and the coordinator's table before its own first view (states are kept, the view filters what
 * counts; a table is used only when its sender coordinates this node's view). Pure: called on JGroups threads.
 */
final class Admission {

    private Admission() {
    }

    /**
     * @param senderName the sender's logical name as JGroups knows it, or null when unknown
     * @return why the message is refused, or null when it is accepted
     */
    static String refusal(ClusterMessage message, String senderName, boolean senderInView) {
        if (message instanceof ClusterMessage.State state) {
            String claimed = state.state().node();
            return senderName != null && !senderName.equals(claimed) ? "a state about '" + claimed + "' sent by '" + senderName + "'" : null;
        }
        if (message instanceof ClusterMessage.Table table) {
            return senderName != null && !senderName.equals(table.coordinator()) ? "a table of coordinator '" + table.coordinator() + "' sent by '" + senderName + "'" : null;
        }
        if (!senderInView) {
            return "a " + message.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " from a sender outside the cluster view";
        }
        return null;
    }
}
