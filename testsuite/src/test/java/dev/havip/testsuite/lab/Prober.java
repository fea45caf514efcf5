package dev.havip.testsuite.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The client: run INSIDE the client namespace ({@code ip netns exec <client> java -cp <test-classes> ...}). Every
 * {@code interval} ms it opens a NEW TCP connection to host:port, sends GET / and prints one line per probe:
 * {@code <start epoch ms> <end epoch ms> <body or FAIL:reason>}. Runs until killed or stdin closes. JDK only.
 */
public final class Prober {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long interval = Long.parseLong(args[2]);
        InetSocketAddress target = new InetSocketAddress(host, port);
        byte[] request = ("GET / HTTP/1.0\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.US_ASCII);
        Thread stdin = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // wait for EOF: the test went away
                }
            } catch (IOException ignored) {
                // same
            }
            System.exit(0);
        });
        stdin.setDaemon(true);
        stdin.start();
        long next = System.currentTimeMillis();
        while (true) {
            long start = System.currentTimeMillis();
            String result;
            try (Socket socket = new Socket()) {
                socket.setSoLinger(true, 0); // no TIME_WAIT pile-up at 100 connections a second
                socket.connect(target, 300);
                socket.setSoTimeout(500);
                OutputStream os = socket.getOutputStream();
                os.write(request);
                os.flush();
                result = parse(socket.getInputStream());
            } catch (IOException e) {
                result = "FAIL:" + e.getClass().getSimpleName() + ":" + String.valueOf(e.getMessage()).replace(' ', '_');
            }
            out.println(start + " " + System.currentTimeMillis() + " " + result);
            out.flush();
            next += interval;
            long sleep = next - System.currentTimeMillis();
            if (sleep > 0) {
                Thread.sleep(sleep);
            } else {
                next = System.currentTimeMillis(); // behind schedule (a slow probe): no burst to catch up
            }
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
