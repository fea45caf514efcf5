#!/bin/sh
#
# The ha-vip set-up wizard: makes this provisioned server an ha-vip node (node name, priority, peers,
# VIP, health check, failback, quorum), checks the host and applies the answers through this server's
# bin/jboss-cli.sh in one batch. --help lists the options; --non-interactive takes the answers from
# flags or --answers FILE. Installed by the ha-vip Galleon layer.

DIRNAME=$(dirname "$0")
# like the other bin scripts: common.sh reads bin/common.conf, which may set JAVA_HOME
if [ -r "$DIRNAME/common.sh" ]; then
    . "$DIRNAME/common.sh"
fi
JBOSS_HOME=$(cd "$DIRNAME/.." && pwd)
export JBOSS_HOME

if [ -n "$JAVA_HOME" ]; then
    JAVA="$JAVA_HOME/bin/java"
else
    JAVA=$(command -v java)
fi
if [ -z "$JAVA" ] || [ ! -x "$JAVA" ]; then
    echo "java not found: set JAVA_HOME (JAVA_HOME='$JAVA_HOME')" >&2
    exit 2
fi

exec "$JAVA" -Xms16m -Xmx128m -Djboss.home.dir="$JBOSS_HOME" \
    -jar "$JBOSS_HOME/jboss-modules.jar" -mp "$JBOSS_HOME/modules" dev.havip.setup "$@"
