package dev.havip.subsystem.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.jboss.as.controller.capability.CapabilityServiceSupport;
import org.jboss.as.server.deployment.Attachments;
import org.jboss.as.server.deployment.DeploymentPhaseContext;
import org.jboss.as.server.deployment.DeploymentUnit;
import org.jboss.as.server.deployment.DeploymentUnitProcessingException;
import org.jboss.as.server.deployment.module.ResourceRoot;
import org.jboss.vfs.VFS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hostile ha-vip.xml fails only its deployment, with the file and what is wrong: in the parser, or where its VIP names are looked up. */
class DescriptorHostileTest {

    private static final String NS = "xmlns=\"urn:dev.havip:deployment:1.0\"";
    private static final String FILE = "app.war/WEB-INF/ha-vip.xml";

    @TempDir
    Path dir;

    private static String refusedByParser(String xml) {
        DescriptorException e = assertThrows(DescriptorException.class,
                () -> new DescriptorParser(FILE).parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().startsWith(FILE), e.getMessage());
        return shown(e.getMessage());
    }

    /** Prints what an operator would read (control characters escaped, long values cut), and returns the message. */
    private static String shown(String message) {
        String escaped = message.chars().mapToObj(c -> c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c)).collect(java.util.stream.Collectors.joining());
        System.out.println("[hostile-descriptor] " + (escaped.length() > 300 ? escaped.substring(0, 300) + "..." : escaped));
        return message;
    }

    private static String bind(String vip, String mode) {
        return "<ha-vip " + NS + "><bind virtual-ip=\"" + vip + "\" mode=\"" + mode + "\"/></ha-vip>";
    }

    @Test
    void optionLikeAndShellLikeModesAreNamedAsUnknown() {
        for (String mode : List.of("--force", "-standby", "standby;reboot", "$(id)", "STANDBY", "standby ")) {
            assertTrue(refusedByParser(bind("web", mode)).contains("mode '" + mode + "' is not known"), mode);
        }
    }

    @Test
    void controlCharactersInTheFileAreMalformedXml() {
        for (String vip : List.of("web\u0001", "web&#1;", "web&#x1b;[31m", "web\u0000")) {
            String message = refusedByParser(bind(vip, "monitor"));
            assertTrue(message.contains("malformed XML"), message);
        }
    }

    @Test
    void anOversizedAttributeMakesAnOversizedFile() {
        assertTrue(refusedByParser(bind("v".repeat(70_000), "monitor")).contains("larger than 65536 bytes"));
    }

    @Test
    void moreBindingsThanAllowedAreRefused() {
        StringBuilder xml = new StringBuilder("<ha-vip " + NS + ">");
        for (int i = 0; i <= DescriptorParser.MAX_BINDINGS; i++) {
            xml.append("<bind virtual-ip=\"v").append(i).append("\" mode=\"monitor\"/>");
        }
        assertTrue(refusedByParser(xml.append("</ha-vip>").toString()).contains("more than 256 bindings"));
    }

    @Test
    void anInternalEntityIsNeverExpanded() {
        String laughs = "<!DOCTYPE ha-vip [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>" + bind("&b;", "monitor");
        String message = refusedByParser(laughs);
        assertTrue(message.contains("malformed XML") && !message.contains("aaaaaaaaaa"), message);
    }

    @Test
    void anEmptyVipNameOrAnAttributeOnTheRootIsNamed() {
        assertTrue(refusedByParser(bind("", "monitor")).contains("needs the attribute virtual-ip"));
        assertTrue(refusedByParser(bind(" ", "monitor")).contains("needs the attribute virtual-ip"));
        assertTrue(refusedByParser("<ha-vip " + NS + " virtual-ip=\"web\"><bind virtual-ip=\"web\" mode=\"monitor\"/></ha-vip>")
                .contains("<ha-vip> has no attributes, found 'virtual-ip'"));
    }

    @Test
    void aVipNameWithALeadingDashIsRefusedAsNotConfigured() throws Exception {
        String message = this.refusedByProcessor(bind("-rf", "monitor"), Set.of("web"));
        assertTrue(message.contains("HAVIP0401") && message.contains(FILE) && message.contains("virtual IP '-rf' is not configured"), message);
    }

    @Test
    void aVipNameWithAControlCharacterReferenceIsRefusedAsNotConfigured() throws Exception {
        // XML normalises a literal line break in an attribute to a space, but &#10; is a real one, and &#9; a tab
        for (String vip : List.of("web&#10;HAVIP0000: forged", "web&#9;", "web&#13;")) {
            String message = this.refusedByProcessor(bind(vip, "monitor"), Set.of("web"));
            assertTrue(message.contains("HAVIP0401") && message.contains("is not configured on this server"), message);
            assertTrue(message.chars().noneMatch(Character::isISOControl), "no control character reaches the log: " + message);
        }
    }

    @Test
    void aLongVipNameUnderTheSizeLimitIsRefusedAsNotConfigured() throws Exception {
        String message = this.refusedByProcessor(bind("v".repeat(60_000), "monitor"), Set.of("web"));
        assertTrue(message.contains("HAVIP0401") && message.contains("is not configured on this server"), message.substring(0, 200));
    }

    @Test
    void twoStandbyBindingsAreRefusedNamingBoth() throws Exception {
        String xml = "<ha-vip " + NS + "><bind virtual-ip=\"web\" mode=\"standby\"/><bind virtual-ip=\"db\" mode=\"standby\"/></ha-vip>";
        String message = this.refusedByProcessor(xml, Set.of("web", "db"));
        assertTrue(message.contains("HAVIP0402") && message.contains("[web, db]"), message);
    }

    @Test
    void aGoodDescriptorPassesTheSameProcessor() throws Exception {
        Deployment deployment = this.deployment(bind("web", "standby"), Set.of("web"));
        new DescriptorParsingProcessor().deploy(deployment.context);
        assertEquals(List.of(new VipBinding("web", BindingMode.STANDBY)), deployment.attached[0]);
    }

    private String refusedByProcessor(String xml, Set<String> configured) throws Exception {
        Deployment deployment = this.deployment(xml, configured);
        DeploymentUnitProcessingException e = assertThrows(DeploymentUnitProcessingException.class,
                () -> new DescriptorParsingProcessor().deploy(deployment.context));
        assertNull(deployment.attached[0], "nothing attached");
        return shown(e.getMessage());
    }

    /** A war named app.war with WEB-INF/ha-vip.xml on disk, on a server where the {@code configured} VIPs exist. */
    private record Deployment(DeploymentPhaseContext context, Object[] attached) {
    }

    private Deployment deployment(String xml, Set<String> configured) throws Exception {
        Path root = this.dir.resolve("app.war");
        Files.createDirectories(root.resolve("WEB-INF"));
        Files.writeString(root.resolve("WEB-INF/ha-vip.xml"), xml);
        ResourceRoot resourceRoot = new ResourceRoot(VFS.getChild(root.toUri()), null);
        CapabilityServiceSupport support = proxy(CapabilityServiceSupport.class, (method, args) -> "hasCapability".equals(method) && args.length == 1
                ? configured.stream().anyMatch(vip -> args[0].equals(DescriptorParsingProcessor.VIP_CAPABILITY + "." + vip))
                : null);
        Object[] attached = new Object[1];
        DeploymentUnit unit = proxy(DeploymentUnit.class, (method, args) -> switch (method) {
            case "getParent" -> null;
            case "getName" -> "app.war";
            case "getAttachment" -> args[0] == Attachments.DEPLOYMENT_ROOT ? resourceRoot
                    : args[0] == Attachments.CAPABILITY_SERVICE_SUPPORT ? support : null;
            case "putAttachment" -> {
                attached[0] = args[1];
                yield null;
            }
            default -> throw new UnsupportedOperationException(method);
        });
        DeploymentPhaseContext context = proxy(DeploymentPhaseContext.class, (method, args) -> {
            if ("getDeploymentUnit".equals(method)) {
                return unit;
            }
            throw new UnsupportedOperationException(method);
        });
        return new Deployment(context, attached);
    }

    @FunctionalInterface
    private interface Answer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> switch (method.getName()) {
                    case "toString" -> type.getSimpleName() + " stand-in";
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> answer.answer(method.getName(), args == null ? new Object[0] : args);
                }));
    }
}
