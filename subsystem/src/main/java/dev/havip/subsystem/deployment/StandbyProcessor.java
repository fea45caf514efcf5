package dev.havip.subsystem.deployment;

import java.util.List;
import java.util.function.UnaryOperator;

import org.jboss.as.server.deployment.Attachments;
import org.jboss.as.server.deployment.DeploymentPhaseContext;
import org.jboss.as.server.deployment.DeploymentUnit;
import org.jboss.as.server.deployment.DeploymentUnitProcessor;
import org.jboss.as.server.deployment.Phase;
import org.jboss.msc.Service;
import org.jboss.msc.service.DelegatingServiceBuilder;
import org.jboss.msc.service.DelegatingServiceTarget;
import org.jboss.msc.service.LifecycleEvent;
import org.jboss.msc.service.LifecycleListener;
import org.jboss.msc.service.ServiceBuilder;
import org.jboss.msc.service.ServiceController;
import org.jboss.msc.service.ServiceName;
import org.jboss.msc.service.ServiceTarget;

import dev.havip.logging.HaVipLogger;

/**
 * Makes a {@code mode="standby"} deployment a hot standby, the way WildFly's singleton deployments are held back:
 * the deployment unit gets a service-target transformer through which its installer (the parent of every phase)
 * is installed, switched on only while this server holds the VIP ({@link StandbyDeployments}). Phases cannot be
 * restarted on their own, so the first time the unit is restarted once, with the transformer attached. Runs on an
 * MSC thread.
 */
public final class StandbyProcessor implements DeploymentUnitProcessor {

    public static final Phase PHASE = Phase.PARSE;
    public static final int PRIORITY = DescriptorParsingProcessor.PRIORITY + 1;

    private final StandbyDeployments standby;

    public StandbyProcessor(StandbyDeployments standby) {
        this.standby = standby;
    }

    @Override
    public void deploy(DeploymentPhaseContext context) {
        DeploymentUnit unit = context.getDeploymentUnit();
        List<VipBinding> bindings = unit.getAttachment(DescriptorAttachments.BINDINGS);
        if (bindings == null) {
            return;
        }
        bindings.stream().filter(b -> b.mode() == BindingMode.STANDBY).findFirst().ifPresent(binding -> {
            if (unit.putAttachment(Attachments.DEPLOYMENT_UNIT_PHASE_SERVICE_TARGET_TRANSFORMER, new Transformer(binding.vip(), unit.getName(), this.standby)) == null) {
                HaVipLogger.ROOT_LOGGER.standbyDeployment(unit.getName(), binding.vip());
                ServiceController<?> controller = context.getServiceRegistry().getRequiredService(unit.getServiceName());
                controller.addListener(new RestartOnce());
                controller.setMode(ServiceController.Mode.NEVER);
            }
        });
    }

    /** Installs the deployment's installer in the mode the VIP's state asks for, and hands its controller on. */
    private record Transformer(String vip, String deployment, StandbyDeployments standby) implements UnaryOperator<ServiceTarget> {
        @Override
        public ServiceTarget apply(ServiceTarget target) {
            return new DelegatingServiceTarget(target) {
                @Override
                public <T> ServiceBuilder<T> addService(ServiceName name, org.jboss.msc.service.Service<T> service) {
                    return this.held(super.addService(name, service));
                }

                @Override
                public ServiceBuilder<?> addService() {
                    return this.held(super.addService());
                }

                private <T> ServiceBuilder<T> held(ServiceBuilder<T> builder) {
                    builder.setInitialMode(Transformer.this.standby.mode(Transformer.this.vip));
                    return new DelegatingServiceBuilder<>(builder) {
                        @Override
                        public ServiceBuilder<T> setInstance(Service service) {
                            super.setInstance(service);
                            return this;
                        }

                        @Override
                        public ServiceController<T> install() {
                            ServiceController<T> installer = super.install();
                            Transformer.this.standby.installed(Transformer.this.vip, Transformer.this.deployment, installer);
                            return installer;
                        }
                    };
                }
            };
        }
    }

    /** Once the unit is down, it starts again: this time its installer goes through the transformer. */
    private static final class RestartOnce implements LifecycleListener {
        @Override
        public void handleEvent(ServiceController<?> controller, LifecycleEvent event) {
            if (event == LifecycleEvent.DOWN) {
                controller.removeListener(this);
                controller.setMode(ServiceController.Mode.ACTIVE);
            }
        }
    }
}
