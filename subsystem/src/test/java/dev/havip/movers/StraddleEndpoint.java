package dev.havip.movers;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two ends of a connection that straddles a handover, run inside the lab's namespaces by
 * {@link HandoverForwardingNetnsTest} (a process each, on its main thread):
 * {@code serve NAME PORT} answers every connection (a thread each) with "NAME got DATA";
 * {@code connect HOST PORT FLAG} connects, says "connected", waits until the file FLAG exists, then sends and prints
 * the answer, or "error: ..." when the connection was reset.
 */
public final class StraddleEndpoint {

    public static void main(String[] args) throws Exception {
        if (args[0].equals("serve")) {
            try (ServerSocket server = new ServerSocket()) {
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(Integer.parseInt(args[2])));
                System.out.println("listening");
                while (true) {
                    Socket socket = server.accept();
                    // a thread each: the control connection's request never comes (its client was reset elsewhere)
                    new Thread(() -> answer(socket, args[1])).start();
                }
            }
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(args[1], Integer.parseInt(args[2])), 3_000);
            socket.setSoTimeout(5_000);
            System.out.println("connected");
            Path flag = Path.of(args[3]);
            for (int i = 0; i < 1_000 && !Files.exists(flag); i++) {
                Thread.sleep(10);
            }
            OutputStream out = socket.getOutputStream();
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            System.out.println("answer: " + new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            System.out.println("error: " + e.getMessage());
        }
    }

    private static void answer(Socket socket, String name) {
        try (socket) {
            byte[] data = new byte[64];
            int n = socket.getInputStream().read(data);
            String reply = name + " got " + new String(data, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
            socket.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            // the control connection: reset
        }
    }
}
