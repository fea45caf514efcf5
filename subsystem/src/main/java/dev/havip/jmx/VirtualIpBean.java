package dev.havip.jmx;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import javax.management.AttributeChangeNotification;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;

import dev.havip.engine.HaVipEngine;
import dev.havip.engine.OwnerChange;
import dev.havip.engine.Transition;
import dev.havip.engine.VipStatus;

/**
 * The {@link VirtualIpMXBean} of one VIP: attributes read from the engine's current snapshot (never cached),
 * actions through the management model, and a notification for every change of {@code State} or
 * {@code Owner}. Notifications are sent on the engine's decision thread; reads and actions run on the JMX
 * caller's thread.
 */
public final class VirtualIpBean extends NotificationBroadcasterSupport implements VirtualIpMXBean {

    private final HaVipEngine engine;
    private final String vip;
    private final String address;
    private final String interfaceName;
    private final ModelOperations operations;
    private final ObjectName name;
    private final AtomicLong sequence = new AtomicLong();
    private final Consumer<Transition> states = this::stateChanged;
    private final Consumer<OwnerChange> owners = this::ownerChanged;

    public VirtualIpBean(HaVipEngine engine, String vip, String address, String interfaceName, ModelOperations operations) {
        super(new MBeanNotificationInfo(new String[] { AttributeChangeNotification.ATTRIBUTE_CHANGE }, AttributeChangeNotification.class.getName(),
                "The VIP's State or Owner changed on this node"));
        this.engine = engine;
        this.vip = vip;
        this.address = address;
        this.interfaceName = interfaceName;
        this.operations = operations;
        this.name = MBeans.virtualIp(vip);
    }

    ObjectName objectName() {
        return this.name;
    }

    /** Starts sending notifications (before the bean is registered, so no change is missed). */
    void listen() {
        this.engine.addTransitionListener(this.states);
        this.engine.addOwnerListener(this.owners);
    }

    void stopListening() {
        this.engine.removeTransitionListener(this.states);
        this.engine.removeOwnerListener(this.owners);
    }

    @Override
    public String getState() {
        return this.status().map(s -> s.state().name()).orElse("INIT");
    }

    @Override
    public String getOwner() {
        return this.status().flatMap(VipStatus::owner).orElse(null);
    }

    @Override
    public boolean isHeld() {
        return this.status().map(VipStatus::held).orElse(false);
    }

    @Override
    public boolean isHealthy() {
        return this.status().map(VipStatus::healthy).orElse(false);
    }

    @Override
    public String getAddress() {
        return this.address;
    }

    @Override
    public String getInterface() {
        return this.interfaceName;
    }

    @Override
    public long getFailoverCount() {
        return this.status().map(VipStatus::failoverCount).orElse(0L);
    }

    @Override
    public String getLastTransition() {
        return this.status().flatMap(VipStatus::lastTransition).map(Object::toString).orElse(null);
    }

    @Override
    public void takeover() {
        this.operations.onVip(this.vip, "takeover", null);
    }

    @Override
    public void release() {
        this.operations.onVip(this.vip, "release", null);
    }

    @Override
    public void moveTo(String node) {
        if (node == null || node.isBlank()) {
            throw new IllegalArgumentException("moveTo needs the name of the node to move the VIP to");
        }
        this.operations.onVip(this.vip, "move", node);
    }

    @Override
    public void clear() {
        this.operations.onVip(this.vip, "clear", null);
    }

    private java.util.Optional<VipStatus> status() {
        return this.engine.vip(this.vip);
    }

    private void stateChanged(Transition transition) {
        if (transition.vip().equals(this.vip)) {
            this.send("State", transition.from().name(), transition.to().name(), transition.reason());
        }
    }

    private void ownerChanged(OwnerChange change) {
        if (change.vip().equals(this.vip)) {
            this.send("Owner", change.from(), change.to(), "owner " + (change.to() != null ? change.to() : "none"));
        }
    }

    private void send(String attribute, String from, String to, String message) {
        AttributeChangeNotification notification = new AttributeChangeNotification(this.name, this.sequence.incrementAndGet(), System.currentTimeMillis(),
                this.vip + ": " + attribute + " " + from + " -> " + to + " (" + message + ")", attribute, String.class.getName(), from, to);
        this.sendNotification(notification);
    }
}
