package dev.havip.testsuite.lab;

import java.util.ArrayList;
import java.util.List;

import dev.havip.testsuite.lab.LabFigures.Sample;

/**
 * Samples eth0 of a and b. One sample reads a, b, a: "both" only when a had the address before and after b
 * had it, so a handover between the reads never looks like an overlap (and a real overlap is never missed
 * for longer than one step).
 */
final class Watcher implements AutoCloseable {
    private final NetLab lab;
    private final String vip;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    Watcher(NetLab lab, String vip) {
        this.lab = lab;
        this.vip = vip;
        this.thread = new Thread(this::run, "lab address watcher");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        String needle = " " + this.vip + "/";
        while (!this.stop) {
            try {
                boolean a1 = this.lab.addresses("a").contains(needle);
                long time = System.currentTimeMillis();
                boolean b = this.lab.addresses("b").contains(needle);
                boolean a2 = this.lab.addresses("a").contains(needle);
                synchronized (this.samples) {
                    this.samples.add(new Sample(time, a2, b, a1 && b && a2));
                }
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            } catch (AssertionError e) {
                if (!this.stop) {
                    System.err.println("[lab] watcher: " + e.getMessage());
                }
            }
        }
    }

    List<Sample> samples() {
        synchronized (this.samples) {
            return List.copyOf(this.samples);
        }
    }

    Sample last() {
        synchronized (this.samples) {
            return this.samples.isEmpty() ? null : this.samples.get(this.samples.size() - 1);
        }
    }

    boolean awaitHolders(boolean a, boolean b, long timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout;
        while (System.currentTimeMillis() < deadline) {
            Sample s = this.last();
            if (s != null && s.a() == a && s.b() == b) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /** @return the time of the first sample (after {@code since}) with these holders; fails at {@code deadline} */
    long awaitHoldersAt(boolean a, boolean b, long since, long deadline) throws InterruptedException {
        int seen = 0;
        while (System.currentTimeMillis() < deadline) {
            List<Sample> all = this.samples();
            for (int i = seen; i < all.size(); i++) {
                Sample s = all.get(i);
                if (s.time() >= since && s.a() == a && s.b() == b) {
                    return s.time();
                }
            }
            seen = all.size();
            Thread.sleep(10);
        }
        throw new AssertionError("holders never became a=" + a + " b=" + b + ": " + this.last());
    }

    /** @return the time of the first sample at which a's "has the VIP" is {@code has}; fails at {@code deadline} */
    long awaitHolderOfA(boolean has, long since, long deadline) throws InterruptedException {
        int seen = 0;
        while (System.currentTimeMillis() < deadline) {
            List<Sample> all = this.samples();
            for (int i = seen; i < all.size(); i++) {
                if (all.get(i).time() >= since && all.get(i).a() == has) {
                    return all.get(i).time();
                }
            }
            seen = all.size();
            Thread.sleep(10);
        }
        throw new AssertionError("node-a's eth0 " + (has ? "never got" : "kept") + " the VIP: " + this.last());
    }

    @Override
    public void close() throws InterruptedException {
        this.stop = true;
        this.thread.join(5000);
    }
}
