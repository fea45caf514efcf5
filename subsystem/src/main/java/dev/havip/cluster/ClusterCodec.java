package dev.havip.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

import dev.havip.net.NodeName;

/**
 * Compact, versioned wire format of {@link ClusterMessage}s. No Java serialization: a message is
 * data from the network, so decoding is bounded and rejects anything malformed.
 */
public final class ClusterCodec {

    private static final byte VERSION = 1;
    private static final byte STATE = 1;
    private static final byte PIN = 2;
    private static final byte CLEAR_PIN = 3;
    private static final byte TABLE = 4;
    private static final byte LEASE_REQUEST = 5;
    private static final byte LEASE_REPLY = 6;
    private static final byte LEASE_RELEASE = 7;
    private static final byte ACK = 8;
    private static final byte INTRODUCTION = 9;
    /** A lease asked for is between these (ms): anything else is not ours. */
    static final long MIN_LEASE_MS = 100;
    static final long MAX_LEASE_MS = 600_000;
    private static final int MAX_VIPS = 10_000;
    private static final int MAX_MEMBERS = 10_000;
    private static final int MAX_NAME = 255;

    private ClusterCodec() {
    }

    public static byte[] encode(ClusterMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            if (message instanceof ClusterMessage.State s) {
                out.writeByte(STATE);
                writeState(out, s.state());
            } else if (message instanceof ClusterMessage.Pin p) {
                out.writeByte(PIN);
                out.writeUTF(p.vip());
                out.writeUTF(p.node());
                out.writeLong(p.epoch());
            } else if (message instanceof ClusterMessage.Table t) {
                out.writeByte(TABLE);
                out.writeUTF(t.coordinator());
                out.writeLong(t.epoch());
                out.writeInt(t.owners().size());
                for (Map.Entry<String, String> entry : t.owners().entrySet()) {
                    out.writeUTF(entry.getKey());
                    out.writeUTF(entry.getValue());
                }
                out.writeInt(t.waitingFor().size());
                for (String node : t.waitingFor()) {
                    out.writeUTF(node);
                }
            } else if (message instanceof ClusterMessage.Introduction i) {
                out.writeByte(INTRODUCTION);
                writeState(out, i.state());
            } else if (message instanceof ClusterMessage.Ack a) {
                out.writeByte(ACK);
                out.writeUTF(a.coordinator());
                out.writeLong(a.epoch());
            } else if (message instanceof ClusterMessage.ClearPin c) {
                out.writeByte(CLEAR_PIN);
                out.writeUTF(c.vip());
            } else if (message instanceof ClusterMessage.LeaseRequest r) {
                out.writeByte(LEASE_REQUEST);
                out.writeUTF(r.vip());
                out.writeLong(r.seq());
                out.writeLong(r.leaseMs());
            } else if (message instanceof ClusterMessage.LeaseReply r) {
                out.writeByte(LEASE_REPLY);
                out.writeUTF(r.vip());
                out.writeLong(r.seq());
                out.writeBoolean(r.granted());
            } else if (message instanceof ClusterMessage.LeaseRelease r) {
                out.writeByte(LEASE_RELEASE);
                out.writeUTF(r.vip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IOException naming the problem when the bytes are not exactly one message of this version */
    public static ClusterMessage decode(byte[] data, int offset, int length) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, offset, length));
        try {
            if (in.readByte() != VERSION) {
                throw new IOException("unsupported ha-vip message version");
            }
            byte type = in.readByte();
            ClusterMessage message = switch (type) {
                case STATE -> new ClusterMessage.State(readState(in));
                case PIN -> new ClusterMessage.Pin(readName(in), readNodeName(in), in.readLong());
                case CLEAR_PIN -> new ClusterMessage.ClearPin(readName(in));
                case TABLE -> readTable(in);
                case LEASE_REQUEST -> readLeaseRequest(in);
                case LEASE_REPLY -> new ClusterMessage.LeaseReply(readName(in), readSequence(in), in.readBoolean());
                case LEASE_RELEASE -> new ClusterMessage.LeaseRelease(readName(in));
                case ACK -> readAck(in);
                case INTRODUCTION -> new ClusterMessage.Introduction(readState(in));
                default -> throw new IOException("unknown ha-vip message type " + type);
            };
            if (in.available() > 0) { // a message of this version has no optional tail: extra bytes are not ours
                throw new IOException(in.available() + " bytes after the end of a " + message.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " message");
            }
            return message;
        } catch (java.io.EOFException e) {
            throw new IOException("truncated ha-vip message (" + length + " bytes)", e);
        }
    }

    private static ClusterMessage.LeaseRequest readLeaseRequest(DataInputStream in) throws IOException {
        String vip = readName(in);
        long seq = readSequence(in);
        long leaseMs = in.readLong();
        if (leaseMs < MIN_LEASE_MS || leaseMs > MAX_LEASE_MS) {
            throw new IOException("bad lease of " + leaseMs + " ms");
        }
        return new ClusterMessage.LeaseRequest(vip, seq, leaseMs);
    }

    private static ClusterMessage.Ack readAck(DataInputStream in) throws IOException {
        String coordinator = readNodeName(in);
        long epoch = in.readLong();
        if (epoch < 1) {
            throw new IOException("bad acknowledgement: epoch " + epoch);
        }
        return new ClusterMessage.Ack(coordinator, epoch);
    }

    private static long readSequence(DataInputStream in) throws IOException {
        long seq = in.readLong();
        if (seq < 0) {
            throw new IOException("bad lease sequence " + seq);
        }
        return seq;
    }

    private static ClusterMessage.Table readTable(DataInputStream in) throws IOException {
        String coordinator = readNodeName(in);
        long epoch = in.readLong();
        int count = in.readInt();
        if (epoch < 0 || count < 0 || count > MAX_VIPS) {
            throw new IOException("bad table: epoch " + epoch + ", " + count + " entries");
        }
        Map<String, String> owners = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            owners.put(readName(in), readNodeName(in));
        }
        int waiting = in.readInt();
        if (waiting < 0 || waiting > MAX_MEMBERS) {
            throw new IOException("bad table: waiting for " + waiting + " members");
        }
        java.util.SortedSet<String> waitingFor = new java.util.TreeSet<>();
        for (int i = 0; i < waiting; i++) {
            waitingFor.add(readNodeName(in));
        }
        return new ClusterMessage.Table(coordinator, epoch, new TreeMap<>(owners), waitingFor);
    }

    private static void writeState(DataOutputStream out, NodeState state) throws IOException {
        out.writeUTF(state.node());
        out.writeUTF(state.address());
        out.writeBoolean(state.steppingDown());
        out.writeUTF(state.ackFrom());
        out.writeLong(state.ack());
        out.writeInt(state.vips().size());
        for (Map.Entry<String, VipAdvert> entry : state.vips().entrySet()) {
            VipAdvert advert = entry.getValue();
            out.writeUTF(entry.getKey());
            out.writeByte(advert.priority());
            // bit 8 came later: a member that does not know it ignores it
            out.writeByte((advert.eligible() ? 1 : 0) | (advert.failbackReady() ? 2 : 0) | (advert.held() ? 4 : 0) | (advert.announced() ? 8 : 0));
            out.writeLong(advert.pinEpoch());
        }
    }

    private static NodeState readState(DataInputStream in) throws IOException {
        String node = readNodeName(in);
        String address = in.readUTF();
        boolean steppingDown = in.readBoolean();
        String ackFrom = in.readUTF();
        if (!ackFrom.isEmpty() && !NodeName.isValid(ackFrom)) {
            throw new IOException("bad coordinator name in acknowledgement");
        }
        long ack = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > MAX_VIPS) {
            throw new IOException("bad VIP count " + count);
        }
        Map<String, VipAdvert> vips = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String vip = readName(in);
            int priority = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            long pin = in.readLong();
            if (priority < 1 || priority > 254 || pin < 0) {
                throw new IOException("bad advert for " + vip);
            }
            vips.put(vip, new VipAdvert(priority, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, pin, (flags & 8) != 0));
        }
        return new NodeState(node, address, steppingDown, ackFrom, ack, vips);
    }

    /** A node name can reach a native command (fence-command's {node}): it must pass the rule a typed node-name passes. */
    private static String readNodeName(DataInputStream in) throws IOException {
        String name = in.readUTF();
        if (!NodeName.isValid(name)) {
            throw new IOException("bad node name (" + name.length() + " characters, not of the node-name form)");
        }
        return name;
    }

    /** A VIP name: the management model allows the node-name form only (VipSpec.checkName), so nothing else comes from a peer. */
    private static String readName(DataInputStream in) throws IOException {
        String name = in.readUTF();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            throw new IOException("bad name length " + name.length());
        }
        if (!NodeName.isValid(name)) {
            throw new IOException("bad virtual-ip name (" + name.length() + " characters, not of the virtual-ip name form)");
        }
        return name;
    }
}
