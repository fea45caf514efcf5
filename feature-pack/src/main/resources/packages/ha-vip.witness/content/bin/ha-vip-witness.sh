#!/bin/sh
#
# The ha-vip witness: grants each VIP's ownership to one server at a time for a bounded lease (quorum=witness),
# over TLS with the cluster's key store. A small process, not a server: it needs only this installation's
# jboss-modules.jar and modules/ (or run the Maven artifact: java -jar ha-vip-witness.jar).
#   HAVIP_CLUSTER_PASSWORD=... bin/ha-vip-witness.sh --key-store=ha-vip-cluster.p12 [--bind=0.0.0.0] [--port=7670]
#       [--lease=2000] [--close-margin=300]
# bin/systemd/ha-vip-witness.service runs it as a service.

DIRNAME=$(dirname "$0")
# like the other bin scripts: common.sh reads bin/common.conf, which may set JAVA_HOME
if [ -r "$DIRNAME/common.sh" ]; then
    . "$DIRNAME/common.sh"
fi
JBOSS_HOME=$(cd "$DIRNAME/.." && pwd)

if [ -n "$JAVA_HOME" ]; then
    JAVA="$JAVA_HOME/bin/java"
else
    JAVA=$(command -v java)
fi
if [ -z "$JAVA" ] || [ ! -x "$JAVA" ]; then
    echo "java not found: set JAVA_HOME (JAVA_HOME='$JAVA_HOME')" >&2
    exit 2
fi

exec "$JAVA" -Xms8m -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -jar "$JBOSS_HOME/jboss-modules.jar" -mp "$JBOSS_HOME/modules" dev.havip.witness "$@"
