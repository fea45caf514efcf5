package dev.havip.subsystem;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import javax.xml.stream.XMLStreamException;

import org.jboss.as.subsystem.test.AbstractSubsystemTest;
import org.junit.Test;

/**
 * A broken ha-vip configuration file is rejected while it is parsed, with a message that names
 * the offending element or attribute and value.
 */
public class HaVipSubsystemBadXmlTestCase extends AbstractSubsystemTest {

    public HaVipSubsystemBadXmlTestCase() {
        super(HaVipExtension.SUBSYSTEM_NAME, new HaVipExtension());
    }

    @Test
    public void unknownElementIsNamed() {
        assertRejected("<subsystem xmlns=\"urn:dev.havip:ha-vip:1.0\"><bogus/></subsystem>", "bogus");
    }

    @Test
    public void unknownAttributeIsNamed() {
        assertRejected("<subsystem xmlns=\"urn:dev.havip:ha-vip:1.0\" colour=\"red\"/>", "colour");
    }

    @Test
    public void badAddressIsNamed() {
        assertRejected(vip("address=\"198.18.0.300/24\" interface=\"eth0\""), "198.18.0.300");
    }

    @Test
    public void prefixOutOfRangeIsNamed() {
        assertRejected(vip("address=\"198.18.0.100/33\" interface=\"eth0\""), "33");
    }

    @Test
    public void shellMetacharactersInInterfaceAreRejected() {
        assertRejected(vip("address=\"198.18.0.100/24\" interface=\"eth0;reboot\""), "eth0;reboot");
    }

    @Test
    public void unknownEnumValueIsNamed() {
        assertRejected(vip("address=\"198.18.0.100/24\" interface=\"eth0\" failback=\"sometimes\""), "sometimes");
    }

    @Test
    public void missingRequiredAttributeIsNamed() {
        assertRejected(vip("address=\"198.18.0.100/24\""), "interface");
    }

    @Test
    public void unknownElementInsideArgumentListIsNamed() {
        assertRejected("<subsystem xmlns=\"urn:dev.havip:ha-vip:1.0\"><fence-command><argument>/bin/x</argument></fence-command></subsystem>", "argument");
    }

    @Test
    public void anEmptyWitnessIsNamed() {
        assertRejected("<subsystem xmlns=\"urn:dev.havip:ha-vip:1.0\" witness=\"\"/>", "witness");
    }

    @Test
    public void anEmptyWitnessSslContextIsNamed() {
        assertRejected("<subsystem xmlns=\"urn:dev.havip:ha-vip:1.0\" witness=\"ha-vip-witness\" witness-ssl-context=\"\"/>", "witness-ssl-context");
    }

    private static String vip(String attributes) {
        return "<subsystem xmlns=\"urn:dev.havip:ha-vip:1.0\"><virtual-ip name=\"web\" " + attributes + "/></subsystem>";
    }

    private void assertRejected(String xml, String named) {
        XMLStreamException e = assertThrows(XMLStreamException.class, () -> this.parse(xml));
        assertTrue("message should name '" + named + "': " + e.getMessage(), e.getMessage().contains(named));
    }
}
