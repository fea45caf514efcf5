package dev.havip.net;

import java.util.regex.Pattern;

/**
 * Linux network interface names as {@code ip} accepts them (at most 15 bytes, IFNAMSIZ - 1), narrowed
 * to characters that can never be read as an option, a path or a shell word: they become command
 * arguments.
 */
public final class InterfaceName {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");

    private InterfaceName() {
    }

    public static String validate(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a network interface name"
                    + " (1-15 characters: letters, digits, '_', '.', '-'; not starting with '-' or '.')");
        }
        return name;
    }
}
