package dev.havip.setup;

import java.util.regex.Pattern;

import dev.havip.net.IpAddresses;

/**
 * A peer or the witness as {@code host[:port]}: an IPv4 address, an IPv6 address in brackets ({@code [fd00::2]:7660}),
 * or a DNS name; the port defaults to the given one (the cluster's, the witness's). Pure; the message of every exception names the
 * problem.
 */
record HostPort(String host, int port) {

    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    static HostPort parse(String text, int defaultPort) {
        String host;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "': an IPv6 address in brackets needs its closing ']'");
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + text + "': expected ':PORT' after ']'");
                }
                port = rest.substring(1);
            }
            IpAddresses.parseLiteral(host);
        } else {
            int colon = text.indexOf(':');
            if (colon >= 0 && colon != text.lastIndexOf(':')) {
                throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, e.g. [fd00::2]:7660");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
            if (!DNS_NAME.matcher(host).matches()) {
                throw new IllegalArgumentException("'" + host + "' is neither an IP address nor a host name");
            }
            if (host.matches("[0-9.]+")) {
                IpAddresses.parseLiteral(host); // 300.1.2.3 is not a name either
            }
        }
        return new HostPort(host, port == null ? defaultPort : Ports.parse(port));
    }

    static String join(String host, String port) {
        return (host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return join(this.host, Integer.toString(this.port));
    }
}
