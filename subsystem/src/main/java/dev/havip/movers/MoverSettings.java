package dev.havip.movers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where the native tools live and how every command is run.
 *
 * @param ip            iproute2's {@code ip} (needs CAP_NET_ADMIN)
 * @param arping        iputils {@code arping} (needs CAP_NET_RAW)
 * @param na6           ipv6toolkit's {@code na6}, sends unsolicited neighbour advertisements (insists on root)
 * @param ipvsadm       {@code ipvsadm}, only for {@code method=ipvs}
 * @param nft           nftables' {@code nft}, only for planned handovers ({@link HandoverForwarding}); optional
 * @param commandPrefix put in front of every command, including the administrator's own commands, e.g.
 *                      {@code [/usr/bin/sudo, -n]}, or {@code [/usr/sbin/ip, netns, exec, NS]} in tests; empty for none
 * @param commandTimeout a command still running after this is killed and reported as failed
 */
public record MoverSettings(Path ip, Path arping, Path na6, Path ipvsadm, Path nft, List<String> commandPrefix, Duration commandTimeout) {

    /** Long enough for {@code arping -D -w 1}, short enough that a stuck command cannot hold a VIP's mover thread for long. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final List<Path> SEARCH_PATH = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"), Path.of("/bin"));

    public MoverSettings {
        ip = absolute(ip, "ip");
        arping = absolute(arping, "arping");
        na6 = absolute(na6, "na6");
        ipvsadm = absolute(ipvsadm, "ipvsadm");
        nft = absolute(nft, "nft");
        commandPrefix = List.copyOf(commandPrefix);
        if (!commandPrefix.isEmpty()) {
            // The same rules as an administrator's command: an absolute executable, no line breaks or NULs.
            CommandTemplate.parse(commandPrefix, Set.of());
        }
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        if (commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("the command timeout must be positive");
        }
    }

    /** The tools found in /usr/sbin, /sbin, /usr/bin, /bin (first that exists), no prefix, {@link #DEFAULT_TIMEOUT}. */
    public static MoverSettings defaults() {
        return new MoverSettings(find("ip"), find("arping"), find("na6"), find("ipvsadm"), find("nft"), List.of(), DEFAULT_TIMEOUT);
    }

    /**
     * The first existing {@code dir/name} on the search path; when there is none, {@code /usr/sbin/name}, so that the
     * error at first use names a concrete path (the tool may be installed after the server started).
     */
    public static Path find(String name) {
        for (Path dir : SEARCH_PATH) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return SEARCH_PATH.get(0).resolve(name);
    }

    public MoverSettings withCommandPrefix(List<String> prefix) {
        return new MoverSettings(this.ip, this.arping, this.na6, this.ipvsadm, this.nft, prefix, this.commandTimeout);
    }

    public MoverSettings withCommandTimeout(Duration timeout) {
        return new MoverSettings(this.ip, this.arping, this.na6, this.ipvsadm, this.nft, this.commandPrefix, timeout);
    }

    public MoverSettings withTools(Path ip, Path arping, Path na6, Path ipvsadm) {
        return new MoverSettings(ip, arping, na6, ipvsadm, this.nft, this.commandPrefix, this.commandTimeout);
    }

    private static Path absolute(Path path, String tool) {
        Objects.requireNonNull(path, tool);
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("the path of " + tool + " must be absolute, not '" + path + "'");
        }
        return path;
    }
}
