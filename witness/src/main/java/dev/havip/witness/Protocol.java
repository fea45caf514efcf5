package dev.havip.witness;

/**
 * The witness's line protocol inside TLS, one request and one reply per line (ASCII, at most
 * {@link #MAX_LINE} characters):
 * <pre>
 *   HELLO cluster node          -> OK lease-ms
 *   ACQUIRE vip seq             -> GRANT vip seq lease-ms ended previous  |  DENY vip seq holder remaining-ms   (also renews)
 *   RELEASE vip                 -> RELEASED vip
 *   PING                        -> PONG   (an idle server's check that the witness is still there)
 *   anything else               -> ERR reason, and the connection closes
 * </pre>
 * A holder counts its lease from the moment it sent ACQUIRE, so it ends on its side before it ends on the
 * witness's. A grant names how the previous holder's lease ended ({@code none}, {@code released}, {@code closed},
 * {@code expired}) and who it was ({@code -} for nobody). Pure.
 */
final class Protocol {

    static final int MAX_LINE = 256;

    private Protocol() {
    }

    /** The words of a request, or null when it is malformed (wrong arity, bad names, a non-number sequence). */
    static String[] parse(String line) {
        String[] words = line.split(" ", -1);
        boolean ok = switch (words[0]) {
            case "HELLO" -> words.length == 3 && Names.valid(words[1]) && Names.valid(words[2]);
            case "ACQUIRE" -> words.length == 3 && Names.valid(words[1]) && words[2].matches("\\d{1,18}");
            case "RELEASE" -> words.length == 2 && Names.valid(words[1]);
            case "PING" -> words.length == 1;
            default -> false;
        };
        return ok ? words : null;
    }
}
