package dev.havip.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP endpoint on loopback that a test switches between answering with a status code and
 * hanging. Optionally gated: each request waits for a permit from the test before answering, so the
 * test decides exactly how many probes have been answered.
 */
final class TestHttpTarget implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool(); // hung handlers must not block new requests
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicBoolean hang = new AtomicBoolean();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Semaphore gate;
    final AtomicInteger arrivals = new AtomicInteger();
    final AtomicInteger hungRequests = new AtomicInteger();

    TestHttpTarget() throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.server.createContext("/health", this::handle);
        this.server.setExecutor(this.handlers);
        this.server.start();
    }

    String url() {
        return url("/health");
    }

    String url(String path) {
        return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
    }

    /** Extra endpoints for single-probe tests. */
    void addContext(String path, HttpHandler handler) {
        this.server.createContext(path, handler);
    }

    /** Blocks a handler until the target is closed. */
    void awaitClose() throws InterruptedException {
        this.released.await(20, TimeUnit.SECONDS);
    }

    void respond(int code) {
        this.status.set(code);
        this.hang.set(false);
    }

    void hang() {
        this.hang.set(true);
    }

    /** From now on every request waits for {@link #permit()}. */
    void gate() {
        this.gate = new Semaphore(0);
    }

    void permit() {
        this.gate.release();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            this.arrivals.incrementAndGet();
            Semaphore g = this.gate;
            if (g != null && !g.tryAcquire(20, TimeUnit.SECONDS)) {
                return;
            }
            if (this.hang.get()) {
                this.hungRequests.incrementAndGet();
                this.released.await(20, TimeUnit.SECONDS); // far longer than any probe timeout
                return;
            }
            exchange.sendResponseHeaders(this.status.get(), -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        this.released.countDown();
        this.server.stop(0);
        this.handlers.shutdownNow();
    }
}
