package dev.havip.health;

import org.wildfly.service.descriptor.UnaryServiceDescriptor;

/**
 * A named health check ({@code /subsystem=ha-vip/health-check=NAME}) as the rest of ha-vip sees
 * it: its current verdict. Virtual IPs reference checks through this capability, so a VIP cannot
 * name a check that does not exist.
 */
public interface HealthCheck {

    UnaryServiceDescriptor<HealthCheck> SERVICE_DESCRIPTOR = UnaryServiceDescriptor.of("dev.havip.health-check", HealthCheck.class);

    enum Status { UP, DOWN, UNKNOWN }

    Status status();
}
