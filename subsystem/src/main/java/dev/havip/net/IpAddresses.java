package dev.havip.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever resolving a host name: configuration values end up as
 * arguments of native commands, so only strict literals may pass.
 */
public final class IpAddresses {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    // Hex groups, colons and an optional embedded IPv4 tail; no zone id, no brackets.
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {
    }

    /**
     * @return the address, or throws with a message that says what is wrong with {@code text}
     */
    public static InetAddress parseLiteral(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an IP address is required");
        }
        if (IPV4.matcher(text).matches()) {
            return toAddress(text);
        }
        if (text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches()) {
            InetAddress address = toAddress(text);
            if (address instanceof Inet6Address) {
                return address;
            }
            // "::ffff:1.2.3.4" comes back as an Inet4Address: a mapped address is not a VIP.
        }
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (a.b.c.d) or an IPv6 address literal");
    }

    public static boolean isIpv4(InetAddress address) {
        return address instanceof Inet4Address;
    }

    private static InetAddress toAddress(String literal) {
        try {
            // Safe: the callers only pass strings that the JDK treats as literals (digits and dots, or a colon).
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not a valid IP address literal", e);
        }
    }
}
