package dev.havip.engine;

import java.util.concurrent.ThreadFactory;

/** Thread factories for the engine's pools: named after what they do and the node, daemon threads. */
final class Threads {

    private Threads() {
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
