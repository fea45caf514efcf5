package dev.havip.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.util.List;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.View;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.LOCAL_PING;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.UNICAST4;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.NAKACK4;
import org.jgroups.Membership;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two real channels with TCP and FD_SOCK2 on loopback: the state FD_SOCK2 of JGroups 5.5.2 is left in when its connect
 * crossed the neighbour's (destination kept, not connected, the neighbour no longer pingable) is not left by an
 * UNSUSPECT alone, and {@link FdSockRepair#check} connects it again. The crossing itself is a race of a millisecond,
 * so the test puts FD_SOCK2 into that state the way {@code connectTo} leaves it.
 */
@Timeout(60)
class FdSockRepairTest {

    @Test
    void aMemberLeftWithoutItsMonitoringConnectionIsConnectedAgain() throws Exception {
        try (JChannel a = channel("fd-a"); JChannel b = channel("fd-b")) {
            a.connect("fd-sock-repair");
            b.connect("fd-sock-repair");
            await(() -> a.getView().size() == 2 && b.getView().size() == 2, "a view of two");
            FD_SOCK2 fd = a.getProtocolStack().findProtocol(FD_SOCK2.class);
            await(() -> "CONNECTED".equals(fd.getClientState()), "a's FD_SOCK2 connected to b");
            View view = a.getView();
            assertFalse(FdSockRepair.check(a, fd, view), "nothing to repair while connected");

            leaveAsACrossedConnectDoes(fd, b.getAddress());
            fd.down(new Event(Event.UNSUSPECT, b.getAddress())); // what VERIFY_SUSPECT2 does after the failed connect's SUSPECT
            Thread.sleep(1000);
            assertEquals("DISCONNECTED", fd.getClientState(), "JGroups 5.5.2 does not connect again by itself");

            assertTrue(FdSockRepair.check(a, fd, view), "the check finds the missing connection");
            await(() -> "CONNECTED".equals(fd.getClientState()), "a's FD_SOCK2 connected to b again");
            assertEquals(b.getAddress(), FdSockRepair.neighbour(view.getMembers(), a.getAddress()));
        }
    }

    @Test
    void theNeighbourIsTheNextMemberRoundTheView() {
        Address x = org.jgroups.util.UUID.randomUUID();
        Address y = org.jgroups.util.UUID.randomUUID();
        Address z = org.jgroups.util.UUID.randomUUID();
        assertEquals(y, FdSockRepair.neighbour(List.of(x, y, z), x));
        assertEquals(x, FdSockRepair.neighbour(List.of(x, y, z), z));
        assertEquals(null, FdSockRepair.neighbour(List.of(x), x));
        assertEquals(null, FdSockRepair.neighbour(List.of(x, y), z));
    }

    /** What {@code connectTo} leaves when no CONNECT-RSP came: the destination set, not connected, not pingable. */
    private static void leaveAsACrossedConnectDoes(FD_SOCK2 fd, Address neighbour) throws Exception {
        FdSockRepair.forgetDestination(fd);
        Field field = FD_SOCK2.class.getDeclaredField("ping_dest");
        field.setAccessible(true);
        Object pingDest = field.get(fd);
        Method dest = pingDest.getClass().getDeclaredMethod("dest", Address.class);
        dest.setAccessible(true);
        dest.invoke(pingDest, neighbour);
        Field pingable = FD_SOCK2.class.getDeclaredField("pingable_mbrs");
        pingable.setAccessible(true);
        ((Membership) pingable.get(fd)).remove(neighbour);
    }

    private static JChannel channel(String name) throws Exception {
        TCP tcp = new TCP();
        tcp.setBindAddress(InetAddress.getLoopbackAddress());
        tcp.setBindPort(0);
        return new JChannel(tcp, new LOCAL_PING(), new MERGE3(), new FD_SOCK2(), new FD_ALL3(), new VERIFY_SUSPECT2(),
                new NAKACK4(), new UNICAST4(), new GMS().setJoinTimeout(1000)).name(name);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
            Thread.sleep(20);
        }
    }
}
