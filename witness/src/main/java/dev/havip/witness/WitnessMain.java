package dev.havip.witness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ha-vip-witness}: grants VIP ownership leases to the servers of one or more ha-vip clusters that hold
 * the cluster's key. Options {@code --key-store=FILE} (PKCS12; password in the environment variable
 * HAVIP_CLUSTER_PASSWORD), {@code --bind=ADDRESS} (0.0.0.0), {@code --port=PORT} (7670), {@code --lease=MS}
 * (4000: at least the address's kernel lifetime of 2 s plus a renewal and margins), {@code --close-margin=MS} (30: the holder's death watch removes
 * its address within milliseconds of the exit that closed the connection; -1: a closed connection does not end a lease
 * early). Runs
 * until killed; the main thread only waits.
 */
public final class WitnessMain {

    static final String PASSWORD_VARIABLE = "HAVIP_CLUSTER_PASSWORD";

    private WitnessMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        WitnessServer server;
        try {
            server = start(args, System.getenv(PASSWORD_VARIABLE));
        } catch (IllegalArgumentException e) {
            System.err.println("ha-vip-witness: " + e.getMessage());
            System.exit(2);
            return;
        } catch (IOException | GeneralSecurityException e) {
            System.err.println("ha-vip-witness: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (IOException ignored) {
                // exiting anyway
            }
        }, "ha-vip-witness-stop"));
        new CountDownLatch(1).await();
    }

    /** Starts a witness in this JVM with the command line's options (tests: {@code --port=0} takes a free port). */
    public static WitnessServer start(String[] args, String password) throws IOException, GeneralSecurityException {
        String bind = "0.0.0.0";
        int port = 7670;
        long leaseMs = 4000;
        long closeMarginMs = 30;
        Path keyStore = null;
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            String value = equals < 0 ? "" : arg.substring(equals + 1);
            switch (name) {
                case "--bind" -> bind = value;
                case "--port" -> port = number(name, value, 0, 65535); // 0: any free port (tests)
                case "--lease" -> leaseMs = number(name, value, 200, 600_000);
                case "--close-margin" -> closeMarginMs = number(name, value, -1, 60_000);
                case "--key-store" -> keyStore = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "' (--key-store=FILE --bind=ADDRESS --port=PORT"
                        + " --lease=MS --close-margin=MS)");
            }
        }
        if (keyStore == null || !Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("--key-store=FILE: the cluster's PKCS12 key store is needed (readable), got " + keyStore);
        }
        if (password == null) {
            throw new IllegalArgumentException("the key store's password is read from the environment variable " + PASSWORD_VARIABLE);
        }
        if (!bind.matches("[0-9A-Fa-f:.]{2,45}")) {
            throw new IllegalArgumentException("--bind: '" + bind + "' is not an IP address");
        }
        WitnessLog log = new WitnessLog();
        Leases leases = new Leases(System::nanoTime, leaseMs, closeMarginMs < 0 ? leaseMs : closeMarginMs);
        WitnessServer server = new WitnessServer(Tls.context(keyStore, password.toCharArray()),
                new InetSocketAddress(InetAddress.getByName(bind), port), leases, log);
        log.started(bind + ":" + server.port(), leaseMs, closeMarginMs);
        return server;
    }

    private static int number(String name, String value, int min, int max) {
        if (!value.matches("-?\\d{1,9}") || Integer.parseInt(value) < min || Integer.parseInt(value) > max) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a number in " + min + ".." + max);
        }
        return Integer.parseInt(value);
    }
}
