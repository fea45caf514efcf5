package dev.havip.jgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    /** TLS: WildFly takes it from Elytron's client-ssl-context and server-ssl-context, set by the admin. */
    private static final Set<String> TLS_SETTINGS = Set.of("tls.enabled", "tls.client_auth", "tls.protocols", "tls.keystore_path",
            "tls.keystore_password", "tls.truststore_path", "tls.truststore_password");

    @ParameterizedTest
    @ValueSource(strings = { "ha-vip", "ha-vip-secure" })
    void featureGroupAndPlainXmlDescribeTheSameStack(String name) throws Exception {
        Map<String, Map<String, String>> plain = plainStack(name);
        Map<String, Map<String, String>> wildfly = featureGroupStack(name);

        assertEquals(plain.keySet().stream().toList(), wildfly.keySet().stream().toList(), "protocols and their order");
        plain.forEach((protocol, settings) -> {
            Map<String, String> tuned = new LinkedHashMap<>(settings);
            tuned.keySet().removeAll(BINDING_SETTINGS.getOrDefault(protocol, Set.of()));
            tuned.keySet().removeAll(TLS_SETTINGS);
            assertEquals(tuned, wildfly.get(protocol), "settings of " + protocol);
        });
    }

    /** The secure stack is the ha-vip stack without FD_SOCK2 (whose plain socket TLS does not cover), with TLS and client authentication. */
    @Test
    void secureStackIsTheStackWithoutFdSock2AndWithClientAuthenticatedTls() throws Exception {
        Map<String, Map<String, String>> expected = new LinkedHashMap<>(plainStack("ha-vip"));
        expected.remove("FD_SOCK2");
        Map<String, Map<String, String>> secure = plainStack("ha-vip-secure");
        assertEquals(expected.keySet().stream().toList(), secure.keySet().stream().toList(), "protocols and their order");
        expected.forEach((protocol, settings) -> {
            Map<String, String> withoutTls = new LinkedHashMap<>(secure.get(protocol));
            withoutTls.keySet().removeAll(TLS_SETTINGS);
            assertEquals(settings, withoutTls, "settings of " + protocol);
        });
        Map<String, String> tcp = secure.get("TCP");
        assertEquals("true", tcp.get("tls.enabled"));
        assertEquals("NEED", tcp.get("tls.client_auth"), "a member without a trusted certificate cannot connect");
        assertTrue(tcp.get("tls.keystore_password").startsWith("${") && tcp.get("tls.truststore_password").startsWith("${"),
                "passwords come from system properties, never from the file");
    }

    @ParameterizedTest
    @ValueSource(strings = { "ha-vip", "ha-vip-secure" })
    void stackDetectsFailuresFast(String name) throws Exception {
        Map<String, String> fd = plainStack(name).get("FD_ALL3");
        assertNotNull(fd, "FD_ALL3 in the stack");
        long timeout = Long.parseLong(fd.get("timeout"));
        assertFalse(timeout > 1000, "FD_ALL3 timeout must stay below 1 s for sub-second failover, is " + timeout);
    }

    static Map<String, Map<String, String>> plainStack(String name) throws Exception {
        Map<String, Map<String, String>> stack = new LinkedHashMap<>();
        for (Element protocol : children(parse("jgroups/" + name + ".xml").getDocumentElement())) {
            Map<String, String> settings = new LinkedHashMap<>();
            NamedNodeMap attributes = protocol.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                settings.put(attributes.item(i).getNodeName(), attributes.item(i).getNodeValue());
            }
            stack.put(protocol.getTagName(), settings);
        }
        return stack;
    }

    static Map<String, Map<String, String>> featureGroupStack(String stackName) throws Exception {
        Element stackFeature = null;
        for (Element feature : children(parse("galleon/feature_groups/ha-vip-jgroups.xml").getDocumentElement())) {
            if (feature.getTagName().equals("feature") && stackName.equals(params(feature).get("stack"))) {
                stackFeature = feature;
            }
        }
        assertNotNull(stackFeature, "stack " + stackName + " in the feature group");
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
