package dev.havip.cluster;

/**
 * Which decoded ha-vip messages a member accepts from a sender (SPEC: input from the network is hostile until
 * authenticated). A state must be about its sender: the node it names is the sender's own cluster name, so one
 * member cannot speak for another. Tables, pins and clears come only from members of the current view. A state
 * from outside the view is kept (a joiner can get its peers' states before its own first view); the view filters
 * what counts. Pure: called on JGroups threads.
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
        if (!senderInView) {
            return "a " + message.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " from a sender outside the cluster view";
        }
        if (message instanceof ClusterMessage.Table table && senderName != null && !senderName.equals(table.coordinator())) {
            return "a table of coordinator '" + table.coordinator() + "' sent by '" + senderName + "'";
        }
        return null;
    }
}
