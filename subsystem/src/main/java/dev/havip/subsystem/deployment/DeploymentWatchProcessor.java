package dev.havip.subsystem.deployment;

import org.jboss.as.server.deployment.DeploymentCompleteServiceProcessor;
import org.jboss.as.server.deployment.DeploymentPhaseContext;
import org.jboss.as.server.deployment.DeploymentUnit;
import org.jboss.as.server.deployment.DeploymentUnitProcessor;
import org.jboss.as.server.deployment.Phase;
import org.wildfly.subsystem.service.ServiceDependency;
import org.wildfly.subsystem.service.ServiceInstaller;

/**
 * Watches every top-level deployment, event-driven: a small service that needs the deployment's
 * "complete" service (which needs the web app, EE components, persistence units ...) starts when
 * the deployment is fully up and stops before any of those stop, also on undeploy. It feeds {@code deployment}
 * health checks and the VIPs a deployment monitors ({@code ha-vip.xml}, {@code mode="monitor"}). Runs on an MSC thread.
 */
public final class DeploymentWatchProcessor implements DeploymentUnitProcessor {

    public static final Phase PHASE = Phase.INSTALL;
    /** Right after the deployment-complete service exists. */
    public static final int PRIORITY = Phase.INSTALL_DEPLOYMENT_COMPLETE_SERVICE + 1;

    private final DeploymentStates states;
    private final MonitorBindings monitors;

    public DeploymentWatchProcessor(DeploymentStates states, MonitorBindings monitors) {
        this.states = states;
        this.monitors = monitors;
    }

    @Override
    public void deploy(DeploymentPhaseContext context) {
        DeploymentUnit unit = context.getDeploymentUnit();
        if (unit.getParent() != null) {
            return; // sub-deployments are part of their top-level deployment
        }
        String name = unit.getName();
        // a monitoring deployment is a health input of its VIP from now on: DOWN until the service below starts
        java.util.List<VipBinding> bindings = unit.getAttachment(DescriptorAttachments.BINDINGS);
        if (bindings != null) {
            bindings.stream().filter(b -> b.mode() == BindingMode.MONITOR).forEach(b -> this.monitors.monitor(b.vip(), name));
        }
        ServiceInstaller.builder(() -> this.states.started(name), () -> this.states.stopped(name))
                .requires(ServiceDependency.on(DeploymentCompleteServiceProcessor.serviceName(unit.getServiceName())))
                .asActive()
                .build()
                .install(context);
    }
}
