package dev.havip.health;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * GET a URL; healthy iff the status code is the expected one. Only the status line and headers
 * are awaited: a server that sends headers and then trickles its body cannot hold the probe.
 */
public final class HttpProbe implements Probe {

    private final HttpClient client;
    private final HttpRequest request;
    private final int expectedStatus;
    private final Duration timeout;

    public HttpProbe(URI uri, int expectedStatus, Duration timeout) {
        this.expectedStatus = expectedStatus;
        this.timeout = timeout;
        // One client per check (one selector thread). No redirects: a 3xx is an answer, and following
        // it could silently check another host. No proxy: the check is about the service itself.
        // HTTP/1.1 only: no h2c upgrade headers that simple health endpoints may mishandle.
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
        this.request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(timeout) // until the response headers arrive
                .header("User-Agent", "ha-vip health check")
                .build();
    }

    @Override
    public ProbeResult probe() {
        try {
            HttpResponse<InputStream> response = this.client.send(this.request, HttpResponse.BodyHandlers.ofInputStream());
            response.body().close(); // unread: the connection is dropped rather than drained
            int code = response.statusCode();
            return code == this.expectedStatus
                    ? ProbeResult.ok("HTTP " + code)
                    : ProbeResult.failed("HTTP " + code + " (expected " + this.expectedStatus + ")");
        } catch (HttpTimeoutException e) {
            return ProbeResult.timedOut(this.timeout);
        } catch (IOException e) {
            return ProbeResult.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed("interrupted");
        }
    }
}
