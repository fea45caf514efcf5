package dev.havip.cluster;

/**
 * Which decoded ha-vip messages a member accepts from a sender (SPEC: input from the network is hostile until
 * authenticated). A state (or an introduction) must be about its sender: the node it names is the sender's own
 * cluster name, so one member cannot speak for another. Pins and clears come only from members of the current view,
 * tables only from the coordinator they name. A state, an introduction, an acknowledgement or a table from outside
 * the view is let through, not refused: a joiner gets its peers' states and the coordinator's table before its own
 * first view, and a member that resumed from a pause acknowledges before it learns it was excluded (states are kept,
 * the view filters what counts; a table is used only when its sender coordinates this node's view). Pure: called on
 * JGroups threads.
 */
final class Admission {

    private Admission() {
    }

    /**
     * @param senderName the sender's logical name as JGroups knows it, or null when unknown
     * @return why the message is refused, or null when it is accepted
     */
    static String refusal(ClusterMessage message, String senderName, boolean senderInView) {
        NodeState about = message instanceof ClusterMessage.State state ? state.state()
                : message instanceof ClusterMessage.Introduction introduction ? introduction.state() : null;
        if (about != null) {
            String claimed = about.node();
            return senderName != null && !senderName.equals(claimed) ? "a state about '" + claimed + "' sent by '" + senderName + "'" : null;
        }
        if (message instanceof ClusterMessage.Ack) {
            return null; // it only ever raises the sender's own acknowledgement, in a state the sender sent itself
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
