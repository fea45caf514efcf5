package dev.havip.logging;

/**
 * Background work that must not die silently: an exception is logged (HAVIP0012) and the thread goes
 * on with its next task or tick. Used by every thread ha-vip starts.
 */
public final class Guarded {

    private Guarded() {
    }

    /** The task, wrapped so that whatever it throws is logged under {@code name} instead of ending its thread. */
    public static Runnable task(String name, Runnable task) {
        return () -> run(name, task);
    }

    public static void run(String name, Runnable task) {
        try {
            task.run();
        } catch (VirtualMachineError e) {
            throw e; // out of memory and the like: nothing sensible goes on after it
        } catch (Throwable e) {
            HaVipLogger.ROOT_LOGGER.taskFailed(name, e);
        }
    }
}
