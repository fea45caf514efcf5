package dev.havip.net;

import java.net.InetAddress;

/**
 * A virtual IP in CIDR form, e.g. {@code 198.18.0.100/24} or {@code fd00::100/64}: the address and
 * the prefix length the holder puts on its interface.
 */
public record Cidr(InetAddress address, int prefix) {

    public Cidr {
        int max = IpAddresses.isIpv4(address) ? 32 : 128;
        if (prefix < 1 || prefix > max) {
            throw new IllegalArgumentException("prefix length " + prefix + " is outside 1.." + max);
        }
    }

    /**
     * Parses {@code address/prefix}; the message of the exception names what is wrong.
     */
    public static Cidr parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("an address in CIDR form (address/prefix) is required");
        }
        int slash = text.indexOf('/');
        if (slash < 0 || slash != text.lastIndexOf('/')) {
            throw new IllegalArgumentException("'" + text + "' is not in CIDR form (address/prefix, e.g. 198.18.0.100/24 or fd00::100/64)");
        }
        InetAddress address = IpAddresses.parseLiteral(text.substring(0, slash));
        String prefixText = text.substring(slash + 1);
        if (!prefixText.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("'" + prefixText + "' in '" + text + "' is not a prefix length");
        }
        try {
            return new Cidr(address, Integer.parseInt(prefixText));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    public boolean isIpv4() {
        return IpAddresses.isIpv4(this.address);
    }

    /** The address alone, in the form {@code ip} prints it. */
    public String host() {
        return this.address.getHostAddress();
    }

    @Override
    public String toString() {
        return this.host() + "/" + this.prefix;
    }
}
