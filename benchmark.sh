#!/usr/bin/env bash
# The benchmark: every lab scenario (crash, link cut, service death, pause, planned move/maintenance/shutdown,
# partition) RUNS times (default 3) against ha-vip (plain stack, then ha-vip-secure: TLS), then against keepalived with its default settings
# (advert_int 1) and tuned ones (VRRPv3, advert_int 0.1), on the same lab: two WildFly servers in network
# namespaces, a client probing the VIP every 10 ms, the kernel's address events. Prints a table of medians;
# writes it, every run (CSV) and a timeline PNG per scenario to testsuite/target/benchmark/.
# Needs root (network namespaces); installs keepalived from Debian if missing. About 10 minutes per run.
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-3}
contenders=${2:-} # e.g. ha-vip,ha-vip-secure,keepalived-tuned (default: all)
scenarios=${3:-}  # e.g. LINK_CUT,CRASH (default: all)
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [runs (a positive number, default 3)] [contenders, e.g. ha-vip,keepalived-tuned] [scenarios, e.g. LINK_CUT,CRASH]" >&2; exit 2; }
if [[ $(id -u) != 0 ]]; then
    echo "the benchmark needs root: it builds network namespaces and moves real addresses" >&2
    exit 1
fi
. build-support/packages.sh
ensure_packages build tests benchmark # keepalived for the comparison
if [[ ! -x testsuite/target/server/bin/standalone.sh ]]; then
    echo ">> building ha-vip and provisioning testsuite/target/server (the first run downloads WildFly)"
    mvn -B -q install -DskipTests
fi
mvn -B -Dstyle.color=never -pl testsuite -Pbenchmark test -Dbenchmark.runs="$runs" -Dbenchmark.contenders="$contenders" -Dbenchmark.scenarios="$scenarios" | grep --line-buffered -E '^\[lab\]|^\||^##|^client outage|^from the|^fault to|^Failed|^- |BUILD|ERROR'
