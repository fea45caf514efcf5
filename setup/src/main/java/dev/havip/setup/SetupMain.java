package dev.havip.setup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code bin/ha-vip-setup.sh}: turns a provisioned server into an ha-vip node. Asks (or takes from
 * flags and an answers file), checks the host, shows a summary and applies it in one CLI batch; until
 * that batch succeeds the configuration file is untouched. Runs on the main thread of its own JVM
 * (jboss-modules, module dev.havip.setup). Exit codes: 0 applied (or dry run), 1 not applied, 2 bad
 * usage or answer.
 */
public final class SetupMain {

    private SetupMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out));
    }

    /** What Ctrl-C (SIGINT, the JVM's shutdown hook) interrupts; written on the main thread. */
    private enum Stage { ASKING, APPLYING, DONE }

    private static volatile Stage stage = Stage.ASKING;

    static int run(String[] args, InputStream stdin, PrintStream out) {
        Thread hook = new Thread(() -> {
            if (stage == Stage.ASKING) {
                out.println();
                out.println("ha-vip-setup: interrupted; nothing changed.");
            } else if (stage == Stage.APPLYING) {
                out.println();
                out.println("ha-vip-setup: interrupted while jboss-cli.sh applied the batch; it is applied whole or not at all:"
                        + " run the wizard again to see which values the server has.");
            }
        }, "ha-vip-setup interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runUnhooked(args, stdin, out);
        } finally {
            stage = Stage.DONE;
        }
    }

    private static int runUnhooked(String[] args, InputStream stdin, PrintStream out) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("ha-vip-setup: " + e.getMessage() + " (--help lists the options)");
            return 2;
        }
        if (options.help) {
            out.print(Options.HELP);
            return 0;
        }
        try {
            // a console reads a password without echo; piped input is read as lines
            java.io.Console console = stdin == System.in ? System.console() : null;
            Prompter.Keyboard keyboard = console != null ? Prompter.Keyboard.of(console)
                    : Prompter.Keyboard.of(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
            return new SetupMain().setUp(options, keyboard, out);
        } catch (IllegalArgumentException e) {
            out.println("ha-vip-setup: " + e.getMessage() + "\nNothing changed.");
            return 2;
        } catch (Prompter.InputClosed e) {
            out.println();
            out.println("ha-vip-setup: " + e.getMessage() + ". Nothing changed.");
            return 1;
        } catch (IOException | IllegalStateException e) {
            out.println("ha-vip-setup: " + e.getMessage() + "\nNothing changed.");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int setUp(Options options, Prompter.Keyboard in, PrintStream out) throws IOException, InterruptedException, Prompter.InputClosed {
        Path config = options.baseDir.resolve("configuration").resolve(options.serverConfig);
        if (!Files.isRegularFile(config)) {
            throw new IllegalArgumentException("no configuration file " + config + " (--base-dir, --server-config)");
        }
        CurrentConfig current = CurrentConfig.read(config);
        if (!current.hasSubsystem) {
            throw new IllegalArgumentException(config + " has no ha-vip subsystem: provision the server with the ha-vip Galleon layer first");
        }
        current.deployments.addAll(scannedDeployments(options.baseDir.resolve("deployments")));
        ClusterKey key = new ClusterKey(config.getParent());
        HostFacts host = HostFacts.readOrFail();
        List<Question> questions = new Questions(host, current, Hostname.suggestion(), key).all();
        ServerCli cli = new ServerCli(options.jbossHome, options.baseDir, options.serverConfig, options.controller);
        boolean running = cli.running();

        out.println("ha-vip set-up of " + config);
        out.println(running ? "The server runs: the changes go to it (a reload follows)." : "The server is stopped: the changes are written with an embedded server.");
        Prompter prompter = new Prompter(in, out);
        Answers answers;
        if (options.interactive) {
            out.println("Enter keeps the value in [brackets]. Ctrl-C stops at any point and changes nothing.");
            answers = prompter.ask(questions);
        } else {
            answers = Prompter.resolve(questions, options.given);
        }
        char[] password = answers.get("cluster-key").equals(Questions.NONE) ? null
                : KeyPassword.obtain(answers.get("cluster-key"), key, options.interactive ? prompter : null, out);
        out.println();
        out.println("Summary:");
        answers.asMap().forEach((name, value) -> out.printf("  %-20s %s%n", name, value));
        out.println("Checks of this host:");
        Prerequisites.check(answers, host, running).forEach(out::println);
        List<String> batch = CliScript.batch(answers, current);
        if (options.dryRun) {
            out.println("The CLI batch (dry run, not applied):");
            batch.forEach(line -> out.println("  " + line));
            return 0;
        }
        if (options.interactive && !prompter.confirm("Apply this to " + config.getFileName() + "?")) {
            out.println("Nothing changed.");
            return 1;
        }
        if (options.saveAnswers != null) {
            Files.writeString(options.saveAnswers, answers.toFileText(), StandardCharsets.UTF_8);
        }
        stage = Stage.APPLYING;
        if (password != null) {
            key.install(answers.get("cluster-key"), password);
        }
        ServerCli.Result result;
        try {
            result = cli.run(batch, running,
                    password == null ? java.util.Map.of() : java.util.Map.of(ClusterKey.PASSWORD_VARIABLE, new String(password)));
        } catch (IOException | RuntimeException e) {
            key.undo(); // jboss-cli.sh did not run: the key store made for it goes too
            throw e;
        }
        if (result.exitCode() != 0) {
            key.undo();
            out.println("jboss-cli.sh failed (exit " + result.exitCode() + "); the configuration was NOT changed:");
            out.println(result.output().strip().lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse(""));
            return 1;
        }
        out.println();
        out.println("Applied to " + config + ".");
        out.println(running ? "Reload it: " + options.jbossHome.resolve("bin/jboss-cli.sh") + " --connect --controller=" + options.controller + " :reload"
                : "Start it: " + options.jbossHome.resolve("bin/standalone.sh") + OtherNode.baseDirArgument(options));
        if (password != null) {
            out.println("The server reads the cluster key's password from its environment: start it with " + ClusterKey.PASSWORD_VARIABLE
                    + " exported (e.g. read -rs " + ClusterKey.PASSWORD_VARIABLE + " && export " + ClusterKey.PASSWORD_VARIABLE + ").");
        }
        OtherNode.instructions(answers, key.target()).forEach(out::println);
        return 0;
    }

    private static List<String> scannedDeployments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches(".*\\.(war|ear|jar)")).sorted().toList();
        }
    }
}
