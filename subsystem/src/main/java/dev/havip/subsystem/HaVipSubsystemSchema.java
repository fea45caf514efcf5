package dev.havip.subsystem;

import java.util.List;

import org.jboss.as.controller.AttributeDefinition;
import org.jboss.as.controller.ResourceRegistration;
import org.jboss.as.controller.persistence.xml.NamedResourceRegistrationXMLElement;
import org.jboss.as.controller.persistence.xml.ResourceXMLParticleFactory;
import org.jboss.as.controller.persistence.xml.SubsystemResourceRegistrationXMLElement;
import org.jboss.as.controller.persistence.xml.SubsystemResourceXMLSchema;
import org.jboss.as.controller.xml.IntVersionSchema;
import org.jboss.as.controller.xml.VersionedNamespace;
import org.jboss.as.controller.xml.XMLCardinality;
import org.jboss.staxmapper.IntVersion;

/**
 * XML of the subsystem, {@code urn:dev.havip:ha-vip:1.0} (XSD: {@code schema/ha-vip_1_0.xsd}),
 * derived from the resource registrations so that the model and the XML cannot drift apart.
 */
public enum HaVipSubsystemSchema implements SubsystemResourceXMLSchema<HaVipSubsystemSchema> {
    VERSION_1_0(1, 0);

    static final HaVipSubsystemSchema CURRENT = VERSION_1_0;

    private final VersionedNamespace<IntVersion, HaVipSubsystemSchema> namespace;
    private final ResourceXMLParticleFactory factory = ResourceXMLParticleFactory.newInstance(this);

    HaVipSubsystemSchema(int major, int minor) {
        this.namespace = IntVersionSchema.createURN(List.of("dev.havip", HaVipExtension.SUBSYSTEM_NAME), new IntVersion(major, minor));
    }

    @Override
    public VersionedNamespace<IntVersion, HaVipSubsystemSchema> getNamespace() {
        return this.namespace;
    }

    @Override
    public SubsystemResourceRegistrationXMLElement getSubsystemXMLElement() {
        List<AttributeDefinition> attributes = HaVipSubsystemRegistrar.ATTRIBUTES;
        return this.factory.subsystemElement(HaVipSubsystemRegistrar.REGISTRATION)
                .addAttributes(xmlAttributes(attributes))
                .withContent(this.factory.sequence().withCardinality(XMLCardinality.Single.OPTIONAL)
                        .addElements(xmlElements(attributes))
                        .addElement(this.childElement(HealthCheckResourceRegistrar.REGISTRATION, HealthCheckResourceRegistrar.ATTRIBUTES).build())
                        .addElement(this.childElement(VirtualIpResourceRegistrar.REGISTRATION, VirtualIpResourceRegistrar.ATTRIBUTES).build())
                        .build())
                .build();
    }

    private NamedResourceRegistrationXMLElement.Builder childElement(ResourceRegistration registration, List<AttributeDefinition> attributes) {
        return this.factory.namedElement(registration)
                .addAttributes(xmlAttributes(attributes))
                .withContent(this.factory.sequence().withCardinality(XMLCardinality.Single.OPTIONAL).addElements(xmlElements(attributes)).build())
                .withCardinality(XMLCardinality.Unbounded.OPTIONAL);
    }

    // Argument lists are child elements (one <arg> per argument); everything else is an XML attribute.
    private static List<AttributeDefinition> xmlAttributes(List<AttributeDefinition> attributes) {
        return attributes.stream().filter(a -> !a.getParser().isParseAsElement()).toList();
    }

    private static List<AttributeDefinition> xmlElements(List<AttributeDefinition> attributes) {
        return attributes.stream().filter(a -> a.getParser().isParseAsElement()).toList();
    }
}
