package dev.havip.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The questions' checks and the prompt loop, on a loopback-only host and a freshly provisioned configuration. */
class PrompterTest {

    @TempDir
    Path dir;

    private List<Question> questions() throws Exception {
        return new Questions(Fixtures.loopbackHost(this.dir), Fixtures.provisioned(this.dir), "node-a", new ClusterKey(this.dir)).all();
    }

    @Test
    void wrongAnswersAreExplainedAndAskedAgain() throws Exception {
        String typed = String.join("\n",
                "", "0", "300", "200",               // node name: suggestion; priority 0 and 300 refused
                "10.9.9.9", "",                       // cluster address not on this host; then the suggestion
                "", "",                               // cluster port, peers (suggested: the provisioned second server)
                "",                                   // HTTP address 0.0.0.0
                "-web", "web",                        // VIP name
                "198.18.0.300/24", "198.18.0.100/33", "198.18.0.100/24",
                "eth9", "lo",                         // interface that does not exist, then lo
                "ftp://x", "http://127.0.0.1:8080/health",
                "", "",                               // failback auto, delay 0
                "", "",                               // quorum tie-breaker (one peer), gateway suggested
                "none",                               // method (not root and none: no command prefix question)
                "maybe", "/no/such.p12", "none")      // cluster key: neither none/new/keep nor a readable file
                + "\n";
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        Answers answers = new Prompter(new BufferedReader(new StringReader(typed)), new PrintStream(shown, true, StandardCharsets.UTF_8))
                .ask(this.questions());
        String screen = shown.toString(StandardCharsets.UTF_8);
        assertEquals("node-a", answers.get("node-name"));
        assertEquals("200", answers.get("priority"));
        assertEquals("127.0.0.1", answers.get("cluster-address"));
        assertEquals("127.0.0.1:7760", answers.get("peers"));
        assertEquals("198.18.0.100/24", answers.get("vip-address"));
        assertEquals("lo", answers.get("interface"));
        assertEquals("tie-breaker", answers.get("quorum"));
        assertEquals("198.18.0.254", answers.get("tie-breaker-address"));
        assertEquals("none", answers.get("method"));
        assertTrue(!answers.has("command-prefix"), "no prefix asked for method none");
        for (String reason : List.of("'0' is outside 1-254", "'300' is outside 1-254", "'10.9.9.9' is not an address of this host",
                "'-web' is not a VIP name", "'198.18.0.300' is not an IPv4 address", "prefix length 33 is outside 1..32",
                "this host has no interface 'eth9' (it has: lo 127.0.0.1/8)", "'ftp://x' is not an http:// or https:// URL",
                "'maybe' is none, new, keep or the absolute path", "'/no/such.p12' is none, new, keep or the absolute path")) {
            assertTrue(screen.contains(reason), "shown: " + reason + "\n" + screen);
        }
        assertEquals(10, screen.split("please try again", -1).length - 1, screen);
    }

    @Test
    void aClosedInputEndsTheWizard() throws Exception {
        Prompter prompter = new Prompter(new BufferedReader(new StringReader("node-a\n150\n")), new PrintStream(new ByteArrayOutputStream()));
        assertThrows(Prompter.InputClosed.class, () -> prompter.ask(this.questions()));
    }

    @Test
    void withoutQuestionsEveryAnswerPassesTheSameCheck() throws Exception {
        Answers given = new Answers();
        given.put("vip-address", "198.18.0.100/24");
        given.put("interface", "lo");
        given.put("priority", "0");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Prompter.resolve(this.questions(), given));
        assertEquals("--priority: '0' is outside 1-254", refused.getMessage());
        given.put("priority", "150");
        given.put("bogus", "1");
        assertEquals("--bogus: there is no such question",
                assertThrows(IllegalArgumentException.class, () -> Prompter.resolve(this.questions(), given)).getMessage());
        Answers missing = new Answers();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Prompter.resolve(this.questions(), missing)).getMessage()
                .startsWith("--vip-address is needed"));
    }

    @Test
    void peersAreHostsWithPortsAndNeverThisServer() {
        assertEquals("10.0.0.2:7660", HostPort.parse("10.0.0.2", 7660).toString());
        assertEquals("[fd00::2]:7000", HostPort.parse("[fd00::2]:7000", 7660).toString());
        assertEquals("node-b.example.com:7660", HostPort.parse("node-b.example.com", 7660).toString());
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("fd00::2", 7660));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("10.0.0.2:70000", 7660));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("300.1.1.1", 7660));
        assertThrows(IllegalArgumentException.class, () -> HostPort.parse("a;rm -rf", 7660));
    }

    @Test
    void aWitnessIsAThirdMachineAndNeedsTheClusterKey() throws Exception {
        String typed = String.join("\n",
                "", "", "", "", "", "", "",           // node name .. VIP name: the suggestions
                "198.18.0.100/24", "lo", "", "", "",  // VIP, interface, no health check, failback auto, delay 0
                "witness",
                "bad;host", "fd00::3", "127.0.0.1:7760", "198.18.0.3",
                "none",                               // method
                "none", "new")                        // cluster key: none refused under quorum=witness
                + "\n";
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        Answers answers = new Prompter(new BufferedReader(new StringReader(typed)), new PrintStream(shown, true, StandardCharsets.UTF_8))
                .ask(this.questions());
        String screen = shown.toString(StandardCharsets.UTF_8);
        assertEquals("witness", answers.get("quorum"));
        assertEquals("198.18.0.3:7670", answers.get("witness"));
        assertEquals("new", answers.get("cluster-key"));
        assertTrue(!answers.has("tie-breaker-address"), "no tie-breaker asked with a witness");
        for (String reason : List.of("witness (a small ha-vip-witness process on a third machine decides who holds the VIP: never two holders)",
                "'bad;host' is neither an IP address nor a host name", "'fd00::3': write an IPv6 address in brackets",
                "'127.0.0.1:7760' is a server of this cluster (127.0.0.1:7760): the witness runs on a third machine",
                "quorum=witness needs the cluster key: the witness admits only servers that hold it")) {
            assertTrue(screen.contains(reason), "shown: " + reason + "\n" + screen);
        }
        assertEquals(4, screen.split("please try again", -1).length - 1, screen);
    }

    @Test
    void aConfiguredWitnessIsSuggested() throws Exception {
        String configured = Fixtures.PROVISIONED
                .replace("stack=\"ha-vip\"/>", "stack=\"ha-vip\" witness=\"ha-vip-witness\"/>")
                .replace("</socket-binding-group>", "<outbound-socket-binding name=\"ha-vip-witness\">"
                        + "<remote-destination host=\"fd00::3\" port=\"7000\"/></outbound-socket-binding></socket-binding-group>");
        CurrentConfig current = CurrentConfig.read(java.nio.file.Files.writeString(this.dir.resolve("standalone.xml"), configured));
        Answers given = new Answers();
        given.put("vip-address", "198.18.0.100/24");
        given.put("interface", "lo");
        given.put("method", "none");
        Answers resolved = Prompter.resolve(new Questions(Fixtures.loopbackHost(this.dir), current, "node-a", new ClusterKey(this.dir)).all(), given);
        assertEquals("witness", resolved.get("quorum"), "a witness named by hand, quorum not switched yet");
        assertEquals("[fd00::3]:7000", resolved.get("witness"));
        assertEquals("new", resolved.get("cluster-key"));
    }
}
