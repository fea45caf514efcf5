package dev.havip.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster key store made with the JDK's keytool: owner-only, opens only with its password, imported as a copy, undone on failure. */
class ClusterKeyTest {

    @TempDir
    Path first;

    @TempDir
    Path second;

    @Test
    void createCheckImportAndUndo() throws Exception {
        ClusterKey key = new ClusterKey(this.first);
        char[] password = "correct horse".toCharArray();
        key.install(ClusterKey.NEW, password);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.target())));
        assertNull(key.problem(ClusterKey.KEEP, password));
        assertTrue(key.problem(ClusterKey.KEEP, "wrong one".toCharArray()).contains("does not open with that password"));
        assertThrows(IllegalArgumentException.class, () -> key.check(ClusterKey.NEW), "a second 'new' would replace the cluster's key");

        ClusterKey copy = new ClusterKey(this.second);
        assertThrows(IllegalArgumentException.class, () -> copy.check(ClusterKey.KEEP));
        assertEquals(key.target().toString(), copy.check(key.target().toString()));
        assertNull(copy.problem(key.target().toString(), password));
        copy.install(key.target().toString(), password);
        assertTrue(Files.isRegularFile(copy.target()));
        copy.undo();
        assertFalse(Files.exists(copy.target()), "a failed batch leaves no key store behind");
        assertTrue(Files.exists(key.target()), "undo removes only what this run created");
    }
}
