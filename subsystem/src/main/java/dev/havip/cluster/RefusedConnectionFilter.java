package dev.havip.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.havip.logging.HaVipLogger;
import dev.havip.logging.LogText;

/**
 * JGroups warns once for every connection its transport refuses (JGRP000006 "failed accepting connection": a failed
 * TLS handshake, a stranger's bytes), so a stranger who connects in a loop would fill the log. While ha-vip's channel
 * runs, this filter on the transport's logger turns those warnings into ha-vip's own (HAVIP0020), at most one per remote
 * host every 10 s with the count of those left out ({@link RefusalLog}); every other record goes to the filter that was
 * there before. Called on JGroups' acceptor threads; installed and removed on the thread that connects the channel.
 */
final class RefusedConnectionFilter implements Filter {

    static final String ACCEPT_ERROR = "JGRP000006";
    /** How JGroups names the peer: an SSLSocket's {@code hostname=}, a plain Socket's {@code addr=/}. */
    private static final List<Pattern> PEER = List.of(Pattern.compile("hostname=([^,\\]\\s]+)"), Pattern.compile("addr=[^/,\\]]*/([0-9a-fA-F.:]+)"));
    private static final int MAX_TEXT = 300;

    /** One filter per transport logger and how many channels of this JVM use it; guarded by the class's lock. */
    private static final Map<String, Installed> INSTALLED = new HashMap<>();

    private record Installed(Logger logger, RefusedConnectionFilter filter, int users) {
    }

    private final Filter previous;
    private final RefusalLog refusals;

    RefusedConnectionFilter(Filter previous, BiConsumer<String, String> log) {
        this.previous = previous;
        this.refusals = new RefusalLog(log);
    }

    /** Installs the filter on {@code loggerName} (the transport's class) for one more channel of this JVM. */
    static synchronized void acquire(String loggerName) {
        Installed installed = INSTALLED.get(loggerName);
        if (installed == null) {
            Logger logger = Logger.getLogger(loggerName);
            RefusedConnectionFilter filter = new RefusedConnectionFilter(logger.getFilter(), HaVipLogger.ROOT_LOGGER::refusedConnection);
            logger.setFilter(filter);
            INSTALLED.put(loggerName, new Installed(logger, filter, 1));
        } else {
            INSTALLED.put(loggerName, new Installed(installed.logger(), installed.filter(), installed.users() + 1));
        }
    }

    /** One channel fewer on {@code loggerName}; the last one puts the previous filter back (unless someone replaced ours meanwhile). */
    static synchronized void release(String loggerName) {
        Installed installed = INSTALLED.get(loggerName);
        if (installed == null) {
            return;
        }
        if (installed.users() > 1) {
            INSTALLED.put(loggerName, new Installed(installed.logger(), installed.filter(), installed.users() - 1));
            return;
        }
        INSTALLED.remove(loggerName);
        if (installed.logger().getFilter() == installed.filter()) {
            installed.logger().setFilter(installed.filter().previous);
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        if (message == null || !message.contains(ACCEPT_ERROR)) {
            return this.previous == null || this.previous.isLoggable(record);
        }
        String text = text(message, record.getParameters());
        this.refusals.refused(peer(text), printable(text.replace(ACCEPT_ERROR + ": ", "")), System.nanoTime());
        return false;
    }

    /** JGroups' text with its printf-style parameters filled in (as listed if they do not fit). */
    private static String text(String message, Object[] parameters) {
        if (parameters == null || parameters.length == 0) {
            return message;
        }
        try {
            return String.format(message, parameters);
        } catch (java.util.IllegalFormatException e) {
            return message + " " + Arrays.toString(parameters);
        }
    }

    /** The remote host JGroups names in the warning, or "unknown". */
    static String peer(String text) {
        for (Pattern pattern : PEER) {
            Matcher m = pattern.matcher(text);
            if (m.find()) {
                return m.group(1);
            }
        }
        return "unknown";
    }

    /** Bounded and without control characters: the text can carry what a stranger sent. */
    private static String printable(String text) {
        String cut = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
        return LogText.printable(cut);
    }
}
