package dev.havip.testsuite.cluster;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A remote JMX client as JConsole is one: {@code service:jmx:remote+http://127.0.0.1:PORT} with a management user,
 * through WildFly's client jar (loaded in a class loader of its own, so none of ha-vip's or the tests' classes are
 * there: what it shows, any JMX client shows).
 */
final class JmxClient implements AutoCloseable {

    private static final ClassLoader PROVIDERS = providers();

    private final JMXConnector connector;

    private JmxClient(JMXConnector connector) {
        this.connector = connector;
    }

    static JmxClient connect(WildFlyNode node, String user, String password) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:remote+http://127.0.0.1:" + (9990 + node.portOffset));
        Map<String, Object> environment = Map.of(JMXConnector.CREDENTIALS, new String[] { user, password },
                "jmx.remote.protocol.provider.class.loader", PROVIDERS);
        return new JmxClient(JMXConnectorFactory.connect(url, environment));
    }

    MBeanServerConnection server() throws IOException {
        return this.connector.getMBeanServerConnection();
    }

    @Override
    public void close() throws IOException {
        this.connector.close();
    }

    /** The client jar the provisioned server ships (bin/client), else the one the build copied to target/jmx-client. */
    static Path clientJar() {
        Path shipped = WildFlyNode.HOME.resolve("bin/client/jboss-cli-client.jar");
        return Files.exists(shipped) ? shipped : Path.of(System.getProperty("havip.testsuite.target", "target"), "jmx-client/jboss-cli-client.jar");
    }

    private static ClassLoader providers() {
        try {
            return new URLClassLoader(new URL[] { clientJar().toUri().toURL() }, ClassLoader.getPlatformClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
