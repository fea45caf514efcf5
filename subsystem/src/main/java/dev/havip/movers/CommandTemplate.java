package dev.havip.movers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An administrator's command as an argument list (never a shell line): the first element is the
 * absolute path of the executable, the others are arguments that may contain placeholders such as
 * {@code {address}}. Validated once at configuration time, expanded with already-validated values
 * at run time.
 */
public record CommandTemplate(List<String> arguments) {

    public static final Set<String> VIP_PLACEHOLDERS = Set.of("address", "prefix", "interface", "vip");
    public static final Set<String> NOTIFY_PLACEHOLDERS = Set.of("address", "prefix", "interface", "vip", "from", "to", "node");
    public static final Set<String> FENCE_PLACEHOLDERS = Set.of("node", "vip");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    public CommandTemplate {
        arguments = List.copyOf(arguments);
    }

    /**
     * @throws IllegalArgumentException naming the offending element when the list is not a safe argument list
     */
    public static CommandTemplate parse(List<String> arguments, Set<String> placeholders) {
        if (arguments == null || arguments.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least the absolute path of the executable");
        }
        String executable = arguments.get(0);
        if (!executable.startsWith("/") || executable.contains("{")) {
            throw new IllegalArgumentException("'" + executable + "' is not an absolute path of an executable (e.g. /usr/local/bin/notify)");
        }
        for (int i = 0; i < arguments.size(); i++) {
            checkArgument(i, arguments.get(i), placeholders);
        }
        return new CommandTemplate(arguments);
    }

    private static void checkArgument(int index, String argument, Set<String> placeholders) {
        for (int c = 0; c < argument.length(); c++) {
            char ch = argument.charAt(c);
            if (ch == '\0' || ch == '\n' || ch == '\r') {
                throw new IllegalArgumentException("argument " + index + " contains a control character (NUL, CR or LF)");
            }
        }
        Matcher m = PLACEHOLDER.matcher(argument);
        while (m.find()) {
            if (!placeholders.contains(m.group(1))) {
                throw new IllegalArgumentException("argument " + index + " ('" + argument + "') uses the unknown placeholder {" + m.group(1)
                        + "}; allowed: " + placeholders.stream().sorted().map(p -> "{" + p + "}").toList());
            }
        }
    }

    /** Replaces the placeholders; the values come from validated configuration, never from the network. */
    public List<String> expand(Map<String, String> values) {
        List<String> result = new ArrayList<>(this.arguments.size());
        for (String argument : this.arguments) {
            Matcher m = PLACEHOLDER.matcher(argument);
            StringBuilder expanded = new StringBuilder();
            while (m.find()) {
                String value = values.get(m.group(1));
                if (value == null) {
                    throw new IllegalStateException("no value for placeholder {" + m.group(1) + "}");
                }
                m.appendReplacement(expanded, Matcher.quoteReplacement(value));
            }
            m.appendTail(expanded);
            result.add(expanded.toString());
        }
        return result;
    }
}
