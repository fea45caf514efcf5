package dev.havip.testsuite.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client: run INSIDE the client namespace ({@code ip netns exec <client> java -cp <test-classes> ...}). Every
 * {@code interval} ms it opens a NEW TCP connection to host:port and sends GET path (default /) — without waiting for the probes
 * still in flight, so a probe stuck in its 300 ms connect timeout does not hide that the next one would have been
 * answered (the figures keep a resolution of {@code interval}). Prints one line per probe, in the order they were
 * started: {@code <start epoch ms> <end epoch ms> <body or FAIL:reason>}. Runs until stdin closes. JDK only.
 */
public final class Prober {

    private static final int CONNECT_TIMEOUT_MS = 300;
    private static final int READ_TIMEOUT_MS = 500;

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long interval = Long.parseLong(args[2]);
        String path = args.length > 3 ? args[3] : "/";
        InetSocketAddress target = new InetSocketAddress(host, port);
        byte[] request = ("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.US_ASCII);
        exitWhenStdinCloses();
        // at most (connect + read timeout) / interval probes are in flight; the pool is bounded well above that
        ExecutorService probes = Executors.newFixedThreadPool(2 * (CONNECT_TIMEOUT_MS + READ_TIMEOUT_MS) / (int) Math.max(1, interval) + 4);
        // lines leave in start order: a finished probe waits for the ones started before it
        ConcurrentSkipListMap<Long, String> done = new ConcurrentSkipListMap<>();
        AtomicLong printed = new AtomicLong();
        long next = System.currentTimeMillis();
        for (long sequence = 0; ; sequence++) {
            long start = System.currentTimeMillis();
            long id = sequence;
            probes.execute(() -> {
                done.put(id, start + " " + System.currentTimeMillis() + " " + probe(target, request));
                synchronized (printed) {
                    String line;
                    while ((line = done.remove(printed.get())) != null) {
                        out.println(line);
                        printed.incrementAndGet();
                    }
                    out.flush();
                }
            });
            next += interval;
            long sleep = next - System.currentTimeMillis();
            if (sleep > 0) {
                Thread.sleep(sleep);
            } else {
                next = System.currentTimeMillis(); // behind schedule: no burst to catch up
            }
        }
    }

    /** Ends this JVM once its stdin closes (the test that started it went away, however it ended); a daemon thread waits. */
    static void exitWhenStdinCloses() {
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for EOF
                }
            } catch (IOException ignored) {
                // the same: the test went away
            }
            System.exit(0);
        }, "stdin watch");
        stdin.setDaemon(true);
        stdin.start();
    }

    private static String probe(InetSocketAddress target, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.setSoLinger(true, 0); // no TIME_WAIT pile-up at 100 connections a second
            socket.connect(target, CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream os = socket.getOutputStream();
            os.write(request);
            os.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            return "FAIL:" + e.getClass().getSimpleName() + ":" + String.valueOf(e.getMessage()).replace(' ', '_');
        }
    }

    private static String parse(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        in.transferTo(buffer);
        String response = buffer.toString(StandardCharsets.US_ASCII);
        if (!response.startsWith("HTTP/1.1 200") && !response.startsWith("HTTP/1.0 200")) {
            String status = response.isEmpty() ? "empty" : response.lines().findFirst().orElse("").replace(' ', '_');
            return "FAIL:status:" + status;
        }
        int body = response.indexOf("\r\n\r\n");
        return body < 0 ? "FAIL:nobody" : response.substring(body + 4).trim();
    }
}
