package dev.havip.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * WildFly Glow proposes the {@code ha-vip} layer for a WAR with {@code WEB-INF/ha-vip.xml} and a jar with
 * {@code META-INF/ha-vip.xml}, and not for the same WAR without the descriptor: runs the README's command,
 * {@code docs/glow-check.sh --no-build} (the wildfly-maven-plugin's Glow discovery in dry-run mode, given WildFly's
 * feature pack and the one this build has just installed), with this build's Maven, local repository and offline flag.
 * About 10 s; no server is provisioned or started.
 */
class GlowDiscoveryTest {

    @Test
    void glowProposesHaVipForDescriptors() throws Exception {
        Path root = Path.of(System.getProperty("havip.testsuite.target")).toAbsolutePath().getParent().getParent();
        Path script = root.resolve("docs/glow-check.sh");
        Path log = Path.of(System.getProperty("havip.testsuite.target")).resolve("glow-check.log");

        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "--no-build"));
        String repo = System.getProperty("havip.maven.repo.local", "");
        if (!repo.isBlank() && !repo.startsWith("${")) {
            command.add("-Dmaven.repo.local=" + repo);
        }
        if ("offline=true".equals(System.getProperty("havip.maven.offline"))) {
            command.add("-o");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        String mavenHome = System.getProperty("havip.maven.home", "");
        if (!mavenHome.isBlank() && !mavenHome.startsWith("${") && Files.isExecutable(Path.of(mavenHome, "bin", "mvn"))) {
            builder.environment().put("MVN", Path.of(mavenHome, "bin", "mvn").toString());
        }
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("docs/glow-check.sh took more than 180 s; its output: " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertEquals(0, process.exitValue(), "docs/glow-check.sh failed:\n" + output);
        assertTrue(output.contains("OK: ha-vip proposed for glow-sample.war: yes"), output);
        assertTrue(output.contains("- EXPECTED_FILE: [/WEB-INF/ha-vip.xml]"), output);
        assertTrue(output.contains("OK: ha-vip proposed for glow-sample-lib.jar: yes"), output);
        assertTrue(output.contains("- EXPECTED_FILE: [/META-INF/ha-vip.xml]"), output);
        assertTrue(output.contains("OK: ha-vip proposed for glow-plain.war: no"), output);
    }
}
