#!/bin/bash
# Makes docs/jconsole-ha-vip.png (README, "JConsole"): one provisioned server with a VIP, JConsole
# on a virtual display (Xvfb) started with bin/ha-vip-jconsole.sh, driven by xdotool to
# dev.havip > VirtualIp > web > Notifications > Subscribe; then the CLI puts the server in
# maintenance (the VIP goes MASTER -> MAINTENANCE) and the received State notification is shot.
# Not run by CI. Needs the provisioned server (mvn install -DskipTests) and, installed here as root
# when missing, Debian's xvfb, xdotool, imagemagick and x11-utils.
#
#   docs/jconsole-screenshot.sh [output.png]
#
# The server runs from a copy of standalone/ in a temporary directory, with port offset
# $PORT_OFFSET (default 300: management 10290) and itself as its only JGroups peer, so it never
# meets other servers on this host. Server, JConsole and Xvfb are stopped however the script ends.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVER_HOME=${SERVER_HOME:-$ROOT/testsuite/target/server}
OUT=${1:-$ROOT/docs/jconsole-ha-vip.png}
PORT_OFFSET=${PORT_OFFSET:-300}
IFACE=${IFACE:-eth0}   # method=none: the VIP is only bookkept, nothing is added to it
MGMT_PORT=$((9990 + PORT_OFFSET))
JGROUPS_PORT=$((7660 + PORT_OFFSET))
SCREEN_W=1600
SCREEN_H=600

log() { echo "[jconsole-screenshot] $*"; }
die() { log "ERROR: $*" >&2; exit 1; }

# --- what it needs --------------------------------------------------------------------------
missing=()
for tool in Xvfb:xvfb xdotool:xdotool import:imagemagick xwininfo:x11-utils; do
    command -v "${tool%%:*}" > /dev/null || missing+=("${tool#*:}")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        die "missing packages; run: sudo apt-get install -y --no-install-recommends ${missing[*]}"
    fi
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" > /dev/null
fi
[ -x "$SERVER_HOME/bin/ha-vip-jconsole.sh" ] ||
    die "no provisioned server with bin/ha-vip-jconsole.sh at $SERVER_HOME (run: mvn install -DskipTests)"

# --- clean-up, however it ends --------------------------------------------------------------
WORK=$(mktemp -d /tmp/ha-vip-jconsole.XXXXXX)
SERVER_PID=
XVFB_PID=
JCONSOLE_PID=
cleanup() {
    local pid
    for pid in "$JCONSOLE_PID" "$SERVER_PID"; do
        # standalone.sh passes TERM on to the server's JVM
        if [ -n "$pid" ]; then kill "$pid" 2> /dev/null || true; fi
    done
    for pid in "$JCONSOLE_PID" "$SERVER_PID"; do
        if [ -n "$pid" ]; then wait "$pid" 2> /dev/null || true; fi
    done
    if [ -n "$XVFB_PID" ]; then kill "$XVFB_PID" 2> /dev/null || true; wait "$XVFB_PID" 2> /dev/null || true; fi
    if [ -f "$WORK/server.log" ] && [ -n "${KEEP_LOGS:-}" ]; then cp "$WORK"/*.log "$KEEP_LOGS"/; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cli() {
    "$SERVER_HOME/bin/jboss-cli.sh" -c --controller="remote+http://127.0.0.1:$MGMT_PORT" --command="$1"
}

# until COMMAND prints something matching PATTERN, at most SECONDS
wait_for() {
    local seconds=$1 pattern=$2
    shift 2
    local end=$((SECONDS + seconds))
    until "$@" 2> /dev/null | grep -q -- "$pattern"; do
        [ "$SECONDS" -lt "$end" ] || return 1
        sleep 0.5
    done
}

# --- the server -----------------------------------------------------------------------------
log "server from $SERVER_HOME, base dir $WORK/base, management port $MGMT_PORT"
cp -a "$SERVER_HOME/standalone" "$WORK/base"
LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE="$WORK/server.pid" "$SERVER_HOME/bin/standalone.sh" -b 0.0.0.0 \
    -Djboss.server.base.dir="$WORK/base" -Djboss.socket.binding.port-offset="$PORT_OFFSET" \
    -Djboss.node.name=node-a -Dha-vip.peer1.port="$JGROUPS_PORT" -Dha-vip.peer2.port="$JGROUPS_PORT" \
    > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for 120 '"result" => "running"' cli ':read-attribute(name=server-state)' || die "server did not start (log: $WORK/server.log)"

cli '/subsystem=ha-vip/health-check=app:add(type=http,target=http://127.0.0.1:'"$((8080 + PORT_OFFSET))"'/)' > /dev/null
cli '/subsystem=ha-vip/virtual-ip=web:add(ip-address=198.18.0.100/24,interface='"$IFACE"',method=none)' > /dev/null
wait_for 60 '"result" => "MASTER"' cli '/subsystem=ha-vip/virtual-ip=web:read-attribute(name=state)' ||
    die "VIP web did not become MASTER"
log "VIP web is MASTER on node-a"

# --- JConsole on a virtual display ----------------------------------------------------------
Xvfb -displayfd 3 -screen 0 "${SCREEN_W}x${SCREEN_H}x24" -nolisten tcp 3> "$WORK/display" > "$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
wait_for 20 '[0-9]' cat "$WORK/display" || die "Xvfb did not start"
DISPLAY=":$(cat "$WORK/display")"
export DISPLAY
"$SERVER_HOME/bin/ha-vip-jconsole.sh" --port "$MGMT_PORT" > "$WORK/jconsole.log" 2>&1 &
JCONSOLE_PID=$!

# the main window, full screen (no window manager: placed by hand)
MAIN=$(timeout 60 xdotool search --sync --onlyvisible --name '^Java Monitoring & Management Console$' | head -n 1) ||
    die "no JConsole window"
sleep 5   # connecting; as the server's user on this host no password is asked (local authentication)
placed() { xwininfo -id "$MAIN" | grep -q -e "-geometry ${SCREEN_W}x${SCREEN_H}+0+0"; }
for _ in $(seq 20); do
    placed && break
    xdotool windowmove "$MAIN" 0 0 windowsize "$MAIN" "$SCREEN_W" "$SCREEN_H"
    sleep 0.5
done
placed || die "could not place the JConsole window: $(xwininfo -id "$MAIN" | grep geometry)"
for dialog in 'Connection Failed' 'New Connection' 'Secure connection failed'; do
    if xdotool search --name "$dialog" > /dev/null 2>&1; then
        import -window root "$WORK/failed.png"
        cp "$WORK/failed.png" "${OUT%.png}-failed.png"
        die "JConsole shows '$dialog' (see ${OUT%.png}-failed.png)"
    fi
done

click() { xdotool mousemove "$1" "$2" click 1; sleep 1; }
# JTree finds a row by its typed prefix; keys typed within a second add to the prefix, hence the pauses
tree_find() { sleep 1.3; xdotool type --delay 80 "$1"; sleep 0.5; }
expand() { xdotool key Right; sleep 1; }

click 472 58                                                  # the MBeans tab
xdotool mousemove 170 450 mousedown 1 mousemove 260 450 mousemove 350 450 mouseup 1   # a wider tree
sleep 0.5
click 90 81                                                   # the tree's first row
tree_find dev.havip;   expand
tree_find HealthCheck; expand
tree_find VirtualIp;   expand
xdotool key Down;      expand                                 # web
tree_find Notif                                               # its Notifications
xdotool key alt+s                                             # Subscribe
sleep 1
# the table's seven columns start equally wide: narrow UserData and SeqNum, widen Message, then Source
header_drag() {
    xdotool mousemove "$1" 99 sleep 0.3 mousedown 1 sleep 0.3 mousemove $((($1 + $2) / 2)) 99 sleep 0.3 \
        mousemove "$2" 99 sleep 0.3 mouseup 1
    sleep 0.5
}
header_drag 876 740
header_drag 937 790
header_drag 1046 1200
header_drag 1384 1290
xdotool mousemove 900 500

log "maintenance on: the VIP goes MASTER -> MAINTENANCE"
cli '/subsystem=ha-vip:write-attribute(name=maintenance,value=true)' > /dev/null
wait_for 30 '"result" => "MAINTENANCE"' cli '/subsystem=ha-vip/virtual-ip=web:read-attribute(name=state)' ||
    die "VIP web did not go to MAINTENANCE"
sleep 3   # the notification's way to JConsole
import -window root "$OUT"
log "wrote $OUT"
