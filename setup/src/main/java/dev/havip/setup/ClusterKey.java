package dev.havip.setup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's credentials for the {@code ha-vip-secure} stack (README "Secure cluster"): one PKCS12 key store,
 * {@code configuration/ha-vip-cluster.p12}, shared by every server, whose password the servers read from the
 * environment variable {@link #PASSWORD_VARIABLE} (never from a file or a command line). Creates it with the
 * JDK's keytool or copies the one another server created, checks that it opens with the password, and removes
 * what it put there if the CLI batch then fails. Main thread.
 */
final class ClusterKey {

    static final String PASSWORD_VARIABLE = "HAVIP_CLUSTER_PASSWORD";
    static final String FILE_NAME = "ha-vip-cluster.p12";
    static final String NEW = "new";
    static final String KEEP = "keep";

    private final Path target;
    private boolean created;

    ClusterKey(Path configDir) {
        this.target = configDir.resolve(FILE_NAME);
    }

    Path target() {
        return this.target;
    }

    boolean exists() {
        return Files.isRegularFile(this.target);
    }

    /** The answer's form: none, new (no key store here yet), keep (there is one), or the absolute path of another server's. */
    String check(String value) {
        switch (value) {
            case Questions.NONE:
                return value;
            case NEW:
                if (this.exists()) {
                    throw new IllegalArgumentException("this server has " + this.target + " already: answer keep, or remove that file first");
                }
                return value;
            case KEEP:
                if (!this.exists()) {
                    throw new IllegalArgumentException("there is no " + this.target + " to keep: answer new or the path of another server's");
                }
                return value;
            default:
                Path source = Path.of(value);
                if (this.exists()) {
                    throw new IllegalArgumentException("this server has " + this.target + " already: answer keep, or remove that file first");
                }
                if (!source.isAbsolute() || !Files.isRegularFile(source) || !Files.isReadable(source)) {
                    throw new IllegalArgumentException("'" + value + "' is none, new, keep or the absolute path of a readable key store file");
                }
                return value;
        }
    }

    /** Null when the key store (the answer's, or this server's) opens with the password and holds a key; else the reason. */
    String problem(String answer, char[] password) {
        Path file = answer.equals(KEEP) ? this.target : Path.of(answer);
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return null;
                }
            }
            return file + " holds no key (it needs the key pair keytool -genkeypair made)";
        } catch (IOException | GeneralSecurityException e) {
            return file + " does not open with that password as a PKCS12 key store (" + e.getMessage() + ")";
        }
    }

    /** Puts the key store in place: keytool for 'new', a copy for a path; nothing for none or keep. Owner-only permissions. */
    void install(String answer, char[] password) throws IOException, InterruptedException {
        if (answer.equals(NEW)) {
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            ProcessBuilder builder = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "ha-vip", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-validity", "3650", "-dname", "CN=ha-vip-cluster", "-storetype", "PKCS12",
                    "-keystore", this.target.toString(), "-storepass:env", PASSWORD_VARIABLE)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put(PASSWORD_VARIABLE, new String(password));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                Files.deleteIfExists(this.target);
                throw new IOException("keytool could not create " + this.target + ": " + output.strip());
            }
            this.created = true;
        } else if (!answer.equals(KEEP) && !answer.equals(Questions.NONE)) {
            Files.copy(Path.of(answer), this.target, StandardCopyOption.COPY_ATTRIBUTES);
            this.created = true;
        }
        if (this.created) {
            Files.setPosixFilePermissions(this.target, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** After a failed batch: the file this run put there goes again. */
    void undo() throws IOException {
        if (this.created) {
            Files.deleteIfExists(this.target);
            this.created = false;
        }
    }
}
