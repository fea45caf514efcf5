package dev.havip.subsystem;

import java.util.EnumSet;

import org.jboss.as.subsystem.test.AbstractSubsystemSchemaTest;
import org.jboss.as.subsystem.test.AdditionalInitialization;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;

/**
 * WildFly's standard subsystem test: the full XML (every resource, every attribute) parses,
 * validates against the shipped XSD, boots the model, and marshals back identically.
 */
@RunWith(Parameterized.class)
public class HaVipSubsystemSchemaTestCase extends AbstractSubsystemSchemaTest<HaVipSubsystemSchema> {

    @Parameterized.Parameters
    public static Iterable<HaVipSubsystemSchema> parameters() {
        return EnumSet.allOf(HaVipSubsystemSchema.class);
    }

    public HaVipSubsystemSchemaTestCase(HaVipSubsystemSchema schema) {
        super(HaVipExtension.SUBSYSTEM_NAME, new HaVipExtension(), schema, HaVipSubsystemSchema.CURRENT);
    }

    @Override
    protected String getSubsystemXsdPathPattern() {
        return "schema/%1$s_%2$d_%3$d.xsd";
    }

    @Override
    protected AdditionalInitialization createAdditionalInitialization() {
        return AdditionalInitialization.withCapabilities(this.getSubsystemSchema(), "org.wildfly.clustering.jgroups.channel-factory.ha-vip",
                "org.wildfly.network.outbound-socket-binding.ha-vip-witness", "org.wildfly.security.ssl-context.ha-vip-client");
    }
}
