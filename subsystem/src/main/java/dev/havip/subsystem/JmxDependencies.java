package dev.havip.subsystem;

import javax.management.MBeanServer;

import org.jboss.as.controller.ModelControllerClientFactory;
import org.jboss.as.controller.OperationContext;
import org.jboss.as.controller.capability.RuntimeCapability;
import org.wildfly.service.descriptor.NullaryServiceDescriptor;
import org.wildfly.subsystem.service.ServiceDependency;

/**
 * What ha-vip's MBeans need from the server: its MBeanServer when the jmx subsystem is there (without it
 * there are no beans, and nothing else changes), and the management model to run their actions.
 */
final class JmxDependencies {

    static final NullaryServiceDescriptor<MBeanServer> MBEAN_SERVER = NullaryServiceDescriptor.of("org.wildfly.management.jmx", MBeanServer.class);

    final ServiceDependency<MBeanServer> server;
    final ServiceDependency<ModelControllerClientFactory> clients;

    private JmxDependencies(ServiceDependency<MBeanServer> server, ServiceDependency<ModelControllerClientFactory> clients) {
        this.server = server;
        this.clients = clients;
    }

    /** @param capability the capability of the resource whose service registers the beans */
    static JmxDependencies resolve(OperationContext context, RuntimeCapability<?> capability) {
        boolean jmx = context.hasOptionalCapability(MBEAN_SERVER, capability, null);
        return new JmxDependencies(jmx ? ServiceDependency.on(MBEAN_SERVER) : ServiceDependency.of(null),
                jmx ? ServiceDependency.on(ModelControllerClientFactory.SERVICE_DESCRIPTOR) : ServiceDependency.of(null));
    }

    /** Whether the beans can be registered (the jmx subsystem is there). */
    boolean present() {
        return this.server.get() != null;
    }

    java.util.List<ServiceDependency<?>> all() {
        return java.util.List.of(this.server, this.clients);
    }
}
