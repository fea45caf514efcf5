package dev.havip.cluster;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jgroups.Address;
import org.jgroups.Event;
import org.jgroups.JChannel;
import org.jgroups.View;
import org.jgroups.protocols.FD_SOCK2;

import dev.havip.logging.Guarded;
import dev.havip.logging.HaVipLogger;

/**
 * Works around FD_SOCK2 of JGroups 5.5.2 (issue 16). After a view change each member connects to its neighbour; in a
 * two-member view both connect to each other within a millisecond, and when the two connects cross, one side never
 * gets its CONNECT-RSP. It gives up after {@code connect_timeout}, and because FD_SOCK2 keeps the failed neighbour as
 * its destination, no later attempt in that view connects again ({@code PingDest.destChanged} is false): that member
 * no longer sees its neighbour's crash at once, only FD_ALL3 does, later. So once the view's connect attempts are
 * over, a member whose FD_SOCK2 is not connected forgets that destination and broadcasts an UNSUSPECT of its
 * neighbour, which is what makes FD_SOCK2 connect again. Scheduled on a JGroups thread at each view, runs on JGroups'
 * timer thread.
 */
final class FdSockRepair {

    /** After connect_timeout: the attempts at the neighbour's other ports are refused at once. */
    private static final long MARGIN_MS = 500;

    private FdSockRepair() {
    }

    /** Checks, connect_timeout + 0.5 s after {@code view}, that FD_SOCK2 (if the stack has it) is connected. */
    static void afterView(JChannel channel, View view) {
        FD_SOCK2 fd = channel.getProtocolStack().findProtocol(FD_SOCK2.class);
        if (fd == null || view.size() < 2) {
            return;
        }
        Object timeout = fd.getValue("connect_timeout");
        long delay = (timeout instanceof Number n ? n.longValue() : 1000) + MARGIN_MS;
        channel.getProtocolStack().getTransport().getTimer()
                .schedule(Guarded.task("FD_SOCK2 check", () -> check(channel, fd, view)), delay, TimeUnit.MILLISECONDS, false);
    }

    /** Reconnects FD_SOCK2 if {@code view} is still the channel's and FD_SOCK2 is not connected; true if it did. */
    static boolean check(JChannel channel, FD_SOCK2 fd, View view) {
        View current = channel.getView();
        if (current == null || !current.getViewId().equals(view.getViewId()) || !"DISCONNECTED".equals(fd.getClientState())) {
            return false;
        }
        if (fd.getNumSuspectedMembers() > 0) {
            return false; // a member is suspected (a crash on its way to a new view): an UNSUSPECT now would stop FD_SOCK2's SUSPECT resends
        }
        Address neighbour = neighbour(view.getMembers(), channel.getAddress());
        if (neighbour == null) {
            return false;
        }
        String pingDest = fd.getPingDest();
        forgetDestination(fd);
        HaVipLogger.ROOT_LOGGER.failureDetectionReconnect(pingDest, view.getViewId().toString());
        fd.down(new Event(Event.UNSUSPECT, neighbour)); // every member unsuspects it; this one connects to it again
        return true;
    }

    /** The member FD_SOCK2 watches: the next one in the view after {@code self}. */
    static Address neighbour(List<Address> members, Address self) {
        int index = members.indexOf(self);
        return index < 0 || members.size() < 2 ? null : members.get((index + 1) % members.size());
    }

    /** {@code ping_dest.reset()}: JGroups keeps it protected, with no operation that clears a failed destination. */
    static void forgetDestination(FD_SOCK2 fd) {
        try {
            Field field = FD_SOCK2.class.getDeclaredField("ping_dest");
            field.setAccessible(true);
            Object pingDest = field.get(fd);
            Method reset = pingDest.getClass().getDeclaredMethod("reset");
            reset.setAccessible(true);
            reset.invoke(pingDest);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this JGroups' FD_SOCK2 has no ping_dest.reset() (written for 5.5.2)", e);
        }
    }
}
