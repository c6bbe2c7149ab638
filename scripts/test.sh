#!/usr/bin/env bash
# Runs the kinvis test suite: set-up (idempotent: OpenCL/PoCL, data link), then all module tests with a JDK >= 21.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
KINVIS_SKIP_BUILD=1 "$root/scripts/setup.sh"
# shellcheck source=jdk.sh
. "$root/scripts/jdk.sh"
exec mvn -B -ntp test "$@"
