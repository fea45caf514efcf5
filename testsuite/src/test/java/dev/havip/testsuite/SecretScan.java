package dev.havip.testsuite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * Issue 13, "no secret in logs, history, MBeans or read-resource output": looks for secret values in every file a run
 * left (logs, console output, standalone.xml and its history, data) and in management output the test collected.
 * Key stores are skipped: they are where the secret belongs. Test thread.
 */
public final class SecretScan {

    private SecretScan() {
    }

    /** Fails naming every file under {@code roots} that contains one of {@code secrets}; returns how many files it read. */
    public static int assertNoSecretInFiles(Collection<Path> roots, Collection<String> secrets) {
        List<String> found = new ArrayList<>();
        int read = 0;
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".p12")).toList()) {
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1); // byte for byte: binary files too
                    read++;
                    for (String secret : secrets) {
                        if (text.contains(secret)) {
                            found.add(file + " contains a secret");
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertTrue(found.isEmpty(), String.join("\n", found));
        assertTrue(read > 0, "files were read under " + roots);
        return read;
    }

    /** Fails when management output {@code what} shows one of {@code secrets}. */
    public static void assertNoSecretIn(String what, String output, Collection<String> secrets) {
        assertTrue(!output.isEmpty(), what + " was read");
        List<String> showing = output.lines().filter(l -> secrets.stream().anyMatch(l::contains))
                .map(l -> secrets.stream().reduce(l, (line, secret) -> line.replace(secret, "***"))).toList();
        assertTrue(showing.isEmpty(), what + " shows a secret (here as ***) in:\n" + String.join("\n", showing));
    }
}
