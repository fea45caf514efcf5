package dev.havip.movers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Executables written by a test into its temp dir, standing in for ip, arping, na6, ipvsadm and users' commands:
 * a recorder appends its name and arguments to {@code calls.log} (one call per line, arguments separated by the
 * ASCII unit separator, so that blanks inside arguments stay visible), prints canned output for {@code addr show}
 * and {@code link show}, and exits with a canned status.
 */
final class StandIns {

    private static final String RECORDER = """
            #!/bin/sh
            me=${0##*/}
            sep=$(printf '\\037')
            line=$me
            for a in "$@"; do line="$line$sep$a"; done
            printf '%s\\n' "$line" >> "${0%/*}/calls.log"
            case " $* " in
              *" addr show "*) [ -f "$0.addr" ] && cat "$0.addr" ;;
              *" link show "*) [ -f "$0.link" ] && cat "$0.link" ;;
            esac
            [ -f "$0.stderr" ] && cat "$0.stderr" >&2
            [ -f "$0.exit" ] && exit "$(cat "$0.exit")"
            exit 0
            """;

    final Path dir;

    StandIns(Path dir) {
        this.dir = dir;
    }

    /** A recorder called {@code name}. */
    Path recorder(String name) {
        return this.script(name, RECORDER);
    }

    Path script(String name, String text) {
        try {
            Path file = this.dir.resolve(name);
            Files.writeString(file, text);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes the recorder {@code tool} print {@code text} for {@code ip ... <kind> show} ("addr" or "link"). */
    void output(String tool, String kind, String text) {
        this.write(tool + "." + kind, text);
    }

    void fail(String tool, int status, String stderr) {
        this.write(tool + ".exit", Integer.toString(status));
        this.write(tool + ".stderr", stderr);
    }

    /** Recorders for all five tools, no prefix. */
    MoverSettings settings() {
        return new MoverSettings(this.recorder("ip"), this.recorder("arping"), this.recorder("na6"), this.recorder("ipvsadm"),
                this.recorder("nft"), List.of(), Duration.ofSeconds(5));
    }

    /** Every recorded call, oldest first: the tool's name, then its arguments. */
    List<List<String>> calls() {
        Path log = this.dir.resolve("calls.log");
        if (!Files.exists(log)) {
            return List.of();
        }
        try {
            List<List<String>> calls = new ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                calls.add(Arrays.asList(line.split("\u001f", -1)));
            }
            return calls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void clearCalls() {
        try {
            Files.deleteIfExists(this.dir.resolve("calls.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A call as the tests write it: "tool arg arg ..." split at single blanks. */
    static List<String> call(String text) {
        return List.of(text.split(" "));
    }

    private void write(String name, String text) {
        try {
            Files.writeString(this.dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
