package dev.havip.setup;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The cluster key store's password: from the environment variable the server will read it from, else typed
 * without echo (twice for a new key store, checked against the file for an existing one; three tries). Never
 * written to the answers, the screen or a command line. Main thread.
 */
final class KeyPassword {

    private static final int MIN_LENGTH = 8;

    private KeyPassword() {
    }

    /** @param prompter null without questions: then only the environment can give it */
    static char[] obtain(String answer, ClusterKey key, Prompter prompter, PrintStream out) throws IOException, Prompter.InputClosed {
        String fromEnvironment = System.getenv(ClusterKey.PASSWORD_VARIABLE);
        if (fromEnvironment != null) {
            out.println("The cluster key's password comes from " + ClusterKey.PASSWORD_VARIABLE + ".");
            String problem = problem(answer, key, fromEnvironment.toCharArray());
            if (problem != null) {
                throw new IllegalArgumentException(ClusterKey.PASSWORD_VARIABLE + ": " + problem);
            }
            return fromEnvironment.toCharArray();
        }
        if (prompter == null) {
            throw new IllegalArgumentException("--cluster-key=" + answer + " needs the key store's password in the environment variable "
                    + ClusterKey.PASSWORD_VARIABLE + " (the server reads it from there too)");
        }
        out.println();
        out.println("The cluster key's password (" + ClusterKey.PASSWORD_VARIABLE + " is not set); the server will read it from "
                + ClusterKey.PASSWORD_VARIABLE + ".");
        for (int attempt = 1; attempt <= 3; attempt++) {
            char[] typed = prompter.secret("  Password (not shown): ");
            String problem = problem(answer, key, typed);
            if (problem == null && answer.equals(ClusterKey.NEW) && !Arrays.equals(typed, prompter.secret("  The same again: "))) {
                problem = "the two entries differ";
            }
            if (problem == null) {
                return typed;
            }
            out.println("  ! " + problem + "; please try again");
        }
        throw new IllegalStateException("no usable password after three tries");
    }

    private static String problem(String answer, ClusterKey key, char[] password) {
        if (answer.equals(ClusterKey.NEW)) {
            return password.length < MIN_LENGTH ? "a new key store's password needs at least " + MIN_LENGTH + " characters" : null;
        }
        return key.problem(answer, password);
    }
}
