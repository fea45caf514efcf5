#!/usr/bin/env bash
# The main job: a live two-node failover demo. Builds ha-vip if needed, starts two WildFly servers with the
# ha-vip layer (node-a preferred, node-b standby) sharing one virtual IP, crashes node-a (kill -9), shows
# node-b taking over, restarts node-a and shows the VIP failing back.
#
# As root: the SPEC's test network in network namespaces (hub 198.18.0.254, node-a 198.18.0.1, node-b
# 198.18.0.2, client 198.18.0.10; nothing is added to this machine's own network): the VIP 198.18.0.100 is
# really added to the holder's eth0 and announced with gratuitous ARP, and a client opens a new connection
# to it every 10 ms and reports what it sees.
# Without root, or with --loopback: both servers on this machine's loopback (port offsets 0 and 100) with
# method=none: ownership moves exactly as it would, but no address is added to an interface.
#
# MAVEN_ARGS (optional): extra arguments for the build, e.g. MAVEN_ARGS="-o -Dmaven.repo.local=/tmp/m2".
set -euo pipefail
cd "$(dirname "$0")"

usage() {
    cat <<'EOF'
usage: ./demo.sh [--loopback]
  as root:        two WildFly servers and a client in network namespaces, the VIP on a real interface
  --loopback:     (default without root) two servers on loopback, method=none: no address is moved
environment:      MAVEN_ARGS  extra arguments for the build (only used when something must be built)
EOF
}

mode=auto
for arg in "$@"; do
    case $arg in
        --loopback) mode=loopback ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $arg" >&2; usage >&2; exit 2 ;;
    esac
done
if [[ $mode == auto ]]; then
    if [[ $(id -u) == 0 ]]; then mode=netns; else mode=loopback; fi
fi

home=$PWD/testsuite/target/server
classes=$PWD/testsuite/target/test-classes
readonly VIP=198.18.0.100 GATEWAY=198.18.0.254

# ---------------------------------------------------------------------------------------------- helpers
now_ms() {
    if [[ -n ${EPOCHREALTIME:-} ]]; then
        local us=${EPOCHREALTIME/[.,]/}
        echo $((us / 1000))
    else
        date +%s%3N
    fi
}
t0=$(now_ms)
stamp() { # [epoch-ms]: time since the start of the demo, e.g. "[+  12.345 s]"
    local d=$((${1:-$(now_ms)} - t0))
    ((d >= 0)) || d=0
    printf '[+%4d.%03d s]' $((d / 1000)) $((d % 1000))
}
say() { printf '%s %s\n' "$(stamp)" "$*"; }
note() { printf '              %s\n' "$@"; } # continuation lines, under the text of say
have() { command -v "$1" >/dev/null 2>&1; }
logs=() # what to look at when something fails
die() {
    {
        printf '%s FAILED: %s\n' "$(stamp)" "$1"
        local log
        for log in "${logs[@]}"; do [[ -e $log ]] && printf '   see %s\n' "$log"; done
    } >&2
    exit 1
}
# Runs a command with a time limit. In the background, so that Ctrl-C (a trapped signal) interrupts the
# wait at once instead of after the command.
bounded() { # seconds command...
    timeout "$1" "${@:2}" &
    wait "$!"
}
# A server is started in its own session (setsid), so the cleanup can kill it, JVM included, as a process group.
launch() { # log command...: starts it; $launched is its pid (= its process group)
    local log=$1
    shift
    setsid "$@" >>"$log" 2>&1 </dev/null &
    launched=$!
    disown "$launched" # no "Killed" notice from bash when it ends
    groups+=("$launched")
}
seconds() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); } # ms -> "9.6"

# ---------------------------------------------------------------------------------------------- build
if [[ ! -x $home/bin/standalone.sh || ! -f $classes/dev/havip/testsuite/lab/Prober.class ]]; then
    have mvn || { echo "needs Maven 3.8+ and Java 17 to build ha-vip (see README.md, Requirements)" >&2; exit 1; }
    read -ra maven_args <<<"${MAVEN_ARGS:-}"
    say "building ha-vip and provisioning $home (the first run downloads WildFly: a few minutes)"
    env -u MAVEN_ARGS mvn -B -q "${maven_args[@]}" install -DskipTests
fi

# ---------------------------------------------------------------------------------------------- cleanup
work=$(mktemp -d "${TMPDIR:-/tmp}/ha-vip-demo.XXXXXX")
namespaces=() # created network namespaces, in order
groups=()     # process groups of the servers (see launch)
summariser='' # the awk that summarises the client's probes
keep=''       # set when something looked wrong: the logs are kept even though the demo ran through
cleanup() {
    local status=$? ns pid i
    set +e
    trap '' INT TERM HUP
    [[ -n $summariser ]] && kill -9 "$summariser" 2>/dev/null
    for pid in "${groups[@]}"; do kill -9 -- "-$pid" 2>/dev/null; done
    for ((i = ${#namespaces[@]} - 1; i >= 0; i--)); do
        ns=${namespaces[i]}
        # deleting a namespace leaves its processes running: kill them first
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            mapfile -t ns_pids < <(ip netns pids "$ns" 2>/dev/null)
            ((${#ns_pids[@]})) || break
            kill -9 "${ns_pids[@]}" 2>/dev/null
            sleep 0.3
        done
        ip netns del "$ns" 2>/dev/null || echo "could not delete network namespace $ns" >&2
    done
    wait 2>/dev/null
    if ((status != 0 && status < 128)) || [[ -n $keep ]]; then
        echo "(logs kept in $work)" >&2
    else
        rm -rf "$work"
    fi
    ((${#namespaces[@]})) && echo "cleaned up: namespaces ${namespaces[*]} and everything that ran in them"
    return 0
}
trap cleanup EXIT
trap 'echo; echo "interrupted"; exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# The base directory of a server: its own copy of standalone/, with a ROOT.war whose index.html names the node.
prepare() { # name
    local base=$work/$1 app=$work/app-$1
    cp -r "$home/standalone" "$base"
    mkdir -p "$app/WEB-INF"
    printf '%s\n' "$1" >"$app/index.html"
    printf '%s\n' '<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0"/>' >"$app/WEB-INF/web.xml"
    if have jar; then
        jar cfM "$base/deployments/ROOT.war" -C "$app" .
    elif have zip; then
        (cd "$app" && zip -q -r "$base/deployments/ROOT.war" .)
    else
        die "needs 'jar' (from the JDK) or 'zip' to build the demo's ROOT.war"
    fi
}

# Prints the entries of a /subsystem=ha-vip:history result, one per line: time TAB what TAB from TAB to TAB reason
parse_history() { # file
    awk '
        /^ *\{ *$/ { split("", e) }
        match($0, /"[a-z-]+" => /) {
            key = substr($0, RSTART + 1, RLENGTH - 6); value = substr($0, RSTART + RLENGTH)
            sub(/,$/, "", value); sub(/^"/, "", value); sub(/"$/, "", value); e[key] = value
        }
        /^ *\},? *$/ && ("time" in e) {
            what = ("virtual-ip" in e) ? "virtual-ip " e["virtual-ip"] : "health-check " e["health-check"]
            printf "%s\t%s\t%s\t%s\t%s\n", e["time"], what, e["from"], e["to"], e["reason"]; split("", e)
        }' "$1"
}
print_history() { # file title
    local time what from to reason
    note "$2"
    while IFS=$'\t' read -r time what from to reason; do
        note "  $(stamp "$(date -d "$time" +%s%3N)") $what: $from -> $to${reason:+  ($reason)}"
    done < <(parse_history "$1")
}
transition_after() { # file since-ms to-state: epoch ms of the first transition of the VIP web to to-state at/after since
    local time what from to reason t first=''
    while IFS=$'\t' read -r time what from to reason; do
        [[ $what == "virtual-ip web" && $to == "$3" ]] || continue
        t=$(date -d "$time" +%s%3N)
        ((t >= $2)) && [[ -z $first || $t -lt $first ]] && first=$t
    done < <(parse_history "$1")
    [[ -n $first ]] && echo "$first"
}

# ================================================================================= live demo, as root
netns_demo() {
    local tool
    for tool in ip:iproute2 arping:iputils-arping java:openjdk-17-jdk-headless; do
        have "${tool%%:*}" || die "needs '${tool%%:*}' (Debian: apt-get install ${tool#*:}), or run ./demo.sh --loopback"
    done
    java=$(command -v java)
    [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]] && java=$JAVA_HOME/bin/java

    # a random prefix: never collides with the tests' namespaces or another demo
    local chars=abcdefghijklmnopqrstuvwxyz0123456789 i
    while :; do
        prefix=hd
        for i in 1 2 3 4 5; do prefix+=${chars:RANDOM%36:1}; done
        [[ $'\n'$(ip netns list)$'\n' == *$'\n'"$prefix-"* ]] || break
    done

    echo "ha-vip live demo: two WildFly servers and a client, each in its own network namespace (as root)"
    note "hub     $GATEWAY  bridge joining the hosts; the gateway, and the tie-breaker of the two servers" \
         "node-a  198.18.0.1    priority 200 (preferred)" \
         "node-b  198.18.0.2    priority 100 (standby)" \
         "client  198.18.0.10   opens a new TCP connection to the VIP every 10 ms" \
         "VIP     $VIP/24 on eth0, method=ip, failback=auto, quorum=tie-breaker" \
         "namespaces $prefix-{hub,a,b,client}, nothing touches this machine's own network; work dir $work"

    # ---- the network (SPEC, "Test network convention"; NetLab in the testsuite does the same)
    net() { "$@" >/dev/null 2>"$work/ip.err" || die "network setup failed: $* ($(<"$work/ip.err")); try ./demo.sh --loopback"; }
    ns() { echo "$prefix-$1"; }
    hub=$(ns hub)
    namespaces+=("$hub")
    net ip netns add "$hub"
    net ip -n "$hub" link set lo up
    net ip -n "$hub" link add hub type bridge
    net ip -n "$hub" link set hub type bridge mcast_snooping 0
    net ip -n "$hub" addr add "$GATEWAY/24" dev hub
    net ip -n "$hub" link set hub up
    host() { # name address: eth0 is a veth whose other end is created directly inside the hub namespace
        local name=$1 host_ns
        host_ns=$(ns "$1")
        namespaces+=("$host_ns")
        net ip netns add "$host_ns"
        net ip link add "$prefix$name" netns "$hub" type veth peer name eth0 netns "$host_ns"
        net ip -n "$hub" link set "$prefix$name" master hub up
        net ip -n "$host_ns" link set lo up
        net ip -n "$host_ns" addr add "$2/24" dev eth0
        net ip -n "$host_ns" link set eth0 up
    }
    host a 198.18.0.1
    host b 198.18.0.2
    host client 198.18.0.10
    say "network ready"

    # ---- the servers: configured before boot with an embedded CLI inside their namespace (LabServer, Lab.config)
    declare -gA host_of=([node-a]=a [node-b]=b) address_of=([node-a]=198.18.0.1 [node-b]=198.18.0.2) launcher
    peers=(-Dha-vip.peer1.host=198.18.0.1 -Dha-vip.peer1.port=7660 -Dha-vip.peer2.host=198.18.0.2 -Dha-vip.peer2.port=7660)
    logs=("$work/node-a/console.log" "$work/node-a/log/server.log" "$work/node-b/console.log" "$work/node-b/log/server.log")
    local name priority configuring=()
    say "configuring node-a and node-b before boot (jboss-cli embed-server: quorum, tie-breaker, the VIP)"
    for name in node-a node-b; do
        prepare "$name"
        priority=$([[ $name == node-a ]] && echo 200 || echo 100)
        printf '%s\n' "embed-server --server-config=standalone.xml --std-out=discard" "batch" \
            "/subsystem=ha-vip:write-attribute(name=tie-breaker-address,value=$GATEWAY)" \
            "/subsystem=ha-vip:write-attribute(name=quorum,value=tie-breaker)" \
            "/subsystem=ha-vip/virtual-ip=web:add(ip-address=$VIP/24,interface=eth0,priority=$priority,failback=auto,garp-refresh-interval=3000)" \
            "run-batch" "stop-embedded-server" >"$work/$name/configure.cli"
        bounded 120 ip netns exec "$(ns "${host_of[$name]}")" env "JAVA_OPTS=-Djboss.server.base.dir=$work/$name" \
            "$home/bin/jboss-cli.sh" "--file=$work/$name/configure.cli" >"$work/$name/configure.log" 2>&1 &
        configuring+=("$!")
    done
    wait "${configuring[@]}" || true
    for name in node-a node-b; do
        grep -q 'The batch executed successfully' "$work/$name/configure.log" ||
            { logs=("$work/$name/configure.log"); die "configuring $name failed (or took more than 120 s)"; }
    done

    start() { # name
        rm -f "$work/$1/server.pid"
        launch "$work/$1/console.log" ip netns exec "$(ns "${host_of[$1]}")" env \
            "JAVA_OPTS=-Xms64m -Xmx384m -Djava.net.preferIPv4Stack=true" LAUNCH_JBOSS_IN_BACKGROUND=1 \
            "JBOSS_PIDFILE=$work/$1/server.pid" "$home/bin/standalone.sh" \
            "-Djboss.server.base.dir=$work/$1" "-Djboss.node.name=$1" -Djboss.bind.address=0.0.0.0 \
            "-Djboss.bind.address.private=${address_of[$1]}" "-Djboss.bind.address.management=${address_of[$1]}" "${peers[@]}"
        launcher[$1]=$launched
    }
    alive() { kill -0 "${launcher[$1]}" 2>/dev/null; }
    http_get() { # ns address: the body of http://address:8080/, seen from inside ns
        if have curl; then
            ip netns exec "$1" curl -s -m 1 "http://$2:8080/" 2>/dev/null
        else # shellcheck disable=SC2016 # $0 is expanded by that bash: the address, passed as an argument
            ip netns exec "$1" timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/8080" && printf "GET / HTTP/1.0\r\n\r\n" >&3 && sed "1,/^\r$/d" <&3' "$2" 2>/dev/null
        fi
    }
    await_serving() { # name
        local deadline=$(($(now_ms) + 120000))
        until [[ $(http_get "$(ns client)" "${address_of[$1]}") == "$1" ]]; do
            alive "$1" || die "$1 exited during boot"
            (($(now_ms) < deadline)) || die "$1 did not answer on http://${address_of[$1]}:8080/ within 120 s"
            sleep 0.25
        done
    }
    say "starting node-a and node-b inside their namespaces"
    start node-a
    start node-b
    await_serving node-a
    await_serving node-b
    say "both servers answer on their own addresses (http://198.18.0.1:8080/ and http://198.18.0.2:8080/)"

    # ---- the client: the testsuite's Prober inside the client namespace, summarised by awk
    # Prober prints "<start ms> <end ms> <answer or FAIL:reason>" per probe and stops when its stdin closes:
    # a FIFO opened read-write never does. The summariser keeps every line in probes.log.
    say "client starts: a new TCP connection to $VIP:8080 every 10 ms (GET /, the page names the node)"
    local started
    started=$(now_ms)
    mkfifo "$work/prober.stdin"
    ip netns exec "$(ns client)" "$java" -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$classes" \
        dev.havip.testsuite.lab.Prober "$VIP" 8080 10 <>"$work/prober.stdin" 2>"$work/prober.err" |
        awk -v t0="$t0" -v raw="$work/probes.log" '
            function stamp(ms,   d) { d = ms - t0; if (d < 0) d = 0; return sprintf("[+%4d.%03d s]", int(d / 1000), d % 1000) }
            function say(ms, text) { printf "%s    client | %s\n", stamp(ms), text; fflush() }
            function plural(n, word) { return n " " word (n == 1 ? "" : "s") }
            function reason(r,   p, k, n, text) { # FAIL:ConnectException:Connection_refused -> Connection refused
                sub(/^FAIL:/, "", r); n = split(r, p, ":"); text = p[n < 2 ? 1 : 2]
                for (k = 3; k <= n; k++) text = text ":" p[k]
                gsub(/_/, " ", text); return text
            }
            function reasons(   r, text) { text = ""; for (r in why) text = text (text == "" ? "" : ", ") r " x" why[r]; return text }
            {
                print > raw; fflush(raw)
                start = $1 + 0; answer = $3; probes++
                if (answer !~ /^FAIL/) {
                    if (failing) {
                        if (!served) say(start, sprintf("first answer: %s, after %s (%s)", answer, plural(failed, "failed probe"), reasons()))
                        else say(start, sprintf("answered by %s%s after an outage of %d ms: %s (%s)", answer, answer == who ? " again" : "",
                                                start - last_ok, plural(failed, "failed probe"), reasons()))
                        failing = 0
                    } else if (!served) {
                        say(start, "answered by " answer)
                    } else if (answer != who) {
                        say(start, sprintf("answered by %s (was %s), no failed probe; %d ms since the previous answer", answer, who, start - last_ok))
                    }
                    if (served && start - last_ok > longest) longest = start - last_ok
                    served = 1; who = answer; last_ok = start
                } else {
                    if (!failing) { failing = 1; failed = 0; split("", why); say(start, "no answer: " reason(answer)) }
                    failed++; total_failed++; why[reason(answer)]++
                }
            }
            END {
                if (failing) say(start, sprintf("still no answer (%s so far)", plural(failed, "failed probe")))
                printf "%s    client | stopped: %s, %d failed, longest time between two answers %d ms\n", stamp(start), plural(probes, "probe"),
                       total_failed, longest; fflush()
            }' &
    summariser=$!
    streak() { # node count since-ms: "start end" of the first of count consecutive probes answered by node
        awk -v node="$1" -v n="$2" -v since="$3" '
            ($1 + 0) >= (since + 0) {
                if ($3 == node) { if (s++ == 0) first = $1 " " $2; if (s >= n) { print first; found = 1; exit } } else s = 0
            }
            END { exit !found }' "$work/probes.log" 2>/dev/null
    }
    await_streak() { # node count since-ms timeout-s what [server that must stay alive]; sets $found (see streak)
        local deadline=$(($(now_ms) + $4 * 1000))
        until found=$(streak "$1" "$2" "$3"); do
            kill -0 "$summariser" 2>/dev/null || { logs=("$work/prober.err" "${logs[@]}"); die "the client (Prober) stopped"; }
            [[ -z ${6:-} ]] || alive "$6" || die "$6 exited"
            (($(now_ms) < deadline)) || die "$5: not within $4 s (last probes: $(tail -n 1 "$work/probes.log" 2>/dev/null))"
            sleep 0.2
        done
    }
    cli_ns() { # host commands: the CLI of a running server, from inside its namespace
        bounded 60 ip netns exec "$(ns "$1")" "$home/bin/jboss-cli.sh" -c "--controller=${address_of[node-$1]}:9990" "--commands=$2"
    }
    attribute() { # name file: a value from CLI output ("name" => "value",)
        awk -v key="\"$1\"" '$1 == key { v = $3; gsub(/[",]/, "", v); print v; exit }' "$2"
    }
    holds() { [[ $(ip -n "$(ns "$1")" -4 -o addr show dev eth0) == *" $VIP/"* ]]; }
    mac() { ip -n "$(ns "$1")" -o link show dev eth0 | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2; }
    local mac_a mac_b
    mac_a=$(mac a)
    mac_b=$(mac b)
    show() { # who has the VIP on eth0, and where the client's ARP entry points
        local h n line entry
        note "who has $VIP on eth0 (ip -n <namespace> addr show dev eth0):"
        for h in a b; do
            n=node-$h
            line=$(ip -n "$(ns "$h")" -4 -o addr show dev eth0 | awk -v vip="$VIP" '
                { a = $4; if (index($4, vip "/") == 1) { for (i = 5; i < NF; i++) if ($i == "valid_lft") a = a " (valid_lft " $(i + 1) ")"; held = 1 }
                  text = text (text == "" ? "" : ", ") a }
                END { print text (held ? "   <- has the VIP" : "") }')
            note "  $n ($( [[ $h == a ]] && echo "$mac_a" || echo "$mac_b")): $line$(alive "$n" || echo "   [server dead]")"
        done
        entry=$(ip -n "$(ns client)" neigh show "$VIP" dev eth0)
        case $entry in
            *"$mac_a"*) entry="$entry = node-a" ;;
            *"$mac_b"*) entry="$entry = node-b" ;;
        esac
        note "the client's ARP entry (ip -n <client> neigh show $VIP): ${entry:-none}"
    }

    # ---- 1. steady: node-a holds the VIP and serves the client
    local first_b_end
    await_streak node-a 20 "$started" 60 "the client is served by node-a through the VIP"
    local deadline=$(($(now_ms) + 5000))
    until holds a && ! holds b; do
        (($(now_ms) < deadline)) || die "the VIP is not on node-a's eth0 alone after 5 s"
        sleep 0.2
    done
    say "steady: node-a holds the VIP and serves the client"
    show
    # the standby must know who holds the VIP (the coordinator's assignment reached it) before the crash
    deadline=$(($(now_ms) + 30000))
    local owner='' state=''
    until [[ $owner == node-a && $state == BACKUP ]]; do
        (($(now_ms) < deadline)) || die "node-b does not see node-a as the holder after 30 s (owner=$owner, state=$state)"
        cli_ns b '/subsystem=ha-vip/virtual-ip=web:read-resource(include-runtime=true)' >"$work/node-b/vip.txt" 2>&1 || sleep 0.5
        owner=$(attribute owner "$work/node-b/vip.txt")
        state=$(attribute state "$work/node-b/vip.txt")
    done
    say "node-b agrees (its CLI: owner=$owner, its own state $state): ready for the crash"

    # ---- 2. kill -9 of the holder
    local pid killed
    pid=$(<"$work/node-a/server.pid")
    say "kill -9 of node-a's JVM (pid $pid): no shutdown, no goodbye to the cluster"
    killed=$(now_ms)
    kill -9 "$pid"
    await_streak node-b 20 "$killed" 30 "the client is served by node-b after the kill" node-b
    read -r _ first_b_end <<<"$found"
    say "node-b serves the client: first answer $((first_b_end - killed)) ms after the kill"
    if ((first_b_end - killed > 2000)); then
        keep=1
        say "WARNING: much slower than usual (about 0.2 s, README: Performance); see node-b's history below"
    fi
    show
    # node-b's own account (a CLI JVM: a few seconds; meanwhile watch dead node-a's address expire)
    cli_ns b '/subsystem=ha-vip:history(limit=5)' >"$work/history-b.txt" 2>&1 &
    local history_pid=$! master expiry seen=0
    deadline=$((killed + 20000))
    while holds a && (($(now_ms) < deadline)); do
        seen=1
        sleep 0.2
    done
    if holds a; then
        keep=1
        expiry="more than 20 s (expected: at most its lifetime, 10 s)"
        say "WARNING: $VIP is still on dead node-a's eth0 $(seconds $(($(now_ms) - killed))) s after the kill (expected: at most its lifetime, 10 s)"
    elif ((seen)); then
        expiry="$(seconds $(($(now_ms) - killed))) s (address lifetime 10 s)"
        say "dead node-a's kernel dropped $VIP from its eth0 $(seconds $(($(now_ms) - killed))) s after the kill: its lifetime ran out"
    else
        expiry="less than $(seconds $(($(now_ms) - killed))) s (address lifetime 10 s)"
        say "dead node-a's kernel has already dropped $VIP from its eth0 (its lifetime ran out)"
    fi
    wait "$history_pid" || true
    master=$(transition_after "$work/history-b.txt" "$killed" MASTER) ||
        { logs=("$work/history-b.txt" "${logs[@]}"); die "node-b's history shows no MASTER transition after the kill"; }
    say "node-b's own history: MASTER $((master - killed)) ms after the kill"
    print_history "$work/history-b.txt" "node-b: /subsystem=ha-vip:history(limit=5), newest first"

    # ---- 3. restart node-a: failback
    local restarted first_a_start first_a_end
    say "restarting node-a (its configuration, VIP included, is in its standalone.xml)"
    restarted=$(now_ms)
    start node-a
    await_streak node-a 50 "$restarted" 150 "the client is served by node-a again (failback)" node-a
    read -r first_a_start first_a_end <<<"$found"
    say "failback: node-a serves the client again, $(seconds $((first_a_end - restarted))) s after its restart"
    sleep 1
    show
    local ended
    ended=$(now_ms)
    mapfile -t client_pids < <(ip netns pids "$(ns client)")
    ((${#client_pids[@]} == 0)) || kill "${client_pids[@]}" 2>/dev/null || true
    bounded 10 tail --pid="$summariser" -f /dev/null || true
    summariser=''

    # node-b's and node-a's history: the handover at the failback
    cli_ns a '/subsystem=ha-vip:history(limit=5)' >"$work/history-a2.txt" 2>&1 &
    local ha=$!
    cli_ns b '/subsystem=ha-vip:history(limit=5)' >"$work/history-b2.txt" 2>&1 &
    wait "$ha" "$!" || true
    local released took handover="unknown (see the histories above)"
    released=$(transition_after "$work/history-b2.txt" "$restarted" BACKUP) || released=''
    took=$(transition_after "$work/history-a2.txt" "$restarted" MASTER) || took=''
    [[ -n $released && -n $took ]] &&
        handover="$((took - released)) ms (node-b BACKUP at $(stamp "$released"), node-a MASTER at $(stamp "$took"))"
    print_history "$work/history-b2.txt" "node-b: /subsystem=ha-vip:history(limit=5), newest first"
    print_history "$work/history-a2.txt" "node-a (restarted): /subsystem=ha-vip:history(limit=5), newest first"

    # ---- figures, from the client's probes (probes.log) and the servers' histories
    window() { # from-ms to-ms: "longest time between two answers" and "failed probes" in the window
        awk -v from="$1" -v to="$2" '($1 + 0) >= (from + 0) && ($1 + 0) <= (to + 0) {
                if ($3 ~ /^FAIL/) failed++; else { if (last != "" && $1 - last > gap) gap = $1 - last; last = $1 } }
            END { printf "%d ms / %d failed probe%s\n", gap, failed, failed == 1 ? "" : "s" }' "$work/probes.log"
    }
    echo
    echo "Figures of this run"
    note "kill -9 -> node-b MASTER (node-b's history):        $((master - killed)) ms" \
         "kill -9 -> the client's first answer from node-b:  $((first_b_end - killed)) ms" \
         "client at the kill, longest gap / failed probes:   $(window $((killed - 1000)) $((first_b_end + 1000)))" \
         "VIP left on dead node-a's eth0 for:                $expiry" \
         "failback, node-b released -> node-a took the VIP:  $handover" \
         "client at the failback, longest gap / failed:      $(window $((first_a_start - 10000)) "$ended")"
    [[ -z $keep ]] || note "" "WARNING: this run was not as expected (see above); the logs stay in $work"
    echo
    echo "What happened"
    note "- node-a and node-b watch each other over JGroups (TCP between 198.18.0.1 and .2; a crashed peer's closed socket" \
         "  is noticed at once, a silent peer after about half a second). kill -9 closed node-a's sockets, so node-b" \
         "  soon installed a new JGroups view without node-a, became coordinator, still had quorum (it reaches the" \
         "  tie-breaker $GATEWAY) and assigned itself the VIP: BACKUP -> MASTER." \
         "- Taking the VIP: 'ip addr replace $VIP/24 dev eth0 valid_lft 10 preferred_lft 10', then gratuitous ARP" \
         "  ('arping -U'). The client's ARP entry moved to node-b's MAC, so its next connections went to node-b. The" \
         "  failed probes before that went to node-a's MAC: its kernel still had the address but no server behind it." \
         "- Dead node-a's kernel kept the address on its eth0 until its lifetime ran out (a live holder renews the 10 s" \
         "  every 3 s with a new announcement); nothing announced it any more, so the client did not go back to it." \
         "- node-a came back with priority 200 and failback=auto: once it was ready, the coordinator revoked the VIP" \
         "  from node-b, waited until node-b had removed the address (MASTER -> BACKUP), and only then assigned it to" \
         "  node-a, which added and announced it: a planned handover, never on both servers at once. Connections" \
         "  the client started in that gap went to node-b's MAC and got no answer (each gives up after 300 ms)."
}

# ================================================================================= loopback demo
loopback_demo() {
    local port
    if [[ $(id -u) == 0 ]]; then
        echo "ha-vip demo on loopback (--loopback): two servers on this machine, method=none, no address is moved"
    else
        echo "ha-vip demo on loopback (not root): two servers on this machine, method=none, no address is moved"
        note "As root, ./demo.sh runs the live version instead: both servers and a client in network namespaces," \
             "the VIP really added to the holder's eth0 and announced with gratuitous ARP, and a client connecting" \
             "to the VIP every 10 ms that shows which server answers and how long the outage lasts."
    fi
    for port in 9990 10090 7660 7760 8080 8180; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "port $port is in use: stop the server that uses it first" >&2
            exit 1
        fi
    done
    declare -gA offset_of=([node-a]=0 [node-b]=100) launcher
    logs=("$work/node-a/console.log" "$work/node-a/log/server.log" "$work/node-b/console.log" "$work/node-b/log/server.log")
    cli() { # offset commands
        bounded 60 "$home/bin/jboss-cli.sh" -c --controller="127.0.0.1:$((9990 + $1))" --commands="$2"
    }
    start() { # name
        local offset=${offset_of[$1]} deadline
        [[ -d $work/$1 ]] || cp -r "$home/standalone" "$work/$1" # a restart keeps its configuration
        rm -f "$work/$1/server.pid"
        # LAUNCH_JBOSS_IN_BACKGROUND: the script forwards signals; the JVM pid is written to a file
        launch "$work/$1/console.log" env LAUNCH_JBOSS_IN_BACKGROUND=1 "JBOSS_PIDFILE=$work/$1/server.pid" \
            "$home/bin/standalone.sh" "-Djboss.server.base.dir=$work/$1" "-Djboss.node.name=$1" \
            "-Djboss.socket.binding.port-offset=$offset"
        launcher[$1]=$launched
        deadline=$(($(now_ms) + 120000))
        until [[ -s $work/$1/server.pid && $(cli "$offset" ':read-attribute(name=server-state)' 2>/dev/null) == *running* ]]; do
            kill -0 "${launcher[$1]}" 2>/dev/null || die "$1 exited during boot"
            (($(now_ms) < deadline)) || die "$1 did not start within 120 s"
            sleep 0.5
        done
    }
    value() { # offset attribute-of-the-VIP
        cli "$1" "/subsystem=ha-vip/virtual-ip=web:read-attribute(name=$2)" | sed -n 's/.*"result" => "\{0,1\}\([^"]*\)"\{0,1\}.*/\1/p'
    }
    show() {
        note "$(printf '%-7s owner=%-7s state=%-7s held=%s' node-a "$(value 0 owner 2>/dev/null || echo -)" "$(value 0 state 2>/dev/null || echo down)" "$(value 0 held 2>/dev/null || echo -)")" \
             "$(printf '%-7s owner=%-7s state=%-7s held=%s' node-b "$(value 100 owner)" "$(value 100 state)" "$(value 100 held)")"
    }
    await_owner() { # offset owner timeout-s
        local deadline=$(($(now_ms) + $3 * 1000))
        until [[ $(value "$1" owner) == "$2" && $(value "$1" held) != "" ]]; do
            (($(now_ms) < deadline)) || die "$2 did not become the owner of the VIP within $3 s"
            sleep 0.2
        done
    }

    say "starting node-a and node-b (port offsets 0 and 100; logs in $work)"
    start node-a
    start node-b
    local name priority
    for name in node-a node-b; do
        priority=$([[ $name == node-a ]] && echo 200 || echo 100)
        cli "${offset_of[$name]}" "/subsystem=ha-vip/virtual-ip=web:add(ip-address=$VIP/24, interface=eth0, method=none, priority=$priority, failback=auto)" \
            >"$work/$name/add.log" 2>&1 || { logs=("$work/$name/add.log" "${logs[@]}"); die "adding the VIP to $name failed"; }
    done
    await_owner 100 node-a 60
    say "both servers agree: node-a (priority 200) holds the VIP, node-b (100) stands by"
    show

    local pid killed master
    pid=$(<"$work/node-a/server.pid")
    say "kill -9 of node-a's JVM (pid $pid): no shutdown, no goodbye"
    killed=$(now_ms)
    kill -9 "$pid"
    await_owner 100 node-b 30
    show
    cli 100 '/subsystem=ha-vip:history(limit=5)' >"$work/history-b.txt" 2>&1 || true
    master=$(transition_after "$work/history-b.txt" "$killed" MASTER) ||
        { logs=("$work/history-b.txt" "${logs[@]}"); die "node-b's history shows no MASTER transition after the kill"; }
    say "node-b saw node-a vanish from the JGroups view (failure detection) and became MASTER $((master - killed)) ms" \
        "after the kill (its own clock: history of /subsystem=ha-vip)"

    say "restarting node-a (its configuration, VIP included, was saved before the crash)"
    start node-a
    await_owner 100 node-a 150
    show
    say "failback=auto: once node-a was ready again, node-b released the VIP first and node-a took it (a planned handover)"
    note "With method=ip (the default) the holder adds $VIP/24 to eth0 and announces it with gratuitous ARP;" \
         "run ./demo.sh as root to see that live, with a client, in network namespaces."
}

if [[ $mode == netns ]]; then netns_demo; else loopback_demo; fi
