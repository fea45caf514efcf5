#!/usr/bin/env bash
# The main job: a live two-node failover demo. Builds ha-vip if needed, starts two WildFly servers
# with the ha-vip layer on this machine (node-a preferred, node-b standby; loopback, port offsets 0
# and 100), gives them one VIP, then crashes node-a (kill -9), shows node-b taking over, restarts
# node-a and shows the VIP failing back. Runs without root: the VIP uses method=none, so ownership
# moves exactly as it would, but no address is added to an interface.
set -euo pipefail
cd "$(dirname "$0")"
server=testsuite/target/server

if [[ ! -x $server/bin/standalone.sh ]]; then
    echo ">> building ha-vip and provisioning $server (the first run downloads WildFly: a few minutes)"
    mvn -B -q install -DskipTests
fi
for port in 9990 10090 7660 7760; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        echo "port $port is in use: stop the server that uses it first" >&2
        exit 1
    fi
done

work=$(mktemp -d)
declare -A pids
cleanup() {
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start() { # name offset
    [[ -d $work/$1 ]] || cp -r "$server/standalone" "$work/$1" # a restart keeps its configuration
    # LAUNCH_JBOSS_IN_BACKGROUND: the script forwards signals; the JVM pid is written to a file
    LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$work/$1.pid" "$server/bin/standalone.sh" \
        -Djboss.server.base.dir="$work/$1" -Djboss.node.name="$1" -Djboss.socket.binding.port-offset="$2" \
        >"$work/$1.log" 2>&1 &
    for _ in $(seq 1 120); do
        [[ -s $work/$1.pid ]] && cli "$2" ':read-attribute(name=server-state)' 2>/dev/null | grep -q running && break
        sleep 0.5
    done
    pids[$1]=$(cat "$work/$1.pid")
}
cli() { # offset commands
    "$server/bin/jboss-cli.sh" -c --controller="127.0.0.1:$((9990 + $1))" --commands="$2"
}
value() { # offset attribute-of-the-VIP
    cli "$1" "/subsystem=ha-vip/virtual-ip=web:read-attribute(name=$2)" | sed -n 's/.*"result" => "\{0,1\}\([^"]*\)"\{0,1\}.*/\1/p'
}
show() {
    printf '   %-7s owner=%-7s state=%-7s held=%s\n' node-a "$(value 0 owner 2>/dev/null || echo -)" "$(value 0 state 2>/dev/null || echo down)" "$(value 0 held 2>/dev/null || echo -)"
    printf '   %-7s owner=%-7s state=%-7s held=%s\n' node-b "$(value 100 owner)" "$(value 100 state)" "$(value 100 held)"
}
await_owner() { # offset owner
    for _ in $(seq 1 150); do [[ $(value "$1" owner) == "$2" && $(value "$1" held) != "" ]] && return; sleep 0.2; done
}

echo ">> starting node-a and node-b (logs in $work)"
start node-a 0
start node-b 100
for offset in 0 100; do
    priority=$([[ $offset == 0 ]] && echo 200 || echo 100)
    cli $offset "/subsystem=ha-vip/virtual-ip=web:add(ip-address=198.18.0.100/24, interface=eth0, method=none, priority=$priority, failback=auto)" >/dev/null
done
await_owner 100 node-a
echo ">> both servers agree: node-a (priority 200) holds the VIP, node-b (100) stands by"
show

echo ">> kill -9 of node-a: no shutdown, no goodbye"
killed=$(date +%s%N)
kill -9 "${pids[node-a]}"
await_owner 100 node-b
show
master=$(cli 100 '/subsystem=ha-vip:history(limit=5)' | grep -B3 '"to" => "MASTER"' | sed -n 's/.*"time" => "\(.*\)",/\1/p' | head -1)
echo ">> node-b saw node-a vanish from the JGroups view (failure detection) and became MASTER" \
     "$(( ($(date -d "$master" +%s%N) - killed) / 1000000 )) ms after the kill (its own clock: history of /subsystem=ha-vip)"

echo ">> restarting node-a (its configuration, VIP included, was saved before the crash)"
rm -f "$work/node-a.pid"
start node-a 0
await_owner 100 node-a
show
echo ">> failback=auto: once node-a was ready again, node-b released the VIP first and node-a took it (a planned handover)"
echo ">> with method=ip (the default) the holder adds 198.18.0.100/24 to eth0 and announces it with gratuitous ARP;"
echo "   as root, the test LabFailoverTest (part of 'mvn -B install') shows that with both servers and a client"
echo "   in network namespaces and prints what the client saw."
