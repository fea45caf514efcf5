package dev.havip.setup;

/** A TCP port typed by a person: 1-65535, digits only. Pure. */
final class Ports {

    private Ports() {
    }

    static int parse(String text) {
        if (text == null || !text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not a port (1-65535)");
        }
        return Integer.parseInt(text);
    }
}
