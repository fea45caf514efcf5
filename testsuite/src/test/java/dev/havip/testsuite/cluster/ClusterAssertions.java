package dev.havip.testsuite.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Predicate;

import org.jboss.dmr.ModelNode;

import dev.havip.testsuite.Cli;

/** Waiting for what an admin would see in the CLI of each server. */
final class ClusterAssertions {

    static final Duration CONVERGE = Duration.ofSeconds(30);

    private ClusterAssertions() {
    }

    /** Every node shows {@code owner}; the owner also reports that it holds the VIP. */
    static void awaitOwner(String vip, String owner, WildFlyNode... nodes) throws Exception {
        for (WildFlyNode node : nodes) {
            await(node, vip, "owner", value -> value.isDefined() && value.asString().equals(owner));
        }
        for (WildFlyNode node : nodes) {
            if (node.name.equals(owner)) {
                await(node, vip, "held", ModelNode::asBoolean);
            }
        }
    }

    static void await(WildFlyNode node, String address, String attribute, Predicate<ModelNode> condition) throws Exception {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        ModelNode value = read(node, address, attribute);
        while (!condition.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            value = read(node, address, attribute);
        }
        assertTrue(condition.test(value), node.name + " " + address + " " + attribute + " = " + value);
    }

    static ModelNode read(WildFlyNode node, String address, String attribute) throws Exception {
        return new Cli(node.client()).readAttribute(address, attribute);
    }
}
