#!/bin/sh
#
# Starts the JDK's JConsole connected to this server over WildFly's JMX remoting, where the
# ha-vip MBeans (dev.havip) live next to the JVM's own. Installed by the ha-vip Galleon layer.
#
# As the server's user on the server's host no password is needed (WildFly's local
# authentication). Otherwise that first connection fails (JConsole takes no user on its
# command line): Cancel, then Connection > New Connection, Remote Process = the URL, with a
# management user made by bin/add-user.sh and its password.

usage() {
    cat <<EOF
Usage: $0 [--host HOST] [--port PORT] [HOST [PORT]]

Starts JConsole on service:jmx:remote+http://HOST:PORT (the management interface),
with bin/client/jboss-cli-client.jar on its class path.
  --host HOST   management address (default 127.0.0.1; IPv6 in brackets: '[::1]')
  --port PORT   management HTTP port (default 9990)
  -h, --help    this text
The JDK is \$JAVA_HOME (bin/common.conf may set it), else the jconsole on the PATH.
As the server's user on its host no password is needed; otherwise use JConsole's
Connection > New Connection with that URL and a management user (bin/add-user.sh).
EOF
}

HOST=127.0.0.1
PORT=9990
POSITIONAL=0
while [ "$#" -gt 0 ]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --host=*) HOST="${1#--host=}" ;;
        --port=*) PORT="${1#--port=}" ;;
        --host|--port)
            if [ "$#" -lt 2 ]; then echo "$1 needs a value" >&2; exit 2; fi
            if [ "$1" = "--host" ]; then HOST="$2"; else PORT="$2"; fi
            shift ;;
        -*) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
        *)
            # positional: HOST, then PORT
            POSITIONAL=$((POSITIONAL + 1))
            case "$POSITIONAL" in
                1) HOST="$1" ;;
                2) PORT="$1" ;;
                *) echo "Too many arguments: $1" >&2; exit 2 ;;
            esac ;;
    esac
    shift
done
case "$PORT" in
    ''|*[!0-9]*) echo "Not a port: '$PORT'" >&2; exit 2 ;;
esac
if [ -z "$HOST" ]; then echo "Empty host" >&2; exit 2; fi

DIRNAME=$(dirname "$0")
# like the other bin scripts: common.sh reads bin/common.conf, which may set JAVA_HOME
if [ -r "$DIRNAME/common.sh" ]; then
    . "$DIRNAME/common.sh"
fi
JBOSS_HOME=$(cd "$DIRNAME/.." && pwd)

# jconsole comes with a JDK (not a JRE): $JAVA_HOME's, else the one on the PATH
if [ -n "$JAVA_HOME" ]; then
    JCONSOLE="$JAVA_HOME/bin/jconsole"
else
    JCONSOLE=$(command -v jconsole)
fi
if [ -z "$JCONSOLE" ] || [ ! -x "$JCONSOLE" ]; then
    echo "jconsole not found: set JAVA_HOME to a JDK (JAVA_HOME='$JAVA_HOME')" >&2
    exit 2
fi

CLIENT_JAR="$JBOSS_HOME/bin/client/jboss-cli-client.jar"
if [ ! -f "$CLIENT_JAR" ]; then
    echo "Missing $CLIENT_JAR: JConsole cannot speak remote+http without it" >&2
    exit 2
fi

URL="service:jmx:remote+http://$HOST:$PORT"
echo "JConsole on $URL"
# The client jar brings the remote+http JMX connector (and JBoss Marshalling, which
# needs jdk.unsupported); -J passes each option to JConsole's JVM.
exec "$JCONSOLE" -J--add-modules=jdk.unsupported "-J-Djava.class.path=$CLIENT_JAR" \
    "-J-Djava.util.logging.config.file=$JBOSS_HOME/bin/ha-vip-jconsole-logging.properties" "$URL"
