#!/usr/bin/env bash
# The soak: the lab's two WildFly servers with ha-vip's default stack, idle, while stress-ng keeps every core busy
# for MINUTES (default 30). Prints what ha-vip costs an idle server (CPU of its and JGroups' threads, their heap),
# then fails if anything moved under the load: a transition in either server's history, the VIP leaving node-a or
# reaching node-b, a failed probe of the client. Needs root (network namespaces); installs stress-ng if missing.
set -euo pipefail
cd "$(dirname "$0")"
minutes=${1:-30}
[[ $minutes =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [minutes (a positive number, default 30)]" >&2; exit 2; }
if [[ $(id -u) != 0 ]]; then
    echo "the soak needs root: it builds network namespaces and moves real addresses" >&2
    exit 1
fi
. build-support/packages.sh
ensure_packages build tests soak
if [[ ! -x testsuite/target/server/bin/standalone.sh ]]; then
    echo ">> building ha-vip and provisioning testsuite/target/server (the first run downloads WildFly)"
    mvn -B -q install -DskipTests
fi
mvn -B -Dstyle.color=never -pl testsuite -Pbenchmark test -Dtest=LabSoak -Dsoak.minutes="$minutes" | grep --line-buffered -E '^\[lab\]|Tests run|BUILD|ERROR|FAIL'
