package dev.havip.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The fast node-name check accepts exactly what the documented pattern accepts. */
class NodeNameTest {

    @Test
    void theCheckIsThePattern() {
        List<String> names = List.of("node-a", "a", "A9._-", "9", "x".repeat(64), "x".repeat(65), "", "-a", ".a", "_a", "a b", "a;b", "a$", "é", "a/b",
                "a\nb", "node-1.example.com");
        for (String name : names) {
            assertEquals(NodeName.NAME.matcher(name).matches(), NodeName.isValid(name), () -> "'" + name + "'");
        }
        assertEquals(false, NodeName.isValid(null));
    }
}
