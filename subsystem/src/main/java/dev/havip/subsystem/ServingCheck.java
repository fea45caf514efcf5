package dev.havip.subsystem;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.SimpleAttributeDefinition;
import org.jboss.as.network.SocketBinding;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.ModelType;

import dev.havip.logging.HaVipLogger;

/**
 * Whether clients can reach this server's applications on a VIP's address: at least one of its HTTP socket
 * bindings ({@code http}, {@code https}) must listen on the wildcard address or on the VIP itself. A holder
 * that owns the address but serves nothing on it looks healthy to the cluster and is down for every client,
 * so the VIP's service says so (HAVIP0015) when it starts, and the runtime attribute {@code served} shows it.
 * Checked on the VIP service's start (an MSC thread); read on management threads.
 */
final class ServingCheck {

    static final List<String> BINDINGS = List.of("http", "https");
    static final SimpleAttributeDefinition SERVED = Attributes.runtime("served", ModelType.BOOLEAN).build();

    private final Map<String, Boolean> served = new ConcurrentHashMap<>();

    /** The bindings of {@link #BINDINGS} this server has (registered socket-binding capabilities). */
    static List<String> present(OperationContext context) {
        return BINDINGS.stream().filter(name -> context.getCapabilityServiceSupport().hasCapability(SocketBinding.SERVICE_DESCRIPTOR.getName(), name)).toList();
    }

    /** Records and, when nothing listens on the VIP's address, logs whether the bindings serve the VIP. */
    void check(String vip, InetAddress address, List<SocketBinding> bindings) {
        if (bindings.isEmpty()) {
            return; // no HTTP listener at all: nothing to say about serving
        }
        boolean ok = bindings.stream().map(SocketBinding::getAddress).anyMatch(a -> a.isAnyLocalAddress() || a.equals(address));
        this.served.put(vip, ok);
        if (!ok) {
            List<String> listening = bindings.stream().map(b -> b.getName() + " on " + b.getAddress().getHostAddress()).toList();
            HaVipLogger.ROOT_LOGGER.vipNotServed(vip, address.getHostAddress(), listening);
        }
    }

    void forget(String vip) {
        this.served.remove(vip);
    }

    /** @return the verdict, or null while the VIP's service does not run or the server has no HTTP binding */
    ModelNode served(String vip) {
        Boolean verdict = this.served.get(vip);
        return verdict != null ? new ModelNode(verdict) : null;
    }
}
