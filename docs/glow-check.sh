#!/usr/bin/env bash
# WildFly Glow proposes the ha-vip layer for a deployment that contains ha-vip.xml.
#
#   docs/glow-check.sh [--no-build] [maven arguments, e.g. -o or -Dmaven.repo.local=...]
#
# 1. installs the feature pack into the local Maven repository (mvn install -pl feature-pack -am;
#    skipped with --no-build, e.g. right after ./test.sh, which installs it too);
# 2. zips three deployments into docs/glow-check/target: glow-sample.war (WEB-INF/ha-vip.xml, from
#    docs/glow-check/src/main/webapp), glow-sample-lib.jar (META-INF/ha-vip.xml) and a control,
#    glow-plain.war (the same WAR without the descriptor);
# 3. runs WildFly Glow on each through the wildfly-maven-plugin's package goal with
#    <discover-provisioning-info> and <dry-run> (docs/glow-check/pom.xml), given WildFly's feature pack
#    and ours, and prints the feature packs and layers it proposes and the rule that chose each layer.
#    Nothing is provisioned: each run writes only the provisioning.xml Glow would use.
# Exits non-zero unless Glow proposes ha-vip for both descriptors and not for the control.
# Versions (WildFly, the plugin, ha-vip) come from the root pom.xml. About 10 s once built.
# MVN names the Maven to run (default: mvn on the PATH); the testsuite's GlowDiscoveryTest runs this script.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn=${MVN:-mvn}
jar=jar
if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/jar ]]; then jar=$JAVA_HOME/bin/jar; fi

build=1
if [[ ${1:-} == --no-build ]]; then build=0; shift; fi

prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
version_havip=$(sed -n 's:^    <version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
version_wildfly=$(prop version.wildfly)
version_plugin=$(prop version.plugin.wildfly)

if (( build )); then
    echo "== building and installing the feature pack (ha-vip $version_havip)"
    "$mvn" -q -B "$@" install -DskipTests -pl feature-pack -am
fi

sample=docs/glow-check
target=$sample/target
rm -rf "$target" && mkdir -p "$target/lib/META-INF" "$target/plain"
"$jar" --create --file "$target/glow-sample.war" -C "$sample/src/main/webapp" .
cp "$sample/src/main/webapp/WEB-INF/ha-vip.xml" "$target/lib/META-INF/"
"$jar" --create --file "$target/glow-sample-lib.jar" -C "$target/lib" .
cp "$sample/src/main/webapp/index.html" "$target/plain/"
"$jar" --create --file "$target/glow-plain.war" -C "$target/plain" .

failed=0
glow() { # deployment, "yes" if ha-vip is expected, maven arguments
    local deployment=$1 expected=$2 log="$target/glow-$1.log"
    shift 2
    echo
    echo "== WildFly Glow scans $deployment: $("$jar" --list --file "$target/$deployment" | grep -v -e '/$' -e MANIFEST.MF | tr '\n' ' ')"
    if ! "$mvn" -B "$@" -f "$sample/pom.xml" \
            -Dversion.wildfly="$version_wildfly" -Dversion.ha-vip="$version_havip" \
            -Dwildfly.deployment.filename="$deployment" \
            "org.wildfly.plugins:wildfly-maven-plugin:$version_plugin:package" >"$log" 2>&1; then
        cat "$log"; echo "FAILED: Maven failed for $deployment (log: $log)"; failed=1; return
    fi
    # Glow's own report: from "- feature-packs" to the end of "layers inclusion rules"
    sed -n '/- feature-packs/,/^$/p; /^layers inclusion rules/,/^$/p' "$log" | sed 's/^\[INFO\] //'
    cp "$target/.wildfly-maven-plugin-provisioning.xml" "$target/provisioning-$deployment.xml"
    local found=no
    grep -q '<include name="ha-vip"/>' "$target/provisioning-$deployment.xml" && found=yes
    if [[ $found == "$expected" ]]; then
        echo "OK: ha-vip proposed for $deployment: $found (provisioning.xml: $target/provisioning-$deployment.xml)"
    else
        echo "FAILED: ha-vip proposed for $deployment: $found, expected: $expected"; failed=1
    fi
}
glow glow-sample.war yes "$@"
glow glow-sample-lib.jar yes "$@"
glow glow-plain.war no "$@"
exit $failed
