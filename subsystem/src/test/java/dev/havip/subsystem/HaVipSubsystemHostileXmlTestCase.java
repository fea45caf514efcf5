package dev.havip.subsystem;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import javax.xml.stream.XMLStreamException;

import org.jboss.as.subsystem.test.AbstractSubsystemTest;
import org.jboss.as.subsystem.test.AdditionalInitialization;
import org.jboss.as.subsystem.test.KernelServices;
import org.jboss.dmr.ModelNode;
import org.junit.Test;

/** Hostile values in the server's XML (standalone.xml) are refused while it is parsed or booted, naming the value or the attribute. */
public class HaVipSubsystemHostileXmlTestCase extends AbstractSubsystemTest {

    /** A complete quorum=witness; the binding and the SSL context are capabilities that boot() provides. */
    private static final String WITNESS = "quorum=\"witness\" witness=\"ha-vip-witness\" witness-ssl-context=\"ha-vip-client\"";
    private static final String CHECK = "<health-check name=\"app\" type=\"tcp\"><target><arg>127.0.0.1:8080</arg></target></health-check>";

    public HaVipSubsystemHostileXmlTestCase() {
        super(HaVipExtension.SUBSYSTEM_NAME, new HaVipExtension());
    }

    /** The subsystem element with {@code commands} (fence-command, command-prefix) before and {@code vips} after one good health check. */
    private static String subsystem(String attributes, String commands, String vips) {
        return "<subsystem xmlns=\"urn:dev.havip:ha-vip:1.0\" " + attributes + ">" + commands + CHECK + vips + "</subsystem>";
    }

    private static String vip(String name, String attributes) {
        return "<virtual-ip name=\"" + name + "\" " + attributes + "/>";
    }

    @Test
    public void theGoodConfigurationOfTheseTestsBoots() throws Exception {
        KernelServices services = this.boot(subsystem("node-name=\"node-a\"", "", vip("web", "address=\"198.18.0.100/24\" interface=\"eth0\" health-checks=\"app\"")));
        assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());
    }

    @Test
    public void theSameAddressInTwoVipsIsRefused() throws Exception {
        assertRefused(subsystem("", "", vip("web", "address=\"198.18.0.100/24\" interface=\"eth0\"") + vip("web2", "address=\"198.18.0.100/32\" interface=\"eth1\"")),
                "two VIPs cannot share one address");
    }

    @Test
    public void aVipNameWithALeadingDashIsRefused() throws Exception {
        assertRefused(subsystem("", "", vip("-rf", "address=\"198.18.0.100/24\" interface=\"eth0\"")), "'-rf' is not a virtual-ip name");
    }

    @Test
    public void aNodeNameWithALeadingDashIsRefused() throws Exception {
        assertRefused(subsystem("node-name=\"-rf\"", "", ""), "Invalid value '-rf' for attribute 'node-name'");
    }

    @Test
    public void anIpv6ZoneIdIsRefused() throws Exception {
        assertRefused(subsystem("", "", vip("web", "address=\"fe80::1%eth0/64\" interface=\"eth0\"")), "fe80::1%eth0/64");
    }

    @Test
    public void aControlCharacterInTheInterfaceIsRefused() throws Exception {
        assertRefused(subsystem("", "", vip("web", "address=\"198.18.0.100/24\" interface=\"eth0&#10;\"")), "'eth0\n' is not a network interface name");
    }

    @Test
    public void anOversizedInterfaceIsRefused() throws Exception {
        assertRefused(subsystem("", "", vip("web", "address=\"198.18.0.100/24\" interface=\"" + "x".repeat(10_000) + "\"")), "for attribute 'interface'");
    }

    @Test
    public void aRelativeCommandPrefixIsRefused() throws Exception {
        assertRefused(subsystem("", "<command-prefix><arg>sudo</arg><arg>-n</arg></command-prefix>", ""), "'command-prefix': 'sudo' is not an absolute path");
    }

    @Test
    public void aLineBreakInAFenceArgumentIsRefused() throws Exception {
        assertRefused(subsystem("", "<fence-command><arg>/usr/local/bin/fence</arg><arg>{node}&#10;reboot</arg></fence-command>", ""),
                "'fence-command': an argument must not contain NUL, CR or LF");
    }

    @Test
    public void aWitnessConfigurationBoots() throws Exception {
        KernelServices services = this.boot(subsystem(WITNESS, "", ""));
        assertTrue(String.valueOf(services.getBootError()), services.isSuccessfulBoot());
        assertEquals("ha-vip-witness", services.readWholeModel().get("subsystem", HaVipExtension.SUBSYSTEM_NAME, "witness").asString());
    }

    @Test
    public void aWitnessQuorumWithoutAWitnessIsRefused() throws Exception {
        assertRefused(subsystem("quorum=\"witness\" witness-ssl-context=\"ha-vip-client\"", "", ""), "Attribute 'witness' is required when quorum is 'witness'");
    }

    @Test
    public void aWitnessQuorumWithoutAnSslContextIsRefused() throws Exception {
        assertRefused(subsystem("quorum=\"witness\" witness=\"ha-vip-witness\"", "", ""),
                "Attribute 'witness-ssl-context' is required when quorum is 'witness'");
    }

    /** The same rule on the management API: switching to the witness before naming it fails. */
    @Test
    public void writingQuorumWitnessWithoutAWitnessIsRefused() throws Exception {
        assertWriteRefused("quorum", "witness", "Attribute 'witness' is required when quorum is 'witness'");
    }

    /** A witness must be an outbound socket binding of the server (the boot of these tests only logs a missing capability). */
    @Test
    public void writingAWitnessThatIsNoOutboundSocketBindingIsRefused() throws Exception {
        assertWriteRefused("witness", "nowhere", "org.wildfly.network.outbound-socket-binding.nowhere");
    }

    private void assertWriteRefused(String attribute, String value, String named) throws Exception {
        KernelServices services = this.boot(subsystem("", "", ""));
        ModelNode write = new ModelNode();
        write.get("operation").set("write-attribute");
        write.get("address").add("subsystem", HaVipExtension.SUBSYSTEM_NAME);
        write.get("name").set(attribute);
        write.get("value").set(value);
        ModelNode result = services.executeOperation(write);
        assertEquals(result.toString(), "failed", result.get("outcome").asString());
        assertTrue(result.toString(), result.get("failure-description").asString().contains(named));
    }

    private KernelServices boot(String xml) throws Exception {
        return this.createKernelServicesBuilder(AdditionalInitialization.withCapabilities(HaVipSubsystemSchema.CURRENT,
                "org.wildfly.clustering.jgroups.channel-factory.ha-vip", "org.wildfly.network.outbound-socket-binding.ha-vip-witness",
                "org.wildfly.security.ssl-context.ha-vip-client")).setSubsystemXml(xml).build();
    }

    /**
     * Refused while parsing (XMLStreamException), by a failing boot operation, or by the boot's error collector (a
     * missing capability); either way naming {@code named}.
     */
    private void assertRefused(String xml, String named) throws Exception {
        String message;
        try {
            KernelServices services = this.boot(xml);
            assertTrue("booted: " + xml, !services.isSuccessfulBoot() || services.hasBootErrorCollectorFailures());
            message = "boot: " + services.getBootError() + " " + services.getBootErrorCollectorFailures();
        } catch (XMLStreamException e) {
            message = "parse: " + e.getMessage();
        } catch (Exception e) {
            message = "boot operation: " + e; // its toString carries the failed operations and their failure-description
        }
        String shown = message.replace("\n", "\\n").replaceAll("\\s+", " ");
        shown = shown.contains("failure-description") ? shown.substring(shown.indexOf("failure-description")) : shown;
        System.out.println("[hostile-xml] " + (shown.length() > 400 ? shown.substring(0, 400) + "..." : shown));
        assertTrue("should name '" + named + "': " + message, message.contains(named));
    }
}
