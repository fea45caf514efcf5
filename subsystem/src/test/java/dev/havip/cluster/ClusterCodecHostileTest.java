package dev.havip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** Bogus, truncated and oversized cluster messages: decode refuses each with an IOException, never another exception, naming the problem. */
class ClusterCodecHostileTest {

    private static final NodeState STATE = new NodeState("node-a", "198.18.0.1", false, "node-b", 7, Map.of("web", new VipAdvert(200, true, false, true, 3)));
    private static final List<ClusterMessage> VALID = List.of(new ClusterMessage.State(STATE), new ClusterMessage.Pin("web", "node-b", 4),
            new ClusterMessage.ClearPin("web"), new ClusterMessage.Table("node-b", 9, new TreeMap<>(Map.of("web", "node-a")), new TreeSet<>(List.of("node-c"))),
            new ClusterMessage.LeaseRequest("web", 12, 3000), new ClusterMessage.LeaseReply("web", 12, true), new ClusterMessage.LeaseRelease("web"),
            new ClusterMessage.Ack("node-b", 9), new ClusterMessage.Introduction(STATE));
    /** Node names with a control character, a leading '-', or a space: each could mislead a log line or a command. */
    private static final List<String> HOSTILE_NODES = List.of("-rf", "--help", "node\na", "node\u0000", "node\u001b[31m", "\tnode", "node\r", " node",
            "n".repeat(65));

    @FunctionalInterface
    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    @Test
    void everyTruncationOfEveryMessageTypeIsAnIOException() {
        for (ClusterMessage message : VALID) {
            byte[] full = ClusterCodec.encode(message);
            for (int length = 0; length < full.length; length++) {
                int cut = length;
                // the bytes after the cut are still in the array: decode must stop at the given length
                assertThrows(IOException.class, () -> ClusterCodec.decode(full, 0, cut), () -> message + " cut to " + cut + " bytes");
            }
        }
    }

    /** Found for issue 13: a cut message was refused with a bare EOFException, logged as "Ignored an ha-vip message from X: null". */
    @Test
    void everyTruncationIsRefusedNamingTheProblem() {
        for (ClusterMessage message : VALID) {
            byte[] full = ClusterCodec.encode(message);
            for (int length = 0; length < full.length; length++) {
                int cut = length;
                IOException e = assertThrows(IOException.class, () -> ClusterCodec.decode(full, 0, cut));
                assertNotNull(e.getMessage(), () -> message + " cut to " + cut + " bytes: " + e);
            }
        }
    }

    /** quorum=witness: a lease outside 100 ms..10 min, or a negative sequence, is not from a server of ours. */
    @Test
    void leaseRequestsWithABadLeaseOrSequenceAreRefused() {
        for (long lease : List.of(0L, 99L, 600_001L, -1L, Long.MAX_VALUE)) {
            assertRefused("bad lease of " + lease + " ms", ClusterCodec.encode(new ClusterMessage.LeaseRequest("web", 1, lease)));
        }
        assertRefused("bad lease sequence -5", ClusterCodec.encode(new ClusterMessage.LeaseRequest("web", -5, 3000)));
        assertRefused("bad lease sequence -1", ClusterCodec.encode(new ClusterMessage.LeaseReply("web", -1, true)));
        assertRefused("bad virtual-ip name", ClusterCodec.encode(new ClusterMessage.LeaseRelease("-rf")));
    }

    @Test
    void aWrongVersionByteIsRefused() {
        for (int version : List.of(0, 2, 0x7f, 0xff)) {
            byte[] bytes = ClusterCodec.encode(VALID.get(0));
            bytes[0] = (byte) version;
            assertRefused("unsupported ha-vip message version", bytes);
        }
    }

    @Test
    void anUnknownTypeByteIsRefusedNamingTheType() {
        for (int type : List.of(0, 10, 127, -1)) {
            assertRefused("unknown ha-vip message type " + type, new byte[] { 1, (byte) type, 0, 0 });
        }
    }

    @Test
    void oversizedAndNegativeCountsAreRefusedBeforeAnythingIsAllocated() {
        for (int count : List.of(10_001, Integer.MAX_VALUE, -1, Integer.MIN_VALUE)) {
            assertRefused("bad VIP count " + count, message(1, out -> {
                writeStateHead(out);
                out.writeInt(count);
            }));
            assertRefused(count + " entries", message(4, out -> {
                out.writeUTF("node-b");
                out.writeLong(9);
                out.writeInt(count);
            }));
            assertRefused("waiting for " + count + " members", message(4, out -> {
                out.writeUTF("node-b");
                out.writeLong(9);
                out.writeInt(0);
                out.writeInt(count);
            }));
        }
    }

    @Test
    void emptyAndOversizedVipNamesAreRefusedNamingTheLength() {
        for (String vip : List.of("", "v".repeat(256), "v".repeat(65_535))) {
            String expected = "bad name length " + vip.length();
            assertVipNameRefused(vip, expected);
        }
    }

    @Test
    void vipNamesWithControlCharactersOrALeadingDashAreRefused() {
        for (String vip : List.of("-rf", "--help", "web\nHAVIP0000: forged", "web\u001b[2J", " web", "$(id)")) {
            String expected = "bad virtual-ip name (" + vip.length() + " characters";
            assertVipNameRefused(vip, expected);
        }
    }

    @Test
    void nodeNamesWithControlCharactersOrALeadingDashAreRefusedWhereverTheyAppear() {
        for (String name : HOSTILE_NODES) {
            String expected = "bad node name (" + name.length() + " characters";
            assertRefused(expected, encode(new ClusterMessage.State(new NodeState(name, "", false, "", 0, Map.of()))));
            assertRefused("bad coordinator name in acknowledgement", encode(new ClusterMessage.State(new NodeState("node-a", "", false, name, 1, Map.of()))));
            assertRefused(expected, encode(new ClusterMessage.Pin("web", name, 1)));
            assertRefused(expected, encode(new ClusterMessage.Table(name, 1, new TreeMap<>())));
            assertRefused(expected, encode(new ClusterMessage.Table("node-a", 1, new TreeMap<>(Map.of("web", name)))));
            assertRefused(expected, encode(new ClusterMessage.Table("node-a", 1, new TreeMap<>(), new TreeSet<>(List.of(name)))));
            assertRefused(expected, encode(new ClusterMessage.Ack(name, 1)));
            assertRefused(expected, encode(new ClusterMessage.Introduction(new NodeState(name, "", false, "", 0, Map.of()))));
        }
    }

    @Test
    void advertsOutsideTheirRangesAndNegativeEpochsAreRefused() {
        for (int priority : List.of(0, 255)) {
            assertRefused("bad advert for web", advert(priority, 0));
        }
        assertRefused("bad advert for web", advert(100, -1));
        assertRefused("bad table: epoch -1", message(4, out -> {
            out.writeUTF("node-b");
            out.writeLong(-1);
            out.writeInt(0);
        }));
        for (long epoch : List.of(-1L, 0L)) { // acknowledged tables start at epoch 1
            assertRefused("bad acknowledgement: epoch " + epoch, message(8, out -> {
                out.writeUTF("node-b");
                out.writeLong(epoch);
            }));
        }
    }

    @Test
    void malformedModifiedUtf8IsRefused() {
        byte[] bytes = message(3, out -> {
            out.writeShort(2);
            out.write(new byte[] { (byte) 0xc0, 0x00 }); // a two-byte sequence whose second byte is no continuation byte
        });
        assertRefused("malformed input", bytes);
        assertRefused("malformed input", message(3, out -> {
            out.writeShort(1);
            out.write(0xff); // never valid in modified UTF-8
        }));
    }

    @Test
    void randomBytesAreRefusedOnlyWithIOExceptions() {
        java.util.Random random = new java.util.Random(13);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (bytes.length > 1) {
                bytes[0] = 1; // past the version check, into the decoders
                bytes[1] = (byte) (1 + random.nextInt(9)); // every type there is
            }
            try {
                ClusterCodec.decode(bytes, 0, bytes.length);
            } catch (IOException expected) {
                // refused
            } catch (RuntimeException e) {
                throw new AssertionError("not an IOException for " + Arrays.toString(bytes), e);
            }
        }
    }

    @Test
    void aMessageInsideALargerBufferIsReadOnlyWithinItsOffsetAndLength() throws IOException {
        byte[] message = ClusterCodec.encode(VALID.get(1));
        byte[] buffer = new byte[message.length + 10];
        Arrays.fill(buffer, (byte) 0x7f);
        System.arraycopy(message, 0, buffer, 5, message.length);
        assertEquals(VALID.get(1), ClusterCodec.decode(buffer, 5, message.length));
    }

    /** Found for issue 13: bytes after a complete message were not looked at, so a message with trailing garbage was accepted. */
    @Test
    void trailingGarbageIsRefused() {
        for (ClusterMessage valid : VALID) {
            byte[] message = ClusterCodec.encode(valid);
            byte[] longer = Arrays.copyOf(message, message.length + 3);
            IOException e = assertThrows(IOException.class, () -> ClusterCodec.decode(longer, 0, longer.length), () -> "accepted " + valid);
            assertNotNull(e.getMessage());
        }
    }

    private static byte[] advert(int priority, long pin) {
        return message(1, out -> {
            writeStateHead(out);
            out.writeInt(1);
            out.writeUTF("web");
            out.writeByte(priority);
            out.writeByte(1);
            out.writeLong(pin);
        });
    }

    /** A state's fields before its VIP count: node, address, stepping down, acknowledged coordinator and epoch. */
    private static void writeStateHead(DataOutputStream out) throws IOException {
        out.writeUTF("node-a");
        out.writeUTF("198.18.0.1");
        out.writeBoolean(false);
        out.writeUTF("");
        out.writeLong(0);
    }

    private static byte[] message(int type, Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeByte(type);
            body.write(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] encode(ClusterMessage message) {
        return ClusterCodec.encode(message);
    }

    /** {@code vip} as the VIP of a clear-pin, a pin and a state's advert: each refused naming {@code expected}. */
    private static void assertVipNameRefused(String vip, String expected) {
        assertRefused(expected, message(3, out -> out.writeUTF(vip)));
        assertRefused(expected, message(2, out -> out.writeUTF(vip)));
        assertRefused(expected, message(1, out -> {
            writeStateHead(out);
            out.writeInt(1);
            out.writeUTF(vip);
        }));
    }

    private static void assertRefused(String named, byte[] bytes) {
        IOException e = assertThrows(IOException.class, () -> ClusterCodec.decode(bytes, 0, bytes.length));
        assertTrue(e.getMessage() != null && e.getMessage().contains(named), () -> "should name '" + named + "': " + e);
    }
}
