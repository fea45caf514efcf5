/**
 * ha-vip's JMX face (SPEC "MBeans"): MXBeans with open types only, reading the same runtime as the CLI and acting
 * through the same management operations, so RBAC applies to both. Knows the engine and the JDK, not WildFly.
 */
package dev.havip.jmx;
