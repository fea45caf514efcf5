package dev.havip.cluster;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.JChannel;
import org.jgroups.View;
import org.jgroups.blocks.cs.BaseServer;
import org.jgroups.protocols.FD_SOCK2;

import dev.havip.logging.Guarded;
import dev.havip.logging.HaVipLogger;

/**
 * Keeps FD_SOCK2 of JGroups 5.5.2 watching its neighbour for as long as a view lasts (issue 16). After a view
 * change each member connects to its neighbour; in a view of two (every merge after a partition) both connect to
 * each other within a millisecond, and when the connects cross, JGroups' server keeps one connection and drops the
 * other, with the CONNECT sent over it. The member whose CONNECT was lost waits {@code connect_timeout}, then closes
 * the connection the two now share. Traced in the lab, both are then blind for the rest of the view: one keeps the
 * neighbour as its destination without a connection and never tries again ({@code PingDest.destChanged} is false), the
 * other still calls itself CONNECTED over a connection that is gone. Neither sees the neighbour's crash; FD_ALL3 does,
 * 200 ms later (a crash 2 s after a healed partition took 220-280 ms instead of ~100). So, starting once the view's
 * connect attempts are over and then every second or so, each member looks whether FD_SOCK2 has a connection to the
 * member it watches; if not, it forgets that destination and unsuspects the neighbour locally, which makes FD_SOCK2
 * connect again. Scheduled at each view, runs on JGroups' timer pool (the connect may wait {@code connect_timeout}).
 */
final class FdSockRepair {

    /** After connect_timeout: the attempts at the neighbour's other ports are refused at once. */
    private static final long MARGIN_MS = 500;
    /** Between two looks; a random part of up to a quarter more, so that two blind members do not connect at once again. */
    private static final long PERIOD_MS = 1000;

    private final JChannel channel;
    private final FD_SOCK2 fd;
    private final View view;
    /** Consecutive looks that found a suspected member. */
    private int suspectedLooks;

    FdSockRepair(JChannel channel, FD_SOCK2 fd, View view) {
        this.channel = channel;
        this.fd = fd;
        this.view = view;
    }

    /** Starts watching FD_SOCK2 (if the stack has it) connect_timeout + 0.5 s after {@code view}, until the next view. */
    static void afterView(JChannel channel, View view) {
        FD_SOCK2 fd = channel.getProtocolStack().findProtocol(FD_SOCK2.class);
        if (fd == null || view.size() < 2) {
            return;
        }
        Object timeout = fd.getValue("connect_timeout");
        new FdSockRepair(channel, fd, view).schedule((timeout instanceof Number n ? n.longValue() : 1000) + MARGIN_MS);
    }

    private void schedule(long delayMs) {
        this.channel.getProtocolStack().getTransport().getTimer().schedule(Guarded.task("FD_SOCK2 check", () -> {
            check();
            if (current()) {
                schedule(PERIOD_MS + ThreadLocalRandom.current().nextLong(PERIOD_MS / 4));
            }
        }), delayMs, TimeUnit.MILLISECONDS, true);
    }

    /** Reconnects FD_SOCK2 if the view is still the channel's and FD_SOCK2 has no connection to the member it watches; true if it did. */
    boolean check() {
        if (!current() || watching(this.fd)) {
            this.suspectedLooks = 0;
            return false;
        }
        if (this.fd.getNumSuspectedMembers() > 0 && ++this.suspectedLooks < 2) {
            // a crash on its way to a new view: leave FD_SOCK2's SUSPECT resends alone. One still there a look later,
            // in the same view, is stale: VERIFY_SUSPECT2 found the member alive.
            return false;
        }
        this.suspectedLooks = 0;
        Address neighbour = neighbour(this.view.getMembers(), this.channel.getAddress());
        if (neighbour == null) {
            return false;
        }
        String pingDest = this.fd.getPingDest();
        forgetDestination(this.fd);
        HaVipLogger.ROOT_LOGGER.failureDetectionReconnect(pingDest, this.view.getViewId().toString());
        // what an UNSUSPECT from VERIFY_SUSPECT2 does, on this member only: pingable again, connect to the next one
        this.fd.up(new EmptyMessage().setSrc(this.channel.getAddress())
                .putHeader(this.fd.getId(), new FD_SOCK2.FdHeader(FD_SOCK2.FdHeader.UNSUSPECT).mbrs(List.of(neighbour))));
        return true;
    }

    private boolean current() {
        View now = this.channel.getView();
        return now != null && now.getViewId().equals(this.view.getViewId());
    }

    /** The member FD_SOCK2 watches: the next one in the view after {@code self}. */
    static Address neighbour(List<Address> members, Address self) {
        int index = members.indexOf(self);
        return index < 0 || members.size() < 2 ? null : members.get((index + 1) % members.size());
    }

    /**
     * True if FD_SOCK2 would notice its destination's death: it has one, and a connection to it is open (FD_SOCK2 reacts
     * to the close of any connection to that address, whichever side opened it).
     */
    static boolean watching(FD_SOCK2 fd) {
        Object physical = invoke(field(fd, "ping_dest"), "destPhysical");
        return physical instanceof Address address && ((BaseServer) field(fd, "srv")).hasConnection(address);
    }

    /** {@code ping_dest.reset()}: JGroups keeps it protected, with no operation that clears a failed destination. */
    static void forgetDestination(FD_SOCK2 fd) {
        invoke(field(fd, "ping_dest"), "reset");
    }

    private static Object field(FD_SOCK2 fd, String name) {
        try {
            Field field = FD_SOCK2.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(fd);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this JGroups' FD_SOCK2 has no field " + name + " (written for 5.5.2)", e);
        }
    }

    private static Object invoke(Object target, String method) {
        try {
            Method m = target.getClass().getDeclaredMethod(method);
            m.setAccessible(true);
            return m.invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this JGroups' FD_SOCK2 has no " + method + "() (written for 5.5.2)", e);
        }
    }
}
