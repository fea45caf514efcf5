package dev.havip.jgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.jgroups.JChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plain stack really runs: two real channels on loopback find each other with TCPPING and the
 * survivor installs a view without the other after it is closed.
 */
class PlainStackTest {

    @BeforeAll
    static void ports() {
        // away from the defaults, so a running ha-vip server on this machine does not interfere
        System.setProperty("jgroups.tcp.port", "17660");
        System.setProperty("jgroups.tcp.port_range", "3");
        System.setProperty("jgroups.tcpping.initial_hosts", "127.0.0.1[17660],127.0.0.1[17661]");
    }

    @AfterAll
    static void clear() {
        System.clearProperty("jgroups.tcp.port");
        System.clearProperty("jgroups.tcp.port_range");
        System.clearProperty("jgroups.tcpping.initial_hosts");
    }

    @Test
    void twoMembersFormAViewAndTheSurvivorSeesTheOtherLeave() throws Exception {
        try (JChannel a = new JChannel("jgroups/ha-vip.xml").name("a");
             JChannel b = new JChannel("jgroups/ha-vip.xml").name("b")) {
            a.connect("ha-vip-stack-test");
            b.connect("ha-vip-stack-test");
            await(a, 2);
            await(b, 2);
            b.close();
            await(a, 1);
        }
    }

    private static void await(JChannel channel, int members) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (channel.getView().size() != members && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(members, channel.getView().size(), "view of " + channel.getName() + ": " + channel.getView());
    }
}
