package dev.havip.setup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.havip.net.NodeName;

/** The suggested node name: this host's short name, if it is a valid node name. Main thread. */
final class Hostname {

    private Hostname() {
    }

    static String suggestion() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            int dot = name.indexOf('.');
            name = dot > 0 ? name.substring(0, dot) : name;
            return NodeName.isValid(name) ? name : null;
        } catch (IOException e) {
            return null;
        }
    }
}
