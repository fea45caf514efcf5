package dev.havip.movers;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import dev.havip.net.IpAddresses;

/**
 * One address as {@code ip -o addr show dev IF} prints it, e.g.
 * {@code 2: eth0    inet6 fd00::100/64 scope global tentative dynamic \       valid_lft 20sec preferred_lft 20sec}.
 *
 * @param validSeconds remaining valid lifetime; empty for {@code forever}
 */
record AddressEntry(InetAddress address, int prefix, Set<String> flags, OptionalLong validSeconds) {

    boolean tentative() {
        return this.flags.contains("tentative");
    }

    boolean dadFailed() {
        return this.flags.contains("dadfailed");
    }

    /** Usable by this host: not waiting for duplicate address detection and not refused by it. */
    boolean usable() {
        return !this.tentative() && !this.dadFailed();
    }

    /** The entry for {@code wanted} in {@code ip -o addr show} output, compared as addresses (IPv6 has many spellings). */
    static Optional<AddressEntry> find(String output, InetAddress wanted) {
        for (String line : output.split("\\R")) {
            Optional<AddressEntry> entry = parse(line);
            if (entry.isPresent() && entry.get().address().equals(wanted)) {
                return entry;
            }
        }
        return Optional.empty();
    }

    static Optional<AddressEntry> parse(String line) {
        List<String> tokens = List.of(line.replace('\\', ' ').trim().split("\\s+"));
        int family = Math.max(tokens.indexOf("inet"), tokens.indexOf("inet6"));
        if (family < 0 || family + 1 >= tokens.size()) {
            return Optional.empty();
        }
        String cidr = tokens.get(family + 1);
        int slash = cidr.indexOf('/');
        InetAddress address;
        int prefix;
        try {
            address = IpAddresses.parseLiteral(slash < 0 ? cidr : cidr.substring(0, slash));
            prefix = slash < 0 ? (address.getAddress().length * 8) : Integer.parseInt(cidr.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Set<String> flags = new HashSet<>(tokens.subList(family + 2, tokens.size()));
        OptionalLong valid = OptionalLong.empty();
        int lft = tokens.indexOf("valid_lft");
        if (lft >= 0 && lft + 1 < tokens.size() && tokens.get(lft + 1).matches("\\d+sec")) {
            String seconds = tokens.get(lft + 1);
            valid = OptionalLong.of(Long.parseLong(seconds.substring(0, seconds.length() - 3)));
        }
        return Optional.of(new AddressEntry(address, prefix, Set.copyOf(flags), valid));
    }
}
