package dev.havip.witness;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * A server's stand-in as its own JVM, for tests that kill it: connects to the witness with the cluster's key,
 * acquires {@code args[3]} until it is granted, prints GRANTED, then renews every 100 ms until killed.
 * Arguments: key store, witness port, node, vip. Password from HAVIP_CLUSTER_PASSWORD.
 */
public final class HolderProcess {

    private HolderProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (WitnessClient client = new WitnessClient(WitnessClient.tls(Path.of(args[0]), System.getenv("HAVIP_CLUSTER_PASSWORD").toCharArray()),
                new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), "lab", args[2], 2000)) {
            while (!client.acquire(args[3]).granted()) {
                Thread.sleep(20);
            }
            System.out.println("GRANTED");
            System.out.flush();
            while (true) {
                Thread.sleep(100);
                client.acquire(args[3]);
            }
        }
    }
}
