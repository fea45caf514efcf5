package dev.havip.health;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

import dev.havip.movers.CommandTemplate;
import dev.havip.net.IpAddresses;

/**
 * What each health-check type may point at. Checked at configuration time so that a check that
 * can never work is rejected with a reason instead of silently reporting DOWN.
 */
public final class CheckTarget {

    public static final List<String> TYPES = List.of("http", "tcp", "command", "deployment");

    private CheckTarget() {
    }

    /** @throws IllegalArgumentException with a message an administrator can act on */
    public static void validate(String type, List<String> target) {
        if (!"command".equals(type) && target.size() != 1) {
            throw new IllegalArgumentException("a " + type + " check takes exactly one target, got " + target.size());
        }
        switch (type) {
            case "http" -> httpUri(target.get(0));
            case "tcp" -> hostPort(target.get(0));
            case "command" -> command(target);
            case "deployment" -> deploymentName(target.get(0));
            default -> throw new IllegalArgumentException("unknown check type '" + type + "'; allowed: " + TYPES);
        }
    }

    /** A command check's argument list: absolute executable, no placeholders (there is nothing to substitute). */
    public static CommandTemplate command(List<String> target) {
        return CommandTemplate.parse(target, Set.of());
    }

    public static URI httpUri(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' is not an http:// or https:// URL with a host");
        }
        return uri;
    }

    /** {@code host:port} or {@code [ipv6]:port}; the port must be 1-65535. */
    public static HostPort hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not host:port");
        }
        String host = text.substring(0, colon);
        String portText = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = IpAddresses.parseLiteral(host.substring(1, host.length() - 1)).getHostAddress();
        } else if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})")) {
            throw new IllegalArgumentException("'" + host + "' in '" + text + "' is not a host name or IPv4 address (write IPv6 as [addr]:port)");
        }
        if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
            throw new IllegalArgumentException("port '" + portText + "' in '" + text + "' is outside 1-65535");
        }
        return new HostPort(host, Integer.parseInt(portText));
    }

    public record HostPort(String host, int port) {
    }

    private static void deploymentName(String name) {
        if (name.isBlank() || name.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20)) {
            throw new IllegalArgumentException("'" + name + "' is not a deployment name (e.g. app.war)");
        }
    }
}
