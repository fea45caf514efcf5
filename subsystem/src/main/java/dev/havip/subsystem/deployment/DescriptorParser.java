package dev.havip.subsystem.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a deployment's {@code ha-vip.xml} ({@code urn:dev.havip:deployment:1.0}): a root {@code <ha-vip>} with one or
 * more {@code <bind virtual-ip="NAME" mode="monitor|standby"/>}. The file comes from whoever built the deployment:
 * bounded in size, no DTD, no external entities, and every problem names the file, the line and what is wrong.
 */
public final class DescriptorParser {

    public static final String NAMESPACE = "urn:dev.havip:deployment:1.0";
    /** Far more than any real descriptor: one line per VIP. */
    public static final int MAX_BYTES = 64 * 1024;
    static final int MAX_BINDINGS = 256;

    private final String file;

    /** @param file the descriptor's path in the deployment, for messages (e.g. app.war/WEB-INF/ha-vip.xml) */
    public DescriptorParser(String file) {
        this.file = file;
    }

    /** @throws DescriptorException naming the file, the line and the problem */
    public List<VipBinding> parse(InputStream input) throws DescriptorException {
        byte[] bytes;
        try {
            bytes = input.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new DescriptorException(this.file + ": cannot be read: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new DescriptorException(this.file + ": larger than " + MAX_BYTES + " bytes; a descriptor has one <bind> per virtual IP");
        }
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new java.io.ByteArrayInputStream(bytes));
            return this.read(reader);
        } catch (XMLStreamException e) {
            Location location = e.getLocation();
            String line = location != null && location.getLineNumber() > 0 ? " line " + location.getLineNumber() : "";
            String message = e.getMessage() != null ? e.getMessage().replaceFirst("(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "") : e.toString();
            throw new DescriptorException(this.file + line + ": malformed XML: " + message.strip());
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing was held open: the input is in memory
                }
            }
        }
    }

    private List<VipBinding> read(XMLStreamReader reader) throws XMLStreamException, DescriptorException {
        reader.nextTag();
        if (!"ha-vip".equals(reader.getLocalName()) || !NAMESPACE.equals(reader.getNamespaceURI())) {
            throw this.problem(reader, "the root element must be <ha-vip xmlns=\"" + NAMESPACE + "\">, found <" + reader.getLocalName() + "> in namespace "
                    + (reader.getNamespaceURI() == null ? "none" : "'" + reader.getNamespaceURI() + "'"));
        }
        this.noAttributes(reader);
        List<VipBinding> bindings = new ArrayList<>();
        Set<String> vips = new HashSet<>();
        while (reader.nextTag() == XMLStreamConstants.START_ELEMENT) {
            if (!"bind".equals(reader.getLocalName()) || !NAMESPACE.equals(reader.getNamespaceURI())) {
                throw this.problem(reader, "unexpected element <" + reader.getLocalName() + ">; <ha-vip> holds only <bind virtual-ip=\"...\" mode=\"monitor|standby\"/>");
            }
            VipBinding binding = this.bind(reader);
            if (!vips.add(binding.vip())) {
                throw this.problem(reader, "virtual IP '" + binding.vip() + "' is bound twice; bind each virtual IP once");
            }
            if (bindings.size() == MAX_BINDINGS) {
                throw this.problem(reader, "more than " + MAX_BINDINGS + " bindings");
            }
            bindings.add(binding);
            if (reader.nextTag() != XMLStreamConstants.END_ELEMENT) {
                throw this.problem(reader, "<bind> has no content");
            }
        }
        if (bindings.isEmpty()) {
            throw this.problem(reader, "<ha-vip> needs at least one <bind virtual-ip=\"...\" mode=\"monitor|standby\"/>");
        }
        return List.copyOf(bindings);
    }

    private VipBinding bind(XMLStreamReader reader) throws DescriptorException {
        String vip = null;
        BindingMode mode = null;
        for (int i = 0; i < reader.getAttributeCount(); i++) {
            String name = reader.getAttributeLocalName(i);
            String value = reader.getAttributeValue(i);
            switch (name) {
                case "virtual-ip" -> vip = value;
                case "mode" -> {
                    mode = BindingMode.of(value);
                    if (mode == null) {
                        throw this.problem(reader, "mode '" + value + "' is not known; use 'monitor' or 'standby'");
                    }
                }
                default -> throw this.problem(reader, "unknown attribute '" + name + "' of <bind>; it has virtual-ip and mode");
            }
        }
        if (vip == null || vip.isBlank()) {
            throw this.problem(reader, "<bind> needs the attribute virtual-ip (the name of a /subsystem=ha-vip/virtual-ip)");
        }
        if (mode == null) {
            throw this.problem(reader, "<bind virtual-ip=\"" + vip + "\"> needs the attribute mode ('monitor' or 'standby')");
        }
        return new VipBinding(vip, mode);
    }

    private void noAttributes(XMLStreamReader reader) throws DescriptorException {
        if (reader.getAttributeCount() > 0) {
            throw this.problem(reader, "<ha-vip> has no attributes, found '" + reader.getAttributeLocalName(0) + "'");
        }
    }

    private DescriptorException problem(XMLStreamReader reader, String problem) {
        return new DescriptorException(this.file + " line " + reader.getLocation().getLineNumber() + ": " + problem);
    }
}
