package dev.havip.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** An open TCP port on loopback that accepts and closes connections (so its backlog never fills). */
final class TestTcpTarget implements AutoCloseable {

    private final ServerSocket socket;

    TestTcpTarget() throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!this.socket.isClosed()) {
                try (Socket ignored = this.socket.accept()) {
                    // connected is all a TCP check asks for
                } catch (IOException e) {
                    // closed
                }
            }
        }, "test-tcp-target");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String hostPort() {
        return "127.0.0.1:" + this.socket.getLocalPort();
    }

    /** A loopback port with nothing listening (bound then released). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }
}
