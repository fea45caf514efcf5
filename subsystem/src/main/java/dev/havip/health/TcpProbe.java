package dev.havip.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Healthy iff a TCP connection to host:port can be opened within the timeout. */
public final class TcpProbe implements Probe {

    private final String host;
    private final int port;
    private final Duration timeout;

    public TcpProbe(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public ProbeResult probe() {
        // Socket's timeout 0 means "forever": never pass it
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, this.timeout.toMillis()));
        try (Socket socket = new Socket()) {
            // an unresolvable host yields an unresolved address and an UnknownHostException from connect
            socket.connect(new InetSocketAddress(this.host, this.port), millis);
            return ProbeResult.ok("connected");
        } catch (SocketTimeoutException e) {
            return ProbeResult.timedOut(this.timeout);
        } catch (IOException e) {
            return ProbeResult.failed(e);
        }
    }
}
