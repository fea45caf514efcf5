package dev.havip.cluster;

import java.io.IOException;
import java.net.InetAddress;

/** How the tie-breaker is probed: {@link InetAddress#isReachable(int)} (ICMP echo as root, else TCP port 7). */
@FunctionalInterface
public interface Reachability {

    Reachability ICMP = InetAddress::isReachable;

    boolean reachable(InetAddress address, int timeoutMillis) throws IOException;
}
