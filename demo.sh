#!/usr/bin/env bash
# The main job: a live two-node failover demo. Builds ha-vip if needed, starts two WildFly servers with the
# ha-vip layer (node-a preferred, node-b standby) sharing one virtual IP, crashes node-a (kill -9), shows
# node-b taking over, restarts node-a and shows the VIP failing back.
#
# As root: the SPEC's test network in network namespaces (hub 198.18.0.254, node-a 198.18.0.1, node-b
# 198.18.0.2, client 198.18.0.10; nothing is added to this machine's own network): the VIP 198.18.0.100 is
# really added to the holder's eth0 and announced with gratuitous ARP, and a client opens a new connection
# to it every 10 ms and reports what it sees. This is the testsuite's lab (LabScenariosTest's network, servers,
# client and address watcher), told step by step by testsuite/src/test/java/dev/havip/testsuite/lab/LabDemo.java.
# Without root, or with --loopback: both servers on this machine's loopback (port offsets 0 and 100) with
# method=none: ownership moves exactly as it would, but no address is added to an interface (LoopbackDemo.java,
# the servers of TwoServerFailoverTest).
#
# Missing Debian packages (build-support/packages.txt) are installed as root; otherwise the demo stops first
# with the command that installs them.
# MAVEN_ARGS (optional): extra arguments for the build, e.g. MAVEN_ARGS="-o -Dmaven.repo.local=/tmp/m2".
set -euo pipefail
cd "$(dirname "$0")"
t0=$(date +%s%3N)

usage() {
    cat <<'USAGE'
usage: ./demo.sh [--loopback]
  as root:        two WildFly servers and a client in network namespaces, the VIP on a real interface
  --loopback:     (default without root) two servers on loopback, method=none: no address is moved
environment:      MAVEN_ARGS  extra arguments for the build (only used when something must be built)
USAGE
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

. build-support/packages.sh
if [[ $mode == netns ]]; then ensure_packages build demo; else ensure_packages build; fi

target=$PWD/testsuite/target
if [[ ! -x $target/server/bin/standalone.sh || ! -f $target/test-classes/dev/havip/testsuite/lab/LabDemo.class
      || ! -f $target/demo.classpath ]]; then
    read -ra maven_args <<<"${MAVEN_ARGS:-}"
    echo "building ha-vip and provisioning $target/server (the first run downloads WildFly: a few minutes)"
    env -u MAVEN_ARGS mvn -B -q "${maven_args[@]}" install -DskipTests
fi

main=dev.havip.testsuite.lab.LabDemo
[[ $mode == netns ]] || main=dev.havip.testsuite.cluster.LoopbackDemo
java=java
[[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]] && java=$JAVA_HOME/bin/java
# The JVM runs as a child: Ctrl-C or a TERM to this script is passed on as TERM, whose shutdown hooks stop the
# servers and remove the namespaces; then the script exits with the JVM's status.
# (no logging config: the management client's version banners would cut into the story)
"$java" -Xmx256m -cp "$target/test-classes:$(<"$target/demo.classpath")" "-Ddemo.t0=$t0" \
    "-Djboss.home=$target/server" "-Dhavip.testsuite.target=$target" -Djava.util.logging.config.file=/dev/null "$main" &
demo=$!
trap 'kill -TERM "$demo" 2>/dev/null' INT TERM HUP
status=0
while :; do
    wait "$demo" && status=0 || status=$?
    kill -0 "$demo" 2>/dev/null || break # wait returned for a trapped signal: wait again for the JVM's cleanup
done
exit "$status"
