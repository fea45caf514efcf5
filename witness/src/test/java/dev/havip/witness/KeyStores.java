package dev.havip.witness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** PKCS12 key stores made with the JDK's keytool, as README "Secure cluster" makes the cluster's. */
public final class KeyStores {

    public static final String PASSWORD = "cluster-secret-1";

    private KeyStores() {
    }

    public static Path make(Path dir, String name) throws Exception {
        Path file = dir.resolve(name + ".p12");
        Files.deleteIfExists(file);
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30", "-dname", "CN=" + name, "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass:env", "HAVIP_CLUSTER_PASSWORD")).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("HAVIP_CLUSTER_PASSWORD", PASSWORD);
        Process keytool = builder.start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
            throw new IllegalStateException("keytool failed for " + file + ": " + output);
        }
        return file;
    }
}
