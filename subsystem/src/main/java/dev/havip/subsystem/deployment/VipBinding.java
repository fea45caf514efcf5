package dev.havip.subsystem.deployment;

/** One {@code <bind virtual-ip="..." mode="..."/>} of a deployment's {@code ha-vip.xml}. */
public record VipBinding(String vip, BindingMode mode) {
}
