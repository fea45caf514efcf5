package dev.havip.witness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The witness's TLS listener: the thread {@code ha-vip-witness-accept} accepts, and each authenticated
 * connection is served on its own thread {@code ha-vip-witness-N}, request by request, against the one
 * {@link Leases} table. A peer that fails the handshake (no key of the cluster) or sends a malformed request
 * gets nothing and is disconnected; the witness goes on serving the others. At most {@link #MAX_CONNECTIONS}.
 */
public final class WitnessServer implements AutoCloseable {

    static final int MAX_CONNECTIONS = 256;
    private static final int HANDSHAKE_TIMEOUT_MS = 5000;

    private final SSLServerSocket server;
    private final Leases leases;
    private final WitnessLog log;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final java.util.Set<Socket> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean running = true;

    WitnessServer(SSLContext tls, InetSocketAddress bind, Leases leases, WitnessLog log) throws IOException {
        this.leases = leases;
        this.log = log;
        this.server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
        this.server.setEnabledProtocols(Tls.PROTOCOLS);
        this.server.setNeedClientAuth(true);
        this.server.setReuseAddress(true);
        this.server.bind(bind);
        this.acceptor = new Thread(this::acceptLoop, "ha-vip-witness-accept");
        this.acceptor.start();
    }

    public int port() {
        return this.server.getLocalPort();
    }

    private void acceptLoop() {
        while (this.running) {
            try {
                Socket socket = this.server.accept();
                if (this.open.incrementAndGet() > MAX_CONNECTIONS) {
                    this.open.decrementAndGet();
                    this.log.refused(socket.getRemoteSocketAddress(), "more than " + MAX_CONNECTIONS + " connections");
                    socket.close();
                    continue;
                }
                long id = this.ids.incrementAndGet();
                Thread connection = new Thread(() -> this.serve((SSLSocket) socket, id), "ha-vip-witness-" + id);
                connection.setDaemon(true);
                connection.start();
            } catch (IOException | RuntimeException e) {
                if (this.running) {
                    this.log.problem("accepting a connection", e);
                }
            }
        }
    }

    private void serve(SSLSocket socket, long id) {
        String peer = String.valueOf(socket.getRemoteSocketAddress());
        Session session = new Session(id, this.leases, this.log);
        this.connections.add(socket);
        try (socket) {
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            try {
                socket.startHandshake();
            } catch (IOException e) {
                this.log.refused(socket.getRemoteSocketAddress(), "TLS: " + e.getMessage());
                return;
            }
            socket.setSoTimeout(0);
            socket.setKeepAlive(true);
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (String line; (line = readLine(in)) != null;) {
                String reply = session.handle(line);
                out.write((reply + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (reply.startsWith("ERR")) {
                    this.log.refused(socket.getRemoteSocketAddress(), reply);
                    return;
                }
            }
        } catch (SocketException e) {
            // the peer went away
        } catch (IOException | RuntimeException e) {
            this.log.problem("serving " + peer, e);
        } finally {
            this.connections.remove(socket);
            session.closed();
            this.open.decrementAndGet();
        }
    }

    /** One line without its newline, null at the end of input; a line longer than the protocol allows is an error line. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0;) {
            if (c == '\n') {
                return line.toString();
            }
            if (line.length() >= Protocol.MAX_LINE || c < 0x20 || c > 0x7e) {
                return "\u0000"; // not a request: answered with ERR and the connection closes
            }
            line.append((char) c);
        }
        return null;
    }

    /** Stops listening and closes every connection, as the process's exit would. */
    @Override
    public void close() throws IOException {
        this.running = false;
        this.server.close();
        for (Socket socket : this.connections) {
            socket.close();
        }
    }
}
