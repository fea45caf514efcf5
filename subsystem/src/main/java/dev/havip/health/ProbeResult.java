package dev.havip.health;

import java.time.Duration;
import java.util.Objects;

/** The outcome of one probe attempt: pass/fail plus a short detail an administrator can read. */
public record ProbeResult(boolean ok, String detail) {

    /** Longest detail kept: details end up in CLI output and log lines, not in reports. */
    static final int MAX_DETAIL = 200;

    public ProbeResult {
        Objects.requireNonNull(detail, "detail");
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 3) + "...";
        }
    }

    public static ProbeResult ok(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult failed(String detail) {
        return new ProbeResult(false, detail);
    }

    public static ProbeResult timedOut(Duration timeout) {
        return failed("timed out after " + timeout.toMillis() + " ms");
    }

    /** A readable reason from an I/O failure: the first message in the cause chain. */
    static ProbeResult failed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                if (t instanceof java.net.UnknownHostException) {
                    return failed("unknown host " + message);
                }
                // "Connection refused" -> "connection refused", like the other details
                return failed(Character.toLowerCase(message.charAt(0)) + message.substring(1));
            }
        }
        if (failure instanceof java.net.ConnectException) {
            // the JDK HttpClient drops the reason of a failed connect
            return failed("cannot connect (refused or unreachable)");
        }
        return failed(failure.getClass().getSimpleName());
    }
}
