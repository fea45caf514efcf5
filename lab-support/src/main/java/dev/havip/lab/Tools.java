package dev.havip.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The native commands the lab and the movers run, and the Debian package of each: the same list
 * ({@code build-support/packages.txt}, copied into this jar) that {@code ./test.sh}, {@code ./demo.sh} and
 * {@code .ci/run} install from, so that a test on a machine without, say, arping fails with
 * "needs arping: apt-get install iputils-arping" instead of an obscure error later. Stateless; any thread.
 */
public final class Tools {

    /** Where root's tools live, searched before the PATH (a user's PATH may lack sbin). */
    private static final List<String> DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Tools() {
    }

    /** Fails (an {@link AssertionError}) naming the command and its package unless every command is installed. */
    public static void require(String... commands) {
        List<String> missing = new ArrayList<>();
        for (String command : commands) {
            if (find(command) == null) {
                missing.add("needs " + command + ": apt-get install " + packages().getOrDefault(command, command));
            }
        }
        if (!missing.isEmpty()) {
            throw new AssertionError(String.join("; ", missing) + " (./test.sh installs what the tests need)");
        }
    }

    /** The installed command's absolute path; just its name (for the PATH) when it is nowhere to be found. */
    public static String path(String command) {
        Path found = find(command);
        return found == null ? command : found.toString();
    }

    private static Path find(String command) {
        List<String> dirs = new ArrayList<>(DIRS);
        dirs.addAll(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        for (String dir : dirs) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, command);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** command → Debian package, from packages.txt. */
    static Map<String, String> packages() {
        Map<String, String> packages = new LinkedHashMap<>();
        try (InputStream in = Tools.class.getResourceAsStream("packages.txt")) {
            if (in == null) {
                throw new IllegalStateException("packages.txt is missing from " + Tools.class.getPackageName());
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && !f[0].startsWith("#")) {
                    packages.put(f[0], f[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packages;
    }
}
