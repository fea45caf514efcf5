package dev.havip.subsystem.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** ha-vip.xml as a deployment brings it: the good forms, and each bad one refused with the file, line and problem. */
class DescriptorParserTest {

    private static final String FILE = "app.war/WEB-INF/ha-vip.xml";

    private static List<VipBinding> parse(String xml) throws DescriptorException {
        return new DescriptorParser(FILE).parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String refused(String xml) {
        DescriptorException e = assertThrows(DescriptorException.class, () -> parse(xml));
        assertTrue(e.getMessage().startsWith(FILE), e.getMessage());
        return e.getMessage();
    }

    @Test
    void bindingsInBothModes() throws Exception {
        assertEquals(List.of(new VipBinding("web", BindingMode.STANDBY), new VipBinding("db", BindingMode.MONITOR)),
                parse("""
                        <ha-vip xmlns="urn:dev.havip:deployment:1.0">
                          <bind virtual-ip="web" mode="standby"/>
                          <bind virtual-ip="db" mode="monitor"></bind>
                        </ha-vip>
                        """));
    }

    @Test
    void theShippedSchemaAcceptsWhatTheParserAcceptsAndRefusesADoubleBinding() throws Exception {
        javax.xml.validation.Schema schema = javax.xml.validation.SchemaFactory.newInstance(javax.xml.XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(DescriptorParserTest.class.getResource("/schema/ha-vip-deployment_1_0.xsd"));
        String good = "<ha-vip xmlns=\"urn:dev.havip:deployment:1.0\"><bind virtual-ip=\"web\" mode=\"standby\"/><bind virtual-ip=\"db\" mode=\"monitor\"/></ha-vip>";
        schema.newValidator().validate(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(good)));
        assertEquals(2, parse(good).size());
        String twice = "<ha-vip xmlns=\"urn:dev.havip:deployment:1.0\"><bind virtual-ip=\"web\" mode=\"standby\"/><bind virtual-ip=\"web\" mode=\"monitor\"/></ha-vip>";
        assertThrows(org.xml.sax.SAXException.class,
                () -> schema.newValidator().validate(new javax.xml.transform.stream.StreamSource(new java.io.StringReader(twice))));
        refused(twice);
    }

    @Test
    void eachMistakeIsNamedWithItsLine() {
        String ns = "xmlns=\"urn:dev.havip:deployment:1.0\"";
        assertTrue(refused("<ha-vip " + ns + ">\n<bind virtual-ip=\"web\" mode=\"hot\"/></ha-vip>").contains("line 2: mode 'hot' is not known"));
        assertTrue(refused("<ha-vip " + ns + "><bind virtual-ip=\"web\"/></ha-vip>").contains("needs the attribute mode"));
        assertTrue(refused("<ha-vip " + ns + "><bind mode=\"monitor\"/></ha-vip>").contains("needs the attribute virtual-ip"));
        assertTrue(refused("<ha-vip " + ns + "><bind virtual-ip=\"web\" mode=\"monitor\"/>\n\n<bind virtual-ip=\"web\" mode=\"standby\"/></ha-vip>")
                .contains("line 3: virtual IP 'web' is bound twice"));
        assertTrue(refused("<ha-vip xmlns=\"urn:example\"><bind virtual-ip=\"web\" mode=\"monitor\"/></ha-vip>").contains("in namespace 'urn:example'"));
        assertTrue(refused("<ha-vip " + ns + "><bind virtual-ip=\"web\" mode=\"monitor\">").contains("malformed XML"));
        assertTrue(refused("<ha-vip " + ns + "/>").contains("at least one <bind"));
        assertTrue(refused("<ha-vip " + ns + "><vip name=\"web\"/></ha-vip>").contains("unexpected element <vip>"));
        assertTrue(refused("<ha-vip " + ns + "><bind virtual-ip=\"web\" mode=\"monitor\" priority=\"1\"/></ha-vip>").contains("unknown attribute 'priority'"));
    }

    @Test
    void noEntityOrDtdIsExpandedAndSizeIsBounded() {
        String entity = "<!DOCTYPE ha-vip [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><ha-vip xmlns=\"urn:dev.havip:deployment:1.0\"><bind virtual-ip=\"&x;\" mode=\"monitor\"/></ha-vip>";
        String message = refused(entity);
        assertTrue(!message.contains("root:"), message);
        String big = "<ha-vip xmlns=\"urn:dev.havip:deployment:1.0\"><!--" + "x".repeat(DescriptorParser.MAX_BYTES) + "--></ha-vip>";
        assertTrue(refused(big).contains("larger than 65536 bytes"));
    }
}
