package dev.havip.witness;

import java.util.regex.Pattern;

/**
 * Names that arrive from the network (cluster, node, VIP): the subsystem's rule for node names (letters, digits,
 * '.', '_', '-', starting with a letter or digit, at most 64), so that nothing a client sends can reach a log line
 * or a reply as anything but a plain word. Pure.
 */
final class Names {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
