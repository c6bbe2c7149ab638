#!/usr/bin/env bash
# Runs the JMH benchmarks (default: the batched logpdf). Extra arguments go to JMH, e.g. -p batch=100000.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# shellcheck source=jdk.sh
. "$root/scripts/jdk.sh"
[ -f bench/target/kinvis.jar ] || mvn -q -B -ntp -DskipTests package -pl bench -am
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp bench/target/kinvis.jar org.openjdk.jmh.Main \
  "${@:-LogpdfBenchmark}"
