package dev.havip.subsystem.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.jboss.as.controller.capability.CapabilityServiceSupport;
import org.jboss.as.server.deployment.Attachments;
import org.jboss.as.server.deployment.DeploymentPhaseContext;
import org.jboss.as.server.deployment.DeploymentUnit;
import org.jboss.as.server.deployment.DeploymentUnitProcessingException;
import org.jboss.as.server.deployment.DeploymentUnitProcessor;
import org.jboss.as.server.deployment.Phase;
import org.jboss.vfs.VirtualFile;

import dev.havip.logging.HaVipLogger;
import dev.havip.logging.LogText;

/**
 * Reads a top-level deployment's {@code WEB-INF/ha-vip.xml} (war) or {@code META-INF/ha-vip.xml} (jar, ear) and
 * attaches its bindings. A bad descriptor, or one that names a VIP this server does not have, fails only this
 * deployment, with the file, the line and the problem. Runs on an MSC thread.
 */
public final class DescriptorParsingProcessor implements DeploymentUnitProcessor {

    public static final Phase PHASE = Phase.PARSE;
    /** Before the web and EE parsers: nothing else of the deployment is looked at yet. */
    public static final int PRIORITY = Phase.PARSE_WEB_DEPLOYMENT - 1;

    static final String VIP_CAPABILITY = "dev.havip.virtual-ip";

    @Override
    public void deploy(DeploymentPhaseContext context) throws DeploymentUnitProcessingException {
        DeploymentUnit unit = context.getDeploymentUnit();
        if (unit.getParent() != null) {
            return; // a sub-deployment moves with its top-level deployment
        }
        VirtualFile root = unit.getAttachment(Attachments.DEPLOYMENT_ROOT).getRoot();
        VirtualFile file = descriptor(root, unit.getName());
        if (file == null) {
            return;
        }
        String path = unit.getName() + "/" + file.getPathNameRelativeTo(root);
        List<VipBinding> bindings;
        try (InputStream input = file.openStream()) {
            bindings = new DescriptorParser(path).parse(input);
        } catch (DescriptorException e) {
            throw HaVipLogger.ROOT_LOGGER.badDescriptor(e.getMessage());
        } catch (IOException e) {
            throw HaVipLogger.ROOT_LOGGER.badDescriptor(path + ": cannot be read: " + e.getMessage());
        }
        CapabilityServiceSupport support = unit.getAttachment(Attachments.CAPABILITY_SERVICE_SUPPORT);
        for (VipBinding binding : bindings) {
            if (!support.hasCapability(VIP_CAPABILITY + "." + binding.vip())) {
                // the name as written, but without a line break or other control character of the deployer's choosing in the log
                throw HaVipLogger.ROOT_LOGGER.unknownVip(path, LogText.printable(binding.vip()));
            }
        }
        List<String> standbys = bindings.stream().filter(b -> b.mode() == BindingMode.STANDBY).map(VipBinding::vip).toList();
        if (standbys.size() > 1) {
            throw HaVipLogger.ROOT_LOGGER.twoStandbys(path, standbys);
        }
        unit.putAttachment(DescriptorAttachments.BINDINGS, bindings);
    }

    /** {@code WEB-INF/ha-vip.xml} in a war, {@code META-INF/ha-vip.xml} otherwise; null when there is none. */
    private static VirtualFile descriptor(VirtualFile root, String name) {
        VirtualFile file = root.getChild(name.endsWith(".war") ? "WEB-INF/ha-vip.xml" : "META-INF/ha-vip.xml");
        return file.exists() ? file : null;
    }

    @Override
    public void undeploy(DeploymentUnit unit) {
        unit.removeAttachment(DescriptorAttachments.BINDINGS);
    }
}
