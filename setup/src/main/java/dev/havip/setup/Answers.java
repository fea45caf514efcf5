package dev.havip.setup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wizard's answers by question key ({@code node-name=node-a}), in the order given: typed at the
 * prompts, or read from flags and an answers file. Used on the main thread only.
 */
final class Answers {

    private final Map<String, String> values = new LinkedHashMap<>();

    String get(String key) {
        return this.values.get(key);
    }

    boolean has(String key) {
        return this.values.containsKey(key);
    }

    void put(String key, String value) {
        this.values.put(key, value);
    }

    Map<String, String> asMap() {
        return Collections.unmodifiableMap(this.values);
    }

    /**
     * An answers file: one {@code key=value} per line, {@code #} starts a comment line. Not
     * {@link java.util.Properties}: a backslash in a value stays a backslash.
     */
    static Answers load(Path file) throws IOException {
        Answers answers = new Answers();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            int equals = text.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(file + ", line " + number + ": expected key=value, found '" + text + "'");
            }
            answers.put(text.substring(0, equals).strip(), text.substring(equals + 1).strip());
        }
        return answers;
    }

    /** The same answers as a file {@link #load} reads. */
    String toFileText() {
        StringBuilder text = new StringBuilder("# ha-vip set-up answers: bin/ha-vip-setup.sh --non-interactive --answers FILE\n");
        this.values.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString();
    }
}
