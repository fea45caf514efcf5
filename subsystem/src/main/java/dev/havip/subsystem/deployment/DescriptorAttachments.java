package dev.havip.subsystem.deployment;

import java.util.List;

import org.jboss.as.server.deployment.AttachmentKey;

/** What ha-vip attaches to a deployment unit. */
final class DescriptorAttachments {

    /** The bindings of the deployment's ha-vip.xml (absent: it has none). */
    static final AttachmentKey<List<VipBinding>> BINDINGS = AttachmentKey.create(List.class);

    private DescriptorAttachments() {
    }
}
