package dev.havip.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;

/**
 * Management operations as the CLI sends them, for tests: an address in CLI syntax plus an
 * operation, and the raw outcome (tests assert on failures too).
 */
public final class Cli {

    private final ModelControllerClient client;

    public Cli(ModelControllerClient client) {
        this.client = client;
    }

    /** @param address e.g. {@code /subsystem=ha-vip/virtual-ip=web} */
    public static ModelNode operation(String address, String name) {
        ModelNode op = new ModelNode();
        op.get("operation").set(name);
        ModelNode list = op.get("address").setEmptyList();
        for (String segment : address.split("/")) {
            if (!segment.isEmpty()) {
                String[] pair = segment.split("=", 2);
                list.add(pair[0], pair[1]);
            }
        }
        return op;
    }

    public ModelNode execute(ModelNode operation) throws IOException {
        return this.client.execute(operation);
    }

    /** Executes and fails the test unless the outcome is success; returns the result. */
    public ModelNode ok(ModelNode operation) throws IOException {
        ModelNode response = this.execute(operation);
        assertEquals("success", response.get("outcome").asString(), () -> operation + " -> " + response);
        return response.get("result");
    }

    public ModelNode readAttribute(String address, String attribute) throws IOException {
        ModelNode op = operation(address, "read-attribute");
        op.get("name").set(attribute);
        return this.ok(op);
    }

    public ModelNode writeAttribute(String address, String attribute, ModelNode value) throws IOException {
        ModelNode op = operation(address, "write-attribute");
        op.get("name").set(attribute);
        op.get("value").set(value);
        return this.execute(op);
    }
}
