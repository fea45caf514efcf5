package dev.havip.subsystem.deployment;

/** How a deployment binds itself to a VIP in {@code ha-vip.xml}. */
public enum BindingMode {
    /** The deployment is a health input of the VIP on this node: down, undeployed or failed makes the node ineligible. */
    MONITOR,
    /** Hot standby: installed everywhere, its services run only on the node that holds the VIP. */
    STANDBY;

    static BindingMode of(String value) {
        return switch (value) {
            case "monitor" -> MONITOR;
            case "standby" -> STANDBY;
            default -> null;
        };
    }
}
