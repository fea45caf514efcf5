package dev.havip.setup;

import java.nio.file.Path;

/**
 * The command line of {@code bin/ha-vip-setup.sh}: where the server is, how to run, and answers as
 * {@code --KEY=VALUE} (the same keys as an answers file). Parsed on the main thread.
 */
final class Options {

    static final String HELP = """
            Usage: ha-vip-setup.sh [OPTIONS] [--KEY=VALUE ...]

            Makes this WildFly server an ha-vip node: asks for its name, priority, peers, the VIP and its
            interface, a health check, failback, quorum (and its tie-breaker or witness) and the cluster key,
            checks the host, shows a summary and applies it through bin/jboss-cli.sh in one batch (nothing
            changes unless the whole batch succeeds).

              --non-interactive       ask nothing: answers from --KEY=VALUE flags, --answers FILE, else the defaults
              --answers=FILE          answers, one KEY=VALUE per line (flags win over the file)
              --save-answers=FILE     write the answers given, for --answers on the next run or another node
              --dry-run               show the summary, the checks and the CLI batch; change nothing
              --base-dir=DIR          the server's base directory (default: JBOSS_HOME/standalone)
              --server-config=FILE    the configuration file in DIR/configuration (default: standalone.xml)
              --controller=HOST:PORT  where a running server is managed (default: 127.0.0.1:9990)
              -h, --help              this text

            KEYs: node-name, priority, cluster-address, cluster-port, peers, public-address, vip-name,
            vip-address, interface, health-check (none | URL | deployment:NAME), failback (auto | manual),
            failback-delay, quorum (tie-breaker | majority | witness | none), tie-breaker-address,
            witness (HOST[:PORT] of bin/ha-vip-witness.sh, port 7670 by default; for quorum=witness),
            method (ip | ipvs | none), command-prefix (when not root; none for no prefix),
            cluster-key (new | keep | PATH of another server's key store | none; not none with quorum=witness).
            Exit codes: 0 applied, 1 not applied (declined, input closed, the CLI failed), 2 bad option or answer.
            """;

    boolean help;
    boolean interactive = true;
    boolean dryRun;
    Path jbossHome;
    Path baseDir;
    String serverConfig = "standalone.xml";
    HostPort controller = new HostPort("127.0.0.1", 9990);
    Path saveAnswers;
    Answers given = new Answers();

    static Options parse(String[] args) {
        Options options = new Options();
        Answers flags = new Answers();
        Path answersFile = null;
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                options.help = true;
            } else if (arg.equals("--non-interactive")) {
                options.interactive = false;
            } else if (arg.equals("--dry-run")) {
                options.dryRun = true;
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                String key = arg.substring(2, arg.indexOf('='));
                String value = arg.substring(arg.indexOf('=') + 1);
                switch (key) {
                    case "answers" -> answersFile = Path.of(value);
                    case "save-answers" -> options.saveAnswers = Path.of(value);
                    case "base-dir" -> options.baseDir = Path.of(value);
                    case "server-config" -> options.serverConfig = configName(value);
                    case "controller" -> options.controller = HostPort.parse(value, 9990);
                    default -> flags.put(key, value);
                }
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        String home = System.getProperty("jboss.home.dir", System.getenv("JBOSS_HOME"));
        if (home == null) {
            throw new IllegalArgumentException("JBOSS_HOME is not set (bin/ha-vip-setup.sh sets it)");
        }
        options.jbossHome = Path.of(home).toAbsolutePath().normalize();
        if (options.baseDir == null) {
            options.baseDir = options.jbossHome.resolve("standalone");
        }
        options.baseDir = options.baseDir.toAbsolutePath().normalize();
        if (answersFile != null) {
            try {
                options.given = Answers.load(answersFile);
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read the answers file " + answersFile + ": " + e.getMessage(), e);
            }
        }
        flags.asMap().forEach(options.given::put);
        if (options.interactive && !options.given.asMap().isEmpty()) {
            throw new IllegalArgumentException("answers (--" + options.given.asMap().keySet().iterator().next()
                    + ", --answers) go with --non-interactive");
        }
        return options;
    }

    private static String configName(String value) {
        if (!value.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.xml")) {
            throw new IllegalArgumentException("--server-config: '" + value + "' is not a file name in the configuration directory");
        }
        return value;
    }
}
