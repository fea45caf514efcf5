package dev.havip.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line without a server: an answers file with --dry-run shows the batch and changes nothing; flags win
 * over the file; a bad option or answer exits 2 naming it; answers need --non-interactive. No controller listens on
 * the port given, so the wizard takes the server for stopped and never starts jboss-cli.sh here.
 */
class SetupMainTest {

    @TempDir
    Path home;

    private String run(int expectedExit, String... args) throws Exception {
        Path config = Files.createDirectories(this.home.resolve("standalone/configuration")).resolve("standalone.xml");
        if (!Files.exists(config)) {
            Files.writeString(config, Fixtures.PROVISIONED);
        }
        System.setProperty("jboss.home.dir", this.home.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = SetupMain.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, exit, printed);
        return printed;
    }

    @Test
    void answersFileDryRunAndFlags() throws Exception {
        byte[] before = Fixtures.PROVISIONED.getBytes(StandardCharsets.UTF_8);
        Path answers = Files.writeString(this.home.resolve("answers"), String.join("\n", "# node-a", "node-name=node-a", "priority=150",
                "cluster-address=127.0.0.1", "peers=127.0.0.1:7760", "vip-address=198.18.0.100/24", "interface=lo", "quorum=none",
                "cluster-key=none", "method=none", ""));
        String printed = this.run(0, "--non-interactive", "--answers=" + answers, "--priority=160", "--dry-run", "--controller=127.0.0.1:1");
        assertTrue(printed.contains("/subsystem=ha-vip:write-attribute(name=priority, value=\"160\")"), "the flag wins:\n" + printed);
        assertTrue(printed.contains("/subsystem=ha-vip/virtual-ip=web:add(ip-address=\"198.18.0.100/24\", interface=lo"), printed);
        assertTrue(printed.contains("The CLI batch (dry run, not applied)"), printed);
        assertEquals(new String(before, StandardCharsets.UTF_8), Files.readString(this.home.resolve("standalone/configuration/standalone.xml")));
    }

    @Test
    void badOptionsAndAnswersAreNamed() throws Exception {
        assertTrue(this.run(2, "--bogus").contains("unknown option '--bogus'"));
        assertTrue(this.run(2, "--priority=5").contains("answers (--priority, --answers) go with --non-interactive"));
        assertTrue(this.run(2, "--non-interactive", "--controller=127.0.0.1:1", "--vip-address=198.18.0.100/24", "--interface=lo",
                "--cluster-address=127.0.0.1", "--priority=0").contains("--priority: '0' is outside 1-254"));
        String[] witness = { "--non-interactive", "--controller=127.0.0.1:1", "--vip-address=198.18.0.100/24", "--interface=lo",
                "--cluster-address=127.0.0.1", "--quorum=witness", "--cluster-key=new" };
        assertTrue(this.run(2, with(witness, "--witness=198.18.0.3:99999")).contains("--witness: '99999' is not a port (1-65535)"));
        assertTrue(this.run(2, with(witness, "--witness=127.0.0.1:7660")).contains("--witness: '127.0.0.1:7660' is a server of this cluster"));
        assertTrue(this.run(2, with(witness)).contains("--witness is needed"));
        assertTrue(this.run(2, with(witness, "--witness=198.18.0.3", "--cluster-key=none"))
                .contains("--cluster-key: quorum=witness needs the cluster key: the witness admits only servers that hold it"));
        for (String bad : List.of("--server-config=../x.xml", "--controller=a;b")) {
            assertTrue(this.run(2, bad).startsWith("ha-vip-setup: "), bad);
        }
    }

    private static String[] with(String[] args, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    @Test
    void helpNamesTheWitnessKey() throws Exception {
        String help = this.run(0, "--help");
        assertTrue(help.contains("quorum (tie-breaker | majority | witness | none)") && help.contains("witness (HOST[:PORT] of bin/ha-vip-witness.sh"), help);
    }
}
