package dev.havip.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;
import org.jboss.dmr.Property;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server that {@code mvn install} provisions (testsuite/target/server) boots cleanly with the
 * ha-vip layer, and its management model describes every attribute of the SPEC.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProvisionedServerTest {

    /** Attributes that SPEC names, per resource. */
    static final Map<String, List<String>> SPEC_ATTRIBUTES = Map.of(
            "subsystem", List.of("node-name", "priority", "stack", "cluster-name", "quorum", "tie-breaker-address", "witness", "fence-command",
                    "maintenance", "members", "coordinator", "quorate", "view-id"),
            "virtual-ip", List.of("address", "interface", "priority", "failback", "failback-delay", "health-checks", "method",
                    "takeover-command", "release-command", "notify-command", "garp-count", "garp-interval", "garp-refresh-interval",
                    "state", "owner", "held", "healthy", "failover-count", "last-transition", "last-error", "pinned-to"),
            "health-check", List.of("type", "target", "interval", "timeout", "fall", "rise", "expected-status",
                    "status", "last-result", "consecutive-failures"));

    @ArquillianResource
    ManagementClient management;

    @Deployment(testable = false)
    static WebArchive probe() {
        return ShrinkWrap.create(WebArchive.class, "probe.war").addAsWebResource(new StringAsset("probe"), "index.html");
    }

    @Test
    void bootsWithoutErrors() throws Exception {
        ModelNode errors = new Cli(this.management.getControllerClient()).ok(Cli.operation("/core-service=management", "read-boot-errors"));
        assertTrue(errors.asList().isEmpty(), "boot errors: " + errors);
    }

    @Test
    void everySpecAttributeIsDescribed() throws Exception {
        ModelNode op = Cli.operation("/subsystem=ha-vip", "read-resource-description");
        op.get("recursive").set(true);
        ModelNode description = new Cli(this.management.getControllerClient()).ok(op);

        assertDescribed("subsystem", description);
        assertDescribed("virtual-ip", description.get("children", "virtual-ip", "model-description", "*"));
        assertDescribed("health-check", description.get("children", "health-check", "model-description", "*"));
    }

    @Test
    void layerInstallsTheHaVipStack() throws Exception {
        ModelNode stack = new Cli(this.management.getControllerClient()).ok(Cli.operation("/subsystem=jgroups/stack=ha-vip", "read-resource"));
        assertEquals("TCP", stack.get("transport").keys().iterator().next());
        assertTrue(stack.get("protocol").keys().containsAll(List.of("TCPPING", "FD_SOCK2", "FD_ALL3", "VERIFY_SUSPECT2", "MERGE3")),
                "protocols: " + stack.get("protocol").keys());
    }

    private static void assertDescribed(String resource, ModelNode description) {
        ModelNode attributes = description.get("attributes");
        TreeSet<String> missing = new TreeSet<>(SPEC_ATTRIBUTES.get(resource));
        for (Property attribute : attributes.asPropertyList()) {
            missing.remove(attribute.getName());
            String text = attribute.getValue().get("description").asString("");
            assertFalse(text.isBlank() || text.contains("??"), resource + " attribute " + attribute.getName() + " has no description");
        }
        assertTrue(missing.isEmpty(), resource + " lacks attributes " + missing);
    }
}
