package dev.havip.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * README "Secure cluster", step 1, for the tests: a PKCS12 key store (EC key pair and self-signed certificate) made by
 * the JDK's keytool, and random passwords that the tests then look for where no secret may appear. Test thread.
 */
public final class ClusterKeys {

    /** The variable of the servers' environment that holds the key store's password (README). */
    public static final String PASSWORD_VARIABLE = "HAVIP_CLUSTER_PASSWORD";
    /** Elytron enables TLS 1.3 only with its suites named. */
    public static final String TLS13_SUITES = "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256";

    private ClusterKeys() {
    }

    /** A password no file of the run contains by chance ({@code prefix} says whose it is). */
    public static String randomPassword(String prefix) {
        return prefix + "-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    }

    /** keytool -genkeypair into {@code store} (replaced); argument list, no shell; the password via keytool's environment. */
    public static Path keytool(Path store, String storePassword, String dname) throws Exception {
        Files.deleteIfExists(store);
        Path log = store.resolveSibling("keytool.log");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        ProcessBuilder builder = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "ha-vip", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "3650", "-dname", dname, "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass:env", "HAVIP_STOREPASS")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("HAVIP_STOREPASS", storePassword);
        Process process = builder.start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, process.exitValue(), "keytool failed, see " + log);
        return store;
    }
}
