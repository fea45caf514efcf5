package dev.havip.setup;

import java.net.InetAddress;

/** Whether an address lies in a subnet given as an address and a prefix length (IPv4 and IPv6). Pure. */
final class Subnets {

    private Subnets() {
    }

    static boolean contains(InetAddress network, int prefix, InetAddress address) {
        byte[] a = network.getAddress();
        byte[] b = address.getAddress();
        if (a.length != b.length || prefix < 0 || prefix > a.length * 8) {
            return false;
        }
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }
}
