package dev.havip.jmx;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.NotCompliantMBeanException;
import javax.management.NotificationEmitter;
import javax.management.ObjectName;
import javax.management.StandardEmitterMBean;
import javax.management.StandardMBean;

import dev.havip.logging.HaVipLogger;

/**
 * ha-vip's object names and how its MXBeans enter and leave an MBeanServer. A bean that cannot be registered
 * is logged (HAVIP0016) and skipped: the VIP and the CLI go on without it. Called on MSC threads.
 */
public final class MBeans {

    public static final String DOMAIN = "dev.havip";

    private MBeans() {
    }

    public static ObjectName cluster() {
        return name("type=Cluster");
    }

    public static ObjectName virtualIp(String vip) {
        return name("type=VirtualIp,name=" + value(vip));
    }

    public static ObjectName healthCheck(String check) {
        return name("type=HealthCheck,name=" + value(check));
    }

    /** Registers the VIP's bean and starts its notifications; the returned handle unregisters both. */
    public static AutoCloseable register(MBeanServer server, VirtualIpBean bean) {
        bean.listen();
        AutoCloseable registered = register(server, bean.objectName(), () -> new Emitter<>(bean, VirtualIpMXBean.class, bean));
        return () -> {
            registered.close();
            bean.stopListening();
        };
    }

    public static AutoCloseable register(MBeanServer server, ClusterBean bean) {
        return register(server, cluster(), () -> new Plain<>(bean, ClusterMXBean.class));
    }

    public static AutoCloseable register(MBeanServer server, String check, HealthCheckBean bean) {
        return register(server, healthCheck(check), () -> new Plain<>(bean, HealthCheckMXBean.class));
    }

    @FunctionalInterface
    private interface Wrapper {
        Object create() throws NotCompliantMBeanException;
    }

    private static AutoCloseable register(MBeanServer server, ObjectName name, Wrapper wrapper) {
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // left by an incarnation whose stop has not run yet: the newest one counts
            }
            server.registerMBean(wrapper.create(), name);
        } catch (Exception e) {
            HaVipLogger.ROOT_LOGGER.mbeanNotRegistered(name.toString(), e.toString());
            return () -> {
            };
        }
        return () -> {
            try {
                server.unregisterMBean(name);
            } catch (Exception e) {
                HaVipLogger.ROOT_LOGGER.mbeanNotUnregistered(name.toString(), e.toString());
            }
        };
    }

    private static ObjectName name(String properties) {
        try {
            return new ObjectName(DOMAIN + ":" + properties);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A resource name as an object-name value: quoted when it holds a character that has a meaning there. */
    private static String value(String name) {
        return name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-') ? name : ObjectName.quote(name);
    }

    /**
     * Operations that only read ({@code history}) have impact INFO, so that WildFly's JMX authorization lets a
     * Monitor call them; the others are actions (an Operator may call them over JMX, then the management model
     * asks for Maintainer).
     */
    static int impact(MBeanOperationInfo info) {
        return info.getName().equals("history") ? MBeanOperationInfo.INFO : MBeanOperationInfo.ACTION;
    }

    private static final class Plain<T> extends StandardMBean {
        Plain(T bean, Class<T> type) throws NotCompliantMBeanException {
            super(bean, type, true);
        }

        @Override
        protected int getImpact(MBeanOperationInfo info) {
            return impact(info);
        }
    }

    private static final class Emitter<T> extends StandardEmitterMBean {
        Emitter(T bean, Class<T> type, NotificationEmitter emitter) throws NotCompliantMBeanException {
            super(bean, type, true, emitter);
        }

        @Override
        protected int getImpact(MBeanOperationInfo info) {
            return impact(info);
        }
    }
}
