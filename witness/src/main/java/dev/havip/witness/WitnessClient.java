package dev.havip.witness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A server's side of the witness protocol: one TLS connection, HELLO once, then ACQUIRE (also to renew) and
 * RELEASE. A grant's lease is counted from the moment the request was sent ({@link Answer#sentNanos()}), so it
 * ends on this side before it ends on the witness's. Not thread-safe: one caller thread at a time; every call
 * is bounded by the read timeout.
 */
public final class WitnessClient implements AutoCloseable {

    /**
     * The witness's answer to ACQUIRE: granted for {@code ms}, or denied while {@code holder} holds it for {@code ms}
     * more. A grant names the previous holder ({@code null}: none or a renewal) and whether its lease ended because it
     * released the VIP or its process went away ({@link #previousGone()}), not because it ran out.
     */
    public record Answer(boolean granted, String holder, long ms, long sentNanos, String previous, boolean previousGone) {
        public Answer(boolean granted, String holder, long ms, long sentNanos) {
            this(granted, holder, ms, sentNanos, null, false);
        }
    }

    private final SSLSocket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final long leaseMs;
    private long sequence;

    public WitnessClient(SSLContext tls, InetSocketAddress witness, String cluster, String node, int timeoutMs) throws IOException {
        if (!Names.valid(cluster) || !Names.valid(node)) {
            throw new IllegalArgumentException("cluster and node names are plain words: " + cluster + ", " + node);
        }
        this.socket = (SSLSocket) tls.getSocketFactory().createSocket();
        try {
            this.socket.setEnabledProtocols(Tls.PROTOCOLS);
            this.socket.connect(witness, timeoutMs);
            this.socket.setSoTimeout(timeoutMs);
            this.socket.setTcpNoDelay(true);
            this.socket.startHandshake();
            this.in = new BufferedReader(new InputStreamReader(this.socket.getInputStream(), StandardCharsets.US_ASCII));
            this.out = this.socket.getOutputStream();
            String[] ok = this.call("HELLO " + cluster + " " + node);
            if (!ok[0].equals("OK") || ok.length != 2) {
                throw new IOException("the witness answered HELLO with: " + String.join(" ", ok));
            }
            this.leaseMs = Long.parseLong(ok[1]);
        } catch (IOException | RuntimeException e) {
            this.socket.close();
            throw e;
        }
    }

    /** TLS with the cluster's key store (its key as identity, its certificates as the only trusted ones). */
    public static SSLContext tls(java.nio.file.Path keyStore, char[] password) throws IOException, java.security.GeneralSecurityException {
        return Tls.context(keyStore, password);
    }

    public long leaseMs() {
        return this.leaseMs;
    }

    public Answer acquire(String vip) throws IOException {
        long sent = System.nanoTime();
        long seq = ++this.sequence;
        String[] reply = this.call("ACQUIRE " + vip + " " + seq);
        if (reply[0].equals("GRANT") && reply.length == 6 && reply[2].equals(Long.toString(seq))) {
            boolean gone = reply[4].equals("released") || reply[4].equals("closed");
            return new Answer(true, null, Long.parseLong(reply[3]), sent, reply[5].equals("-") ? null : reply[5], gone);
        }
        if (reply[0].equals("DENY") && reply.length == 5 && reply[2].equals(Long.toString(seq))) {
            return new Answer(false, reply[3], Long.parseLong(reply[4]), sent);
        }
        throw new IOException("unexpected answer to ACQUIRE: " + String.join(" ", reply));
    }

    /** Whether the witness still answers (an idle server finds out before it needs a lease). */
    public void ping() throws IOException {
        String[] reply = this.call("PING");
        if (!reply[0].equals("PONG")) {
            throw new IOException("unexpected answer to PING: " + String.join(" ", reply));
        }
    }

    public void release(String vip) throws IOException {
        String[] reply = this.call("RELEASE " + vip);
        if (!reply[0].equals("RELEASED")) {
            throw new IOException("unexpected answer to RELEASE: " + String.join(" ", reply));
        }
    }

    private String[] call(String request) throws IOException {
        this.out.write((request + "\n").getBytes(StandardCharsets.US_ASCII));
        this.out.flush();
        String line = this.in.readLine();
        if (line == null) {
            throw new IOException("the witness closed the connection");
        }
        return line.split(" ");
    }

    @Override
    public void close() throws IOException {
        this.socket.close();
    }
}
