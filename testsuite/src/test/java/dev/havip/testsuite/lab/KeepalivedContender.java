package dev.havip.testsuite.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * keepalived (Debian's package) beside the same two WildFly servers, configured the way its users do: one VRRP
 * instance on eth0 holding the VIP, node-a priority 200, node-b 100 (preemption on: the equivalent of
 * {@code failback=auto}), and a {@code vrrp_script} that fetches the app from the local server (the equivalent of
 * ha-vip's deployment health check; keepalived's smallest script interval is 1 s). "default": VRRPv2,
 * {@code advert_int 1}; "tuned": VRRPv3, {@code advert_int 0.1} (master down after 3 x 0.1 s + skew).
 * The servers run without a VIP of their own.
 */
final class KeepalivedContender implements Contender {

    static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");

    private final boolean tuned;
    private final Map<String, Process> running = new HashMap<>();

    KeepalivedContender(boolean tuned) {
        this.tuned = tuned;
    }

    static boolean installed() {
        return Files.isExecutable(KEEPALIVED);
    }

    @Override
    public String name() {
        return this.tuned ? "keepalived-tuned" : "keepalived-default";
    }

    @Override
    public String[] serverConfig(int priority) {
        return new String[0];
    }

    @Override
    public void serversUp(Lab lab) throws IOException {
        this.start(lab, "a", 200);
        this.start(lab, "b", 100);
    }

    private void start(Lab lab, String host, int priority) throws IOException {
        Path dir = Files.createDirectories(lab.work.resolve("keepalived-" + host).toAbsolutePath());
        Path health = dir.resolve("health.sh");
        Files.writeString(health, "#!/bin/sh\nexec /usr/bin/curl -sf -m 1 -o /dev/null http://127.0.0.1:8080/\n");
        Files.setPosixFilePermissions(health, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = dir.resolve("keepalived.conf");
        Files.writeString(conf, this.config(host, priority, health));
        List<String> command = new java.util.ArrayList<>(lab.net.exec(host));
        command.addAll(List.of(KEEPALIVED.toString(), "--dont-fork", "--log-console", "--log-detail", "--vrrp",
                "--use-file=" + conf, "--pid=" + dir.resolve("keepalived.pid"), "--vrrp_pid=" + dir.resolve("vrrp.pid")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("keepalived.log").toFile())).start();
        this.running.put(host, process);
    }

    private String config(String host, int priority, Path health) {
        return """
                global_defs {
                    router_id node-%s
                    script_user root
                    %s
                }
                vrrp_script app {
                    script "%s"
                    interval 1
                    timeout 2
                    fall 1
                    rise 1
                }
                vrrp_instance web {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority %d
                    advert_int %s
                    virtual_ipaddress {
                        %s/24 dev eth0
                    }
                    track_script {
                        app
                    }
                }
                """.formatted(host, this.tuned ? "vrrp_version 3" : "vrrp_version 2", health, priority,
                this.tuned ? "0.1" : "1", Lab.VIP);
    }

    @Override
    public void restart(Lab lab, LabServer server) throws Exception {
        server.start();
        this.start(lab, server.host, server == lab.a ? 200 : 100);
    }

    /** The graceful path: stop keepalived (it hands over at once with a priority-0 advert), then the server. */
    @Override
    public void plannedAway(Lab lab, Scenario scenario) throws Exception {
        if (scenario != Scenario.SHUTDOWN) {
            throw new IllegalArgumentException(scenario.name());
        }
        Process keepalived = this.running.remove("a");
        keepalived.destroy(); // SIGTERM
        if (!keepalived.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("keepalived on node-a did not stop within 30 s of SIGTERM");
        }
        lab.a.shutdown();
    }

    @Override
    public void plannedBack(Lab lab, Scenario scenario) throws Exception {
        this.restart(lab, lab.a);
    }

    @Override
    public Set<Scenario> scenarios() {
        // no equivalent of ha-vip's move and maintenance operations
        return EnumSet.complementOf(EnumSet.of(Scenario.MOVE, Scenario.MAINTENANCE));
    }

    @Override
    public void close() {
        this.running.values().forEach(Process::destroyForcibly);
        this.running.clear();
    }
}
