package dev.havip.net;

import java.util.regex.Pattern;

/**
 * Node names as the {@code node-name} attribute accepts them. The same rule applies to a name a peer
 * publishes over the network, because such a name can reach a native command ({@code fence-command}'s
 * {@code {node}}): letters, digits, '.', '_', '-', never starting with '-' or '.'.
 */
public final class NodeName {

    /** The rule, as the documentation states it. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private NodeName() {
    }

    /** Checked for every name in every cluster message, so without a regular expression; same rule as {@link #NAME}. */
    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > 64 || !letterOrDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!letterOrDigit(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean letterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

}
