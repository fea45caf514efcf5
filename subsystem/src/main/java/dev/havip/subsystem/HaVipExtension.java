package dev.havip.subsystem;

import org.jboss.as.controller.ModelVersion;
import org.jboss.as.controller.SubsystemModel;
import org.wildfly.subsystem.SubsystemConfiguration;
import org.wildfly.subsystem.SubsystemExtension;
import org.wildfly.subsystem.SubsystemPersistence;

/**
 * The {@code ha-vip} subsystem: virtual IPs that follow the healthy, preferred WildFly server.
 */
public final class HaVipExtension extends SubsystemExtension<HaVipSubsystemSchema> {

    public static final String SUBSYSTEM_NAME = "ha-vip";

    public HaVipExtension() {
        super(SubsystemConfiguration.of(SUBSYSTEM_NAME, HaVipSubsystemModel.CURRENT, HaVipSubsystemRegistrar::new),
                SubsystemPersistence.of(HaVipSubsystemSchema.CURRENT));
    }

    /** Management model versions of the subsystem. */
    enum HaVipSubsystemModel implements SubsystemModel {
        VERSION_1_0_0(1, 0, 0);

        static final HaVipSubsystemModel CURRENT = VERSION_1_0_0;

        private final ModelVersion version;

        HaVipSubsystemModel(int major, int minor, int micro) {
            this.version = ModelVersion.create(major, minor, micro);
        }

        @Override
        public ModelVersion getVersion() {
            return this.version;
        }
    }
}
