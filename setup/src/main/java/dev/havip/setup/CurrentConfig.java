package dev.havip.setup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * What a server's configuration file already says about ha-vip (read as XML, without starting the
 * server), so that a second run of the wizard offers the current values: the subsystem's attributes,
 * its VIPs and health checks, the cluster's sockets and peers, the interfaces and the deployments.
 * An expression such as {@code ${ha-vip.port:7660}} reads as its default. Main thread.
 */
final class CurrentConfig {

    static final String SUBSYSTEM_NAMESPACE = "urn:dev.havip:ha-vip:";

    final Map<String, String> subsystem = new LinkedHashMap<>();
    final List<String> commandPrefix = new ArrayList<>();
    final Map<String, Map<String, String>> vips = new LinkedHashMap<>();
    /** Health check name to {type, target (its first argument)}. */
    final Map<String, Map<String, String>> checks = new LinkedHashMap<>();
    final Map<String, String> interfaces = new LinkedHashMap<>();
    final Map<String, String> socketPorts = new LinkedHashMap<>();
    /** Outbound socket binding name to host:port, in file order. */
    final Map<String, String> outbound = new LinkedHashMap<>();
    /** Names of the outbound socket bindings whose host and port are literals (set by someone, not the layer's defaults). */
    final List<String> literalOutbound = new ArrayList<>();
    /** Stacks of the jgroups subsystem that have a TCPPING protocol (the wizard points them at the peers). */
    final List<String> tcppingStacks = new ArrayList<>();
    final List<String> deployments = new ArrayList<>();
    /** Elytron TLS resources by kind and name, e.g. "key-store=ha-vip-cluster". */
    final List<String> elytron = new ArrayList<>();
    boolean hasSubsystem;

    static CurrentConfig read(Path file) throws IOException {
        CurrentConfig config = new CurrentConfig();
        try (InputStream in = Files.newInputStream(file)) {
            Element root = parser().parse(in).getDocumentElement();
            config.readFrom(root);
        } catch (SAXException | ParserConfigurationException e) {
            throw new IOException(file + " is not readable XML: " + e.getMessage(), e);
        }
        return config;
    }

    private static DocumentBuilder parser() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder();
    }

    private void readFrom(Element root) {
        for (Element subsystem : elements(root, "subsystem")) {
            String namespace = subsystem.getNamespaceURI() == null ? "" : subsystem.getNamespaceURI();
            if (namespace.startsWith(SUBSYSTEM_NAMESPACE)) {
                this.hasSubsystem = true;
                this.readSubsystem(subsystem);
            } else if (namespace.startsWith("urn:wildfly:elytron:")) {
                for (String kind : List.of("key-store", "key-manager", "trust-manager", "server-ssl-context", "client-ssl-context")) {
                    elements(subsystem, kind).forEach(e -> this.elytron.add(kind + "=" + e.getAttribute("name")));
                }
            } else if (namespace.startsWith("urn:jboss:domain:jgroups:")) {
                for (Element stack : elements(subsystem, "stack")) {
                    // TCPPING is written as <socket-discovery-protocol type="TCPPING" socket-bindings="...">
                    for (Element protocol : elements(stack, "socket-discovery-protocol")) {
                        if ("TCPPING".equals(protocol.getAttribute("type"))) {
                            this.tcppingStacks.add(stack.getAttribute("name"));
                        }
                    }
                }
            }
        }
        for (Element network : elements(root, "interface")) {
            for (Element address : elements(network, "inet-address")) {
                this.interfaces.put(network.getAttribute("name"), resolved(address.getAttribute("value")));
            }
        }
        for (Element binding : elements(root, "socket-binding")) {
            this.socketPorts.put(binding.getAttribute("name"), resolved(binding.getAttribute("port")));
        }
        for (Element binding : elements(root, "outbound-socket-binding")) {
            for (Element destination : elements(binding, "remote-destination")) {
                String host = destination.getAttribute("host");
                String port = destination.getAttribute("port");
                this.outbound.put(binding.getAttribute("name"), HostPort.join(resolved(host), resolved(port)));
                if (!host.startsWith("${") && !port.startsWith("${")) {
                    this.literalOutbound.add(binding.getAttribute("name"));
                }
            }
        }
        for (Element deployments : elements(root, "deployments")) {
            for (Element deployment : elements(deployments, "deployment")) {
                this.deployments.add(deployment.getAttribute("name"));
            }
        }
    }

    private void readSubsystem(Element subsystem) {
        for (String name : List.of("node-name", "priority", "quorum", "tie-breaker-address", "witness", "witness-ssl-context", "stack")) {
            if (subsystem.hasAttribute(name)) {
                this.subsystem.put(name, resolved(subsystem.getAttribute(name)));
            }
        }
        for (Element prefix : children(subsystem, "command-prefix")) {
            elements(prefix, "arg").forEach(arg -> this.commandPrefix.add(arg.getTextContent().strip()));
        }
        for (Element check : children(subsystem, "health-check")) {
            Map<String, String> values = new LinkedHashMap<>();
            values.put("type", check.getAttribute("type"));
            elements(check, "arg").stream().findFirst().ifPresent(arg -> values.put("target", arg.getTextContent().strip()));
            this.checks.put(check.getAttribute("name"), values);
        }
        for (Element vip : children(subsystem, "virtual-ip")) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : List.of("address", "interface", "priority", "failback", "failback-delay", "health-checks", "method")) {
                if (vip.hasAttribute(name)) {
                    values.put(name, resolved(vip.getAttribute(name)));
                }
            }
            this.vips.put(vip.getAttribute("name"), values);
        }
    }

    /** The VIP's attribute as the file has it, if that VIP exists and sets it. */
    Optional<String> vip(String vip, String attribute) {
        return Optional.ofNullable(this.vips.getOrDefault(vip, Map.of()).get(attribute));
    }

    /** The witness as host:port: the outbound socket binding the subsystem's {@code witness} names, if both exist. */
    Optional<String> witness() {
        return Optional.ofNullable(this.subsystem.get("witness")).map(this.outbound::get);
    }

    /** The ha-vip peers: outbound socket bindings named ha-vip-peer*, as host:port. */
    List<String> peers() {
        return this.outbound.entrySet().stream().filter(e -> e.getKey().startsWith("ha-vip-peer")).map(Map.Entry::getValue).toList();
    }

    /** True when every ha-vip peer was set (by an earlier run or by hand), not left at the layer's expression defaults. */
    boolean peersChosen() {
        return this.outbound.keySet().stream().filter(n -> n.startsWith("ha-vip-peer")).allMatch(this.literalOutbound::contains)
                && !this.peers().isEmpty();
    }

    /** {@code ${name:default}} reads as its default, {@code ${name}} as nothing; a literal as itself. */
    static String resolved(String value) {
        if (value == null || !value.startsWith("${") || !value.endsWith("}")) {
            return value;
        }
        int colon = value.indexOf(':');
        return colon < 0 ? null : value.substring(colon + 1, value.length() - 1);
    }

    private static List<Element> elements(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        NodeList all = parent.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < all.getLength(); i++) {
            found.add((Element) all.item(i));
        }
        return found;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }
}
