#!/usr/bin/env bash
# The main job: build ha-vip if needed and start a provisioned WildFly server with the ha-vip
# layer, then show its ha-vip configuration from the CLI. Ctrl-C stops the server.
set -euo pipefail
cd "$(dirname "$0")"
server=testsuite/target/server

if [[ ! -x $server/bin/standalone.sh ]]; then
    echo ">> building ha-vip and provisioning $server (first run downloads WildFly, a few minutes)"
    mvn -B -q install -DskipTests
fi

base=$(mktemp -d)
cp -r "$server/standalone/." "$base"
cleanup() { kill $pid 2>/dev/null && wait $pid 2>/dev/null; rm -rf "$base"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
"$server/bin/standalone.sh" -Djboss.server.base.dir="$base" -Djboss.node.name=node-a >"$base/console.log" 2>&1 &
pid=$!

cli() { "$server/bin/jboss-cli.sh" -c --commands="$1"; }
echo ">> starting WildFly with ha-vip (log: $base/console.log)"
for _ in $(seq 1 60); do
    cli ':read-attribute(name=server-state)' 2>/dev/null | grep -q running && break
    sleep 1
done
cli '/subsystem=ha-vip/virtual-ip=web:add(ip-address=198.18.0.100/24, interface=eth0, method=none)'
cli '/subsystem=ha-vip:read-resource(recursive=true, include-runtime=true)'
echo ">> the server runs; try: $server/bin/jboss-cli.sh -c '/subsystem=ha-vip:read-resource-description(recursive=true)'"
echo ">> Ctrl-C stops it"
wait $pid
