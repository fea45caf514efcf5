package dev.havip.cluster;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

/**
 * Where {@code quorum=witness}'s witness listens and the TLS context (the cluster's key) that authenticates this
 * server to it. Both are read when the rule connects, not when the configuration is built: WildFly resolves an
 * outbound socket binding's host and starts the SSL context as services.
 */
public record WitnessEndpoint(Supplier<InetSocketAddress> address, Supplier<SSLContext> tls) {
}
