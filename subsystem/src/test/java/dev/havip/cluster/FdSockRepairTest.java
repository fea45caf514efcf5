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
import org.jgroups.blocks.cs.BaseServer;
import org.jgroups.stack.IpAddress;
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
            FdSockRepair repair = new FdSockRepair(a, fd, a.getView());
            assertTrue(FdSockRepair.watching(fd));
            assertFalse(repair.check(), "nothing to repair while connected");

            leaveAsACrossedConnectDoes(fd, b.getAddress());
            fd.down(new Event(Event.UNSUSPECT, b.getAddress())); // what VERIFY_SUSPECT2 does after the failed connect's SUSPECT
            Thread.sleep(1000);
            assertEquals("DISCONNECTED", fd.getClientState(), "JGroups 5.5.2 does not connect again by itself");

            assertFalse(FdSockRepair.watching(fd));
            assertTrue(repair.check(), "the check finds the missing connection");
            await(() -> FdSockRepair.watching(fd), "a's FD_SOCK2 connected to b again");
            assertEquals("CONNECTED", fd.getClientState());
        }
    }

    /**
     * The other side of a crossing, as traced in the lab: the member whose CONNECT was lost closes the connection both
     * use; the one that had its answer stays CONNECTED, its destination set, over a connection that is gone, and does
     * not connect again. One member's repair gives both a connection whose close each of them notices.
     */
    @Test
    void aMemberStillConnectedOverAClosedConnectionIsConnectedAgain() throws Exception {
        try (JChannel a = channel("fd-a"); JChannel b = channel("fd-b")) {
            a.connect("fd-sock-repair-closed");
            b.connect("fd-sock-repair-closed");
            await(() -> a.getView().size() == 2 && b.getView().size() == 2, "a view of two");
            FD_SOCK2 fdA = a.getProtocolStack().findProtocol(FD_SOCK2.class);
            FD_SOCK2 fdB = b.getProtocolStack().findProtocol(FD_SOCK2.class);
            await(() -> FdSockRepair.watching(fdA) && FdSockRepair.watching(fdB), "both FD_SOCK2 connected");
            View view = a.getView();

            closeTheSharedConnection(fdB, fdA);
            Thread.sleep(1000);
            assertEquals("CONNECTED", fdA.getClientState(), "JGroups 5.5.2 still calls it connected");
            assertFalse(FdSockRepair.watching(fdA), "but a has no connection to b: b's crash would go unnoticed");
            assertEquals(view.getViewId(), a.getView().getViewId(), "b, alive, was not excluded");

            assertTrue(new FdSockRepair(a, fdA, view).check(), "the check finds the missing connection");
            await(() -> FdSockRepair.watching(fdA), "a's FD_SOCK2 connected to b again");
            await(() -> FdSockRepair.watching(fdB), "b watches a over the connection a opened");
            assertFalse(new FdSockRepair(b, fdB, b.getView()).check(), "nothing left to repair on b");
            assertEquals(view.getViewId(), a.getView().getViewId(), "no member was excluded");
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

    /** What the member whose CONNECT was lost does after connect_timeout: {@code from} closes its connection to {@code to}. */
    private static void closeTheSharedConnection(FD_SOCK2 from, FD_SOCK2 to) throws Exception {
        Field srv = FD_SOCK2.class.getDeclaredField("srv");
        srv.setAccessible(true);
        BaseServer server = (BaseServer) srv.get(from);
        IpAddress address = new IpAddress(InetAddress.getLoopbackAddress(), to.getActualBindPort());
        assertTrue(server.hasConnection(address), "a connection to close: " + server.printConnections());
        server.closeConnection(address);
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
