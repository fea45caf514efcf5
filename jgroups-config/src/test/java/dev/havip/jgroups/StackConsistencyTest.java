package dev.havip.jgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The stack that WildFly runs (Galleon feature group) and the plain JGroups XML must be the same
 * protocols, in the same order, with the same tuned settings; only where to bind and whom to ping
 * are expressed differently (socket bindings versus system properties).
 */
class StackConsistencyTest {

    /** Settings that WildFly takes from socket bindings instead of protocol properties. */
    private static final Map<String, Set<String>> BINDING_SETTINGS = Map.of(
            "TCP", Set.of("bind_addr", "bind_port", "port_range"),
            "TCPPING", Set.of("initial_hosts"));

    @Test
    void featureGroupAndPlainXmlDescribeTheSameStack() throws Exception {
        Map<String, Map<String, String>> plain = plainStack();
        Map<String, Map<String, String>> wildfly = featureGroupStack();

        assertEquals(plain.keySet().stream().toList(), wildfly.keySet().stream().toList(), "protocols and their order");
        plain.forEach((protocol, settings) -> {
            Map<String, String> tuned = new LinkedHashMap<>(settings);
            tuned.keySet().removeAll(BINDING_SETTINGS.getOrDefault(protocol, Set.of()));
            assertEquals(tuned, wildfly.get(protocol), "settings of " + protocol);
        });
    }

    @Test
    void stackDetectsFailuresFast() throws Exception {
        Map<String, String> fd = plainStack().get("FD_ALL3");
        assertNotNull(fd, "FD_ALL3 in the stack");
        long timeout = Long.parseLong(fd.get("timeout"));
        assertFalse(timeout > 1000, "FD_ALL3 timeout must stay below 1 s for sub-second failover, is " + timeout);
    }

    static Map<String, Map<String, String>> plainStack() throws Exception {
        Map<String, Map<String, String>> stack = new LinkedHashMap<>();
        for (Element protocol : children(parse("jgroups/ha-vip.xml").getDocumentElement())) {
            Map<String, String> settings = new LinkedHashMap<>();
            NamedNodeMap attributes = protocol.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                settings.put(attributes.item(i).getNodeName(), attributes.item(i).getNodeValue());
            }
            stack.put(protocol.getTagName(), settings);
        }
        return stack;
    }

    static Map<String, Map<String, String>> featureGroupStack() throws Exception {
        Element stackFeature = children(parse("galleon/feature_groups/ha-vip-jgroups.xml").getDocumentElement()).iterator().next();
        Map<String, Map<String, String>> stack = new LinkedHashMap<>();
        for (Element feature : children(stackFeature)) {
            if (!feature.getTagName().equals("feature")) {
                continue;
            }
            String spec = feature.getAttribute("spec");
            Map<String, String> params = params(feature);
            String name = params.containsKey("transport") ? params.get("transport")
                    : params.containsKey("protocol") ? params.get("protocol")
                    : spec.substring("subsystem.jgroups.stack.protocol.".length());
            stack.put(name, properties(params.get("properties")));
        }
        return stack;
    }

    private static Map<String, String> params(Element feature) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Element param : children(feature)) {
            if (param.getTagName().equals("param")) {
                params.put(param.getAttribute("name"), param.getAttribute("value"));
            }
        }
        return params;
    }

    /** Galleon's map syntax: {@code {key=value,key2=value2}}. */
    private static Map<String, String> properties(String value) {
        Map<String, String> map = new LinkedHashMap<>();
        if (value != null) {
            for (String entry : value.substring(1, value.length() - 1).split(",")) {
                String[] pair = entry.split("=", 2);
                map.put(pair[0].trim(), pair[1].trim());
            }
        }
        return map;
    }

    private static Iterable<Element> children(Element parent) {
        java.util.List<Element> elements = new java.util.ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static Document parse(String resource) throws Exception {
        try (InputStream in = StackConsistencyTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " on the class path");
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            return factory.newDocumentBuilder().parse(in);
        }
    }
}
