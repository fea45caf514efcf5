#!/usr/bin/env bash
# The README's test command: installs what the build and the tests need (Debian packages, see
# build-support/packages.txt; as root, otherwise it stops with the command that installs them), then builds
# everything, provisions testsuite/target/server and runs all tests. Arguments go to Maven, e.g.
# ./test.sh -pl subsystem -Dtest=IpMoverNetnsTest
set -euo pipefail
cd "$(dirname "$0")"
. build-support/packages.sh
ensure_packages build tests
exec mvn -B install "$@"
