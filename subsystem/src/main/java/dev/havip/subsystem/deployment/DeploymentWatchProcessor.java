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
 * the deployment is fully up and stops before any of those stop, also on undeploy.
 */
public final class DeploymentWatchProcessor implements DeploymentUnitProcessor {

    public static final Phase PHASE = Phase.INSTALL;
    /** Right after the deployment-complete service exists. */
    public static final int PRIORITY = Phase.INSTALL_DEPLOYMENT_COMPLETE_SERVICE + 1;

    private final DeploymentStates states;

    public DeploymentWatchProcessor(DeploymentStates states) {
        this.states = states;
    }

    @Override
    public void deploy(DeploymentPhaseContext context) {
        DeploymentUnit unit = context.getDeploymentUnit();
        if (unit.getParent() != null) {
            return; // sub-deployments are part of their top-level deployment
        }
        String name = unit.getName();
        ServiceInstaller.builder(() -> this.states.started(name), () -> this.states.stopped(name))
                .requires(ServiceDependency.on(DeploymentCompleteServiceProcessor.serviceName(unit.getServiceName())))
                .asActive()
                .build()
                .install(context);
    }
}
