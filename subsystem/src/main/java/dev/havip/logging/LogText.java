package dev.havip.logging;

/** Text from outside (a peer, a deployer) made safe for one log line: no line break or other control character of theirs. Any thread. */
public final class LogText {

    private LogText() {
    }

    /** {@code text} with every control character shown as '?'. */
    public static String printable(String text) {
        return text.replaceAll("\\p{Cntrl}", "?");
    }
}
