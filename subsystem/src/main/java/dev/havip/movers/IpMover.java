package dev.havip.movers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code method=ip}: puts the VIP on the interface with {@code ip addr}, announces it with gratuitous ARP
 * ({@code arping -U}) or unsolicited neighbour advertisements ({@code na6}, override flag set), and refuses an
 * address that another host already answers for (IPv4: {@code arping -D}; IPv6: the kernel's own duplicate address
 * detection, so the address is added without {@code nodad}).
 *
 * <h2>Lifetime</h2>
 * The address is added with {@code valid_lft L preferred_lft L}, L = {@link Renewer#LIFETIME} (2 s), and a
 * {@link Renewer} renews it every half second through a long-lived {@code ip -batch -} child (a pipe write per
 * renewal). If the holder stops renewing (JVM frozen, server hung), the kernel removes the address by itself at most
 * about L after the last renewal, so a stuck holder does not keep answering for the VIP (and a survivor's duplicate
 * check does not refuse it) for long. A holder whose JVM died loses it at once ({@link DeathWatch}). With
 * garp-refresh-interval 0 (no refresh) the address is held {@code forever} and nothing renews it.
 * <p>
 * {@link #refresh()} never adds the address back: {@code ip addr change} would silently re-create an address that has
 * run out (the kernel treats it like {@code replace}), and by then another node may hold it. So refresh first checks
 * that the address is still there and, when it has to renew it itself, that it has more than a second to live, and fails
 * otherwise.
 */
public final class IpMover implements Mover {

    /** Announcements of all VIPs run here, off the engine's mover threads. */
    private static final java.util.concurrent.ExecutorService ANNOUNCERS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "ha-vip-announce");
        thread.setDaemon(true);
        return thread;
    });

    private volatile long announceGeneration;
    private volatile java.util.function.BooleanSupplier mayAct = () -> true;
    /** The hold rule's end of this node's right to the VIP (a lease), which the address must not outlive. */
    private volatile java.util.function.LongSupplier holdsUntil = () -> Long.MAX_VALUE;
    /** The longest a held address outlives its last renewal (its kernel lifetime, and the kernel's lateness). */
    public static final java.time.Duration LONGEST_ADDRESS_LIFE = Renewer.LONGEST_LIFE;
    private volatile java.util.concurrent.Future<?> announcing;
    /** An {@code ip -batch -} child waiting for the next takeover's address line, once {@link #prepareTakeover} was called. */
    private final java.util.concurrent.atomic.AtomicReference<CommandRunner.Prepared> readyIp = new java.util.concurrent.atomic.AtomicReference<>();
    private volatile boolean takeoversPrepared;

    /** How long a member's takeover waits for its first announcement's process to start (it starts in ms). */
    static final long FIRST_ANNOUNCEMENT_WAIT_MS = 200;
    /** Linux waits up to one second before its probe and one RetransTimer (1 s) for an answer. */
    static final Duration DAD_WAIT = Duration.ofSeconds(3);
    private static final long DAD_POLL_MILLIS = 100;
    /** A refresh's own renewal this close to the kernel's expiry could re-create an address that is being removed. */
    private static final long RENEW_MARGIN_SECONDS = 1;
    private static final Pattern ETHER = Pattern.compile("link/ether ([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})");
    private static final Pattern REPLY_MAC = Pattern.compile("\\[([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})]");

    private final VipSpec spec;
    private final MoverSettings settings;
    private final CommandRunner runner;
    private final Optional<Duration> lifetime;
    /** Removes the address if this JVM dies while it holds it. */
    final DeathWatch deathWatch = new DeathWatch();
    /** Tops up the address's lifetime while it is held. */
    final Renewer renewer;
    /** Passes connections that straddle a planned handover on to the old holder. */
    final HandoverForwarding forwarding;

    public IpMover(VipSpec spec, MoverSettings settings) {
        this(spec, settings, lifetimeFor(spec));
    }

    /** @param lifetime how long the kernel keeps the address without a refresh; empty for forever */
    public IpMover(VipSpec spec, MoverSettings settings, Optional<Duration> lifetime) {
        this.spec = spec;
        this.settings = settings;
        this.runner = new CommandRunner(settings);
        this.lifetime = lifetime;
        this.renewer = new Renewer(spec.name());
        this.forwarding = new HandoverForwarding(spec, settings, this.runner);
        lifetime.ifPresent(l -> {
            if (l.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("an address lifetime is at least one second");
            }
        });
    }

    /** The lifetime described in the class comment. */
    public static Optional<Duration> lifetimeFor(VipSpec spec) {
        Duration refresh = spec.garpRefreshInterval();
        return refresh.isZero() || refresh.isNegative() ? Optional.empty() : Optional.of(Renewer.LIFETIME);
    }

    public Optional<Duration> lifetime() {
        return this.lifetime;
    }

    @Override
    public void takeover() throws MoverException {
        this.takeover(true);
    }

    /** Skips the foreign-host check (arping -D; IPv6 DAD via nodad): the last holder was a cluster member. */
    @Override
    public void takeoverFromMember() throws MoverException {
        this.takeover(false);
    }

    /** Also passes the old holder the connections that straddle the clients' switch ({@link HandoverForwarding}). */
    @Override
    public void takeoverFromLiveMember(java.net.InetAddress holder) throws MoverException {
        this.forwarding.install(holder); // before the address: the first client may switch as soon as it is announced
        try {
            this.takeover(false);
        } catch (MoverException | RuntimeException e) {
            this.forwarding.remove();
            throw e;
        }
    }

    private void takeover(boolean checkForeignHosts) throws MoverException {
        if (checkForeignHosts && this.spec.address().isIpv4()) {
            this.checkNotInUse();
        }
        List<String> add = new ArrayList<>(this.addressCommand("replace"));
        if (!checkForeignHosts && !this.spec.address().isIpv4()) {
            add.add("nodad");
        }
        this.addAddress(add);
        this.startRenewing(); // now, not after the IPv6 duplicate check: that takes longer than the lifetime
        try {
            if (checkForeignHosts && !this.spec.address().isIpv4()) {
                this.awaitDuplicateAddressDetection();
            }
        } catch (MoverException e) {
            this.removeAfterFailure(e);
            throw e;
        }
        java.util.concurrent.CountDownLatch announcing = this.startAnnouncing(this.spec.garpCount()); // the clients wait for it, not for the log
        MoverLogger.LOG.addressAdded(this.spec.name(), this.spec.address().toString(), this.spec.interfaceName());
        if (!checkForeignHosts) {
            // a planned handover: the old holder removes its copy once this takeover is done, so the first
            // announcement should be on its way by then (arping sends it as soon as it runs, then lingers)
            try {
                announcing.await(FIRST_ANNOUNCEMENT_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (DeathWatch.possible(this.settings)) {
            try {
                this.deathWatch.arm(this.settings, this.spec);
            } catch (java.io.IOException | RuntimeException e) {
                MoverLogger.LOG.deathWatchFailed(this.spec.name(), this.spec.address().toString(), e.getMessage());
            }
        }
    }

    /** Renews the lifetime and sends one announcement (like keepalived's garp_master_refresh_repeat 1). */
    @Override
    public void refresh() throws MoverException {
        AddressEntry entry = this.find().orElseThrow(() -> new MoverException("address " + this.spec.address() + " is no longer on "
                + this.spec.interfaceName() + " (its lifetime ran out or someone removed it); not adding it back, another node may hold it now"));
        if (entry.dadFailed()) {
            throw new MoverException("address " + this.spec.address().host() + " on " + this.spec.interfaceName()
                    + " failed duplicate address detection: another host uses it");
        }
        // a renewer at work keeps the address (its own staleness rule guards it); only a refresh that renews by itself
        // must make sure the address cannot run out before its command runs
        if (this.lifetime.isPresent() && !this.renewer.renewing() && Renewer.fitsLease(this.holdsUntil, System.nanoTime())) {
            if (entry.validSeconds().isPresent() && entry.validSeconds().getAsLong() <= RENEW_MARGIN_SECONDS) {
                throw new MoverException("address " + this.spec.address() + " on " + this.spec.interfaceName() + " was about to run out ("
                        + entry.validSeconds().getAsLong() + " s left); not renewing it, the refresh came too late");
            }
            this.runner.run(this.addressCommand("change"));
            this.startRenewing();
        }
        this.startAnnouncing(1);
    }

    private void startRenewing() {
        if (this.lifetime.isPresent()) {
            List<String> change = this.addressCommand("change");
            this.renewer.start(this.settings, String.join(" ", change.subList(1, change.size())), this.holdsUntil); // a batch line has no "ip"
        }
    }

    /**
     * Announces in the background: the address serves clients as soon as it is added, and arping lingers
     * about a second per announcement, which would otherwise hold up the takeover (and the state the
     * cluster sees). A release stops announcements that have not started yet.
     */
    private java.util.concurrent.CountDownLatch startAnnouncing(int times) {
        long generation = ++this.announceGeneration;
        java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
        this.announcing = ANNOUNCERS.submit(() -> {
            try {
                this.announce(times, () -> generation == this.announceGeneration && this.mayAct.getAsBoolean(), first::countDown);
            } catch (MoverException e) {
                MoverLogger.LOG.announceFailed(this.spec.name(), this.spec.address().host(), e.getMessage());
            } finally {
                first.countDown();
            }
            return null;
        });
        return first;
    }

    @Override
    public void guard(java.util.function.BooleanSupplier mayAct) {
        this.mayAct = mayAct;
    }

    @Override
    public void limit(java.util.function.LongSupplier holdsUntil) {
        this.holdsUntil = holdsUntil;
    }

    /** Waits for the announcements started last (tests compare complete command sequences). */
    void awaitAnnouncements() throws Exception {
        java.util.concurrent.Future<?> last = this.announcing;
        if (last != null) {
            last.get();
        }
    }

    /** Starts the {@code ip -batch -} child the next takeover will give its address line to (a pipe write, not a process start). */
    @Override
    public void prepareTakeover() {
        this.takeoversPrepared = true;
        this.readyIp();
    }

    @Override
    public void close() {
        this.takeoversPrepared = false;
        CommandRunner.Prepared ready = this.readyIp.getAndSet(null);
        if (ready != null) {
            ready.discard();
        }
    }

    /** Whether a takeover would find its ip child waiting (for tests). */
    boolean takeoverReady() {
        CommandRunner.Prepared ready = this.readyIp.get();
        return ready != null && ready.alive();
    }

    private void readyIp() {
        if (!this.takeoversPrepared || this.readyIp.get() != null) {
            return;
        }
        try {
            CommandRunner.Prepared ready = this.runner.prepare(this.ip("-batch", "-"));
            if (!this.readyIp.compareAndSet(null, ready) || !this.takeoversPrepared) {
                ready.discard(); // another one was readied meanwhile, or the mover was closed
                this.readyIp.compareAndSet(ready, null);
            }
        } catch (MoverException | RuntimeException e) {
            // nothing ready: the takeover starts ip itself, and reports what fails then
        }
    }

    /** Adds the address through the ip child readied for it, or by starting ip if none is waiting. */
    private void addAddress(List<String> add) throws MoverException {
        CommandRunner.Prepared ready = this.readyIp.getAndSet(null);
        if (ready != null) {
            Optional<CommandRunner.Result> done = this.runner.runPrepared(ready, String.join(" ", add.subList(1, add.size())) + "\n"); // a batch line has no "ip"
            if (done.isPresent()) {
                CommandRunner.Result result = new CommandRunner.Result(add, done.get().exitStatus(), done.get().stdout(), done.get().stderr());
                if (result.exitStatus() != 0) {
                    throw CommandRunner.failed(result);
                }
                return;
            }
        }
        this.runner.run(add);
    }

    @Override
    public void release() throws MoverException {
        try {
            this.remove();
        } finally {
            this.readyIp(); // after the removal, which a planned handover waits for
        }
    }

    private void remove() throws MoverException {
        this.announceGeneration++;
        this.renewer.stop(); // first: a renewal after the removal would bring the address back
        this.deathWatch.disarm(); // before the removal: its own removal must never run later
        this.forwarding.remove(); // a no-op unless a handover to this node is less than its window old
        CommandRunner.Result result = this.runner.execute(this.ip("addr", "del", this.spec.address().toString(), "dev", this.spec.interfaceName()));
        if (result.exitStatus() != 0) {
            if (this.find().isPresent()) {
                throw CommandRunner.failed(result);
            }
            return; // it was not there: releasing is idempotent
        }
        MoverLogger.LOG.addressRemoved(this.spec.name(), this.spec.address().toString(), this.spec.interfaceName());
    }

    @Override
    public boolean isHeld() throws MoverException {
        return this.find().map(AddressEntry::usable).orElse(false);
    }

    /** IPv4 duplicate check. Without {@code -q}: the reply line names the MAC of the host that answered. */
    private void checkNotInUse() throws MoverException {
        String host = this.spec.address().host();
        CommandRunner.Result result = this.runner.execute(List.of(this.settings.arping().toString(), "-D", "-c", "2", "-w", "1",
                "-I", this.spec.interfaceName(), host));
        if (result.exitStatus() == 1) {
            Matcher mac = REPLY_MAC.matcher(result.stdout());
            throw new MoverException("address " + host + " is already in use by another host (" + (mac.find() ? mac.group(1).toLowerCase(Locale.ROOT) : "MAC unknown")
                    + ") on " + this.spec.interfaceName() + ": '" + CommandRunner.render(result.command()) + "' got an answer; not taking it over");
        }
        if (result.exitStatus() != 0) {
            throw CommandRunner.failed(result);
        }
    }

    private void awaitDuplicateAddressDetection() throws MoverException {
        long deadline = System.nanoTime() + DAD_WAIT.toNanos();
        String host = this.spec.address().host();
        while (true) {
            Optional<AddressEntry> entry = this.find();
            // The kernel deletes an address with a lifetime when DAD fails, and flags a permanent one "dadfailed".
            if (entry.isEmpty() || entry.get().dadFailed()) {
                throw new MoverException("address " + host + " is already in use by another host on " + this.spec.interfaceName()
                        + ": IPv6 duplicate address detection failed; not taking it over");
            }
            if (!entry.get().tentative()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new MoverException("address " + host + " on " + this.spec.interfaceName() + " is still tentative (duplicate address detection)"
                        + " after " + DAD_WAIT.toSeconds() + " s; is the link up?");
            }
            try {
                TimeUnit.MILLISECONDS.sleep(DAD_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MoverException("interrupted while waiting for duplicate address detection of " + host, e);
            }
        }
    }

    private void announce(int times, java.util.function.BooleanSupplier wanted, Runnable firstStarted) throws MoverException {
        String host = this.spec.address().host();
        String dev = this.spec.interfaceName();
        List<String> command;
        if (this.spec.address().isIpv4()) {
            command = List.of(this.settings.arping().toString(), "-U", "-c", "1", "-I", dev, host);
        } else {
            // na6 picks a random Ethernet source unless told; -e copies it into the target link-layer address option.
            // No -c: the Solicited flag must be clear in an unsolicited advertisement, or receivers drop it.
            command = List.of(this.settings.na6().toString(), "-i", dev, "-s", host, "-d", "ff02::1", "-t", host, "-S", this.mac(), "-e", "-o");
        }
        this.runner.runSpaced(command, times, this.spec.garpInterval(), wanted, firstStarted);
    }

    private String mac() throws MoverException {
        CommandRunner.Result result = this.runner.run(this.ip("-o", "link", "show", "dev", this.spec.interfaceName()));
        Matcher m = ETHER.matcher(result.stdout());
        if (!m.find()) {
            throw new MoverException("interface " + this.spec.interfaceName() + " has no Ethernet address; cannot announce "
                    + this.spec.address().host() + " with neighbour advertisements");
        }
        return m.group(1).toLowerCase(Locale.ROOT);
    }

    Optional<AddressEntry> find() throws MoverException {
        String family = this.spec.address().isIpv4() ? "-4" : "-6";
        CommandRunner.Result result = this.runner.run(this.ip("-o", family, "addr", "show", "dev", this.spec.interfaceName()));
        return AddressEntry.find(result.stdout(), this.spec.address().address());
    }

    private List<String> addressCommand(String verb) {
        String seconds = this.lifetime.map(l -> Long.toString((l.toMillis() + 999) / 1000)).orElse("forever");
        return this.ip("addr", verb, this.spec.address().toString(), "dev", this.spec.interfaceName(),
                "valid_lft", seconds, "preferred_lft", seconds);
    }

    private List<String> ip(String... arguments) {
        List<String> command = new ArrayList<>(arguments.length + 1);
        command.add(this.settings.ip().toString());
        command.addAll(List.of(arguments));
        return command;
    }

    private void removeAfterFailure(MoverException cause) {
        try {
            this.release();
        } catch (MoverException e) {
            cause.addSuppressed(e);
            MoverLogger.LOG.cleanupFailed(this.spec.name(), this.spec.address().toString(), e.getMessage());
        }
    }
}
