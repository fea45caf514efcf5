package dev.havip.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioned server has what an admin needs to open JConsole against it (issue 11): the
 * ha-vip layer's {@code bin/ha-vip-jconsole.sh} and WildFly's JMX client jar. Files and exit codes
 * only, no server and no GUI: the JDK's jconsole is replaced by a stub that prints its arguments.
 */
class JConsoleLauncherTest {

    static final Path HOME = Path.of(System.getProperty("jboss.home", "target/server")).toAbsolutePath();
    static final Path LAUNCHER = HOME.resolve("bin/ha-vip-jconsole.sh");
    static final Path CLIENT_JAR = HOME.resolve("bin/client/jboss-cli-client.jar");

    record Run(int exitCode, String output) {
    }

    @Test
    void launcherAndClientJarAreProvisioned() throws IOException {
        assertTrue(Files.isRegularFile(LAUNCHER), "missing " + LAUNCHER);
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is not executable");
        assertTrue(Files.size(CLIENT_JAR) > 1_000_000, "missing or small " + CLIENT_JAR);
        assertTrue(Files.isRegularFile(HOME.resolve("bin/ha-vip-jconsole-logging.properties")), "missing the launcher's logging.properties");
        try (var jar = new java.util.jar.JarFile(CLIENT_JAR.toFile())) {
            // the remote+http JMX connector JConsole needs
            assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("org/jboss/remotingjmx/")), "no remoting-jmx in " + CLIENT_JAR);
        }
    }

    @Test
    void helpExitsZeroAndNamesTheUrl() throws Exception {
        Run run = run(Map.of(), "--help");
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("service:jmx:remote+http://HOST:PORT"), run.output());
        assertTrue(run.output().contains("9990"), run.output());
    }

    @Test
    void startsJConsoleWithTheClientJarAndTheUrl(@TempDir Path jdk) throws Exception {
        Path args = jdk.resolve("args");
        Path jconsole = Files.createDirectories(jdk.resolve("bin")).resolve("jconsole");
        // stands in for the JDK's jconsole: writes one argument per line
        Files.writeString(jconsole, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/../args\"\n");
        Files.setPosixFilePermissions(jconsole, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = Map.of("JAVA_HOME", jdk.toString());

        List<String> expected = List.of("-J--add-modules=jdk.unsupported", "-J-Djava.class.path=" + CLIENT_JAR,
                "-J-Djava.util.logging.config.file=" + HOME.resolve("bin/ha-vip-jconsole-logging.properties"));
        for (List<String> arguments : List.of(List.<String>of(), List.of("--host", "10.0.0.5", "--port", "10090"),
                List.of("--host=10.0.0.5", "--port=10090"), List.of("10.0.0.5", "10090"))) {
            Run run = run(env, arguments.toArray(String[]::new));
            assertEquals(0, run.exitCode(), arguments + ": " + run.output());
            List<String> all = new ArrayList<>(expected);
            all.add(arguments.isEmpty() ? "service:jmx:remote+http://127.0.0.1:9990" : "service:jmx:remote+http://10.0.0.5:10090");
            assertEquals(all, Files.readAllLines(args), arguments.toString());
        }

        for (String[] bad : new String[][] {{"--port", "x"}, {"--port"}, {"--bogus"}, {"a", "1", "extra"}}) {
            assertEquals(2, run(env, bad).exitCode(), String.join(" ", bad));
        }
    }

    private static Run run(Map<String, String> env, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "still running: " + command);
        return new Run(process.exitValue(), output);
    }
}
