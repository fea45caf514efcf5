package dev.havip.witness;

/**
 * One authenticated connection's conversation: HELLO names the cluster and the node once, then ACQUIRE and
 * RELEASE for that node only. Runs on the connection's thread.
 */
final class Session {

    private final long id;
    private final Leases leases;
    private final WitnessLog log;
    private String cluster;
    private String node;

    Session(long id, Leases leases, WitnessLog log) {
        this.id = id;
        this.leases = leases;
        this.log = log;
    }

    String handle(String line) {
        String[] words = Protocol.parse(line);
        if (words == null) {
            return "ERR malformed request";
        }
        if (words[0].equals("HELLO")) {
            if (this.node != null) {
                return "ERR HELLO twice";
            }
            this.cluster = words[1];
            this.node = words[2];
            return "OK " + this.leases.leaseMs();
        }
        if (this.node == null) {
            return "ERR HELLO first";
        }
        if (words[0].equals("PING")) {
            return "PONG";
        }
        String vip = words[1];
        if (words[0].equals("RELEASE")) {
            this.leases.release(this.cluster, vip, this.node);
            this.log.released(this.cluster, vip, this.node);
            return "RELEASED " + vip;
        }
        Leases.Decision decision = this.leases.acquire(this.cluster, vip, this.node, this.id);
        if (decision.granted()) {
            this.log.granted(this.cluster, vip, this.node);
            return "GRANT " + vip + " " + words[2] + " " + decision.remainingMs() + " " + decision.ended().word + " " + decision.previous();
        }
        return "DENY " + vip + " " + words[2] + " " + decision.holder() + " " + decision.remainingMs();
    }

    void closed() {
        if (this.node != null) {
            this.leases.connectionClosed(this.id);
        }
    }
}
