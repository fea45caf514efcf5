package dev.havip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Names that arrive from the network reach native commands (fence-command's {node}): the codec accepts only
 * names a user could have typed as node-name, and refuses the message otherwise.
 */
class ClusterCodecTest {

    private static final List<String> HOSTILE = List.of("-rf", "--help", "x;reboot", "$(reboot)", "a b", "`id`", ".hidden", "a/b", "x".repeat(65));

    @Test
    void wellFormedMessagesRoundTrip() throws IOException {
        NodeState state = new NodeState("node-a", "198.18.0.1", false, "node-b", 7, Map.of("web", new VipAdvert(200, true, false, true, 3)));
        for (ClusterMessage message : List.of(new ClusterMessage.State(state), new ClusterMessage.Pin("web", "node-b", 4),
                new ClusterMessage.ClearPin("web"), new ClusterMessage.Table("node-b", 9, new TreeMap<>(Map.of("web", "node-a"))),
                new ClusterMessage.LeaseRequest("web", 12, 3000), new ClusterMessage.LeaseReply("web", 12, false), new ClusterMessage.LeaseRelease("web"),
                new ClusterMessage.Ack("node-b", 9), new ClusterMessage.Introduction(state))) {
            assertEquals(message, decode(ClusterCodec.encode(message)));
        }
    }

    @Test
    void hostileNodeNamesAreRefusedWhereverTheyAppear() {
        for (String name : HOSTILE) {
            NodeState state = new NodeState(name, "", false, "", 0, Map.of());
            NodeState ack = new NodeState("node-a", "", false, name, 1, Map.of());
            for (ClusterMessage message : List.of(new ClusterMessage.State(state), new ClusterMessage.State(ack),
                    new ClusterMessage.Pin("web", name, 1), new ClusterMessage.Table(name, 1, new TreeMap<>()), new ClusterMessage.Ack(name, 1),
                    new ClusterMessage.Table("node-a", 1, new TreeMap<>(Map.of("web", name))))) {
                assertThrows(IOException.class, () -> decode(ClusterCodec.encode(message)), () -> "accepted " + message);
            }
        }
    }

    private static ClusterMessage decode(byte[] bytes) throws IOException {
        return ClusterCodec.decode(bytes, 0, bytes.length);
    }
}
