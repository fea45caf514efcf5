package dev.havip.subsystem;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.AttributeMarshaller;
import org.jboss.as.controller.AttributeParser;
import org.jboss.as.controller.parsing.ParseUtils;
import org.jboss.dmr.ModelNode;
import org.jboss.staxmapper.XMLExtendedStreamReader;

/**
 * Argument lists (commands) are persisted one {@code <arg>} element per argument, because an
 * argument may contain spaces: {@code <takeover-command><arg>/usr/local/bin/up</arg><arg>{address}</arg></takeover-command>}.
 */
final class ArgumentListXml {

    static final String ARG = "arg";

    static final AttributeParser PARSER = new AttributeParser() {
        @Override
        public boolean isParseAsElement() {
            return true;
        }

        @Override
        public void parseElement(AttributeDefinition attribute, XMLExtendedStreamReader reader, ModelNode operation) throws XMLStreamException {
            ParseUtils.requireNoAttributes(reader);
            ModelNode list = operation.get(attribute.getName()).setEmptyList();
            while (reader.hasNext() && reader.nextTag() != XMLStreamConstants.END_ELEMENT) {
                if (!reader.getLocalName().equals(ARG)) {
                    throw ParseUtils.unexpectedElement(reader);
                }
                ParseUtils.requireNoAttributes(reader);
                list.add(this.parse(attribute, reader.getElementText(), reader));
            }
        }
    };

    static final AttributeMarshaller MARSHALLER = new AttributeMarshaller() {
        @Override
        public boolean isMarshallableAsElement() {
            return true;
        }

        @Override
        public void marshallAsElement(AttributeDefinition attribute, ModelNode resourceModel, boolean marshallDefault, XMLStreamWriter writer) throws XMLStreamException {
            if (!resourceModel.hasDefined(attribute.getName())) {
                return;
            }
            writer.writeStartElement(attribute.getXmlName());
            for (ModelNode argument : resourceModel.get(attribute.getName()).asList()) {
                writer.writeStartElement(ARG);
                writer.writeCharacters(argument.asString());
                writer.writeEndElement();
            }
            writer.writeEndElement();
        }
    };

    private ArgumentListXml() {
    }
}
