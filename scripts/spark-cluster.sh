#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the Maven-resolved Spark jars (no Spark download): starts a
# master and two workers (one core each), runs an example sweep on it — Belle II signal variants, one patch per
# point of the sterile-neutrino mass m1, an asymptotic CLs hypothesis test at mu = 1 on each — and stops them.
#
#   scripts/spark-cluster.sh [--tasks N] [--kill-worker] [--compare-local] [--keep-output]
#
#   --tasks N          sweep size (default 100: N patches)
#   --kill-worker      kill one worker (and its executor) mid-sweep, then check that the sweep still completes
#                      with every task's record exactly once (no loss, no duplicates)
#   --compare-local    also run the sweep in-process and check that every record is the same, byte for byte
#   --toys N --chunks K  instead: one toy-based CLs test of the Belle II workspace at mu = --mu (default 8), N toys
#                      per hypothesis in K chunk tasks, plus its merged record
#
# Logs and results go to spark/target/cluster/. Needs the ports 7077 (master) and 8080/8081+ (web UIs) free;
# KINVIS_SPARK_PORT changes the master's.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
# shellcheck source=jdk.sh
. "$root/scripts/jdk.sh"
tasks=100
toys=""
chunks=10
mu=8
kill_worker=0
compare=0
while [ $# -gt 0 ]; do
  case "$1" in
    --tasks) tasks=$2; shift 2 ;;
    --toys) toys=$2; shift 2 ;;
    --chunks) chunks=$2; shift 2 ;;
    --mu) mu=$2; shift 2 ;;
    --kill-worker) kill_worker=1; shift ;;
    --compare-local) compare=1; shift ;;
    --keep-output) shift ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "spark-cluster.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
port=${KINVIS_SPARK_PORT:-7077}
master_url="spark://127.0.0.1:$port"
work="$root/spark/target/cluster"
rm -rf "$work"
mkdir -p "$work"

# the jar and Spark's class path (scripts/kinvis-spark builds them when stale)
"$root/scripts/kinvis-spark" --version >/dev/null
home="$root/spark/target/spark-home"
rm -rf "$home"
mkdir -p "$home/jars" "$home/conf"
tr ':' '\n' < "$root/spark/target/spark-classpath.txt" | while read -r j; do ln -s "$j" "$home/jars/"; done
# kinvis's Spark logging (WARN), with the standalone daemons' INFO lines that this script waits for
{ cat "$root/spark/src/main/resources/log4j2.properties"
  printf 'logger.deploy.name = org.apache.spark.deploy\nlogger.deploy.level = info\n'; } > "$home/conf/log4j2.properties"
export SPARK_HOME="$home" SPARK_CONF_DIR="$home/conf" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true)

pids=()
stop() {
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]}"; do
    wait "$p" 2>/dev/null || true
  done
}
trap stop EXIT

wait_for() { # wait_for FILE PATTERN COUNT SECONDS
  local t=0
  until [ "$(grep -c "$2" "$1" 2>/dev/null || true)" -ge "$3" ]; do
    sleep 1
    t=$((t + 1))
    if [ "$t" -ge "$4" ]; then
      echo "spark-cluster.sh: timed out waiting for '$2' in $1" >&2
      exit 1
    fi
  done
}

echo "spark-cluster.sh: starting a master at $master_url and two workers (1 core, 2 GB each)" >&2
"$JAVA_HOME/bin/java" "${opens[@]}" -Xmx512m -cp "$home/conf/:$home/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$port" --webui-port 8080 >"$work/master.log" 2>&1 &
pids+=($!)
wait_for "$work/master.log" "I have been elected leader" 1 180
for w in 1 2; do
  mkdir -p "$work/worker-$w"
  "$JAVA_HOME/bin/java" "${opens[@]}" -Xmx512m -cp "$home/conf/:$home/jars/*" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 1 --memory 2g --work-dir "$work/worker-$w" --webui-port 8081 "$master_url" \
    >"$work/worker-$w.log" 2>&1 &
  pids+=($!)
done
worker1=${pids[1]}
wait_for "$work/master.log" "Registering worker" 2 180

if [ -n "$toys" ]; then
  # a toy-based test in chunks
  sweep=(sweep --workspace "$root/data/belle2/combined_likelihood.json" --mu "$mu" --toys "$toys" --chunks "$chunks")
else
  # the example sweep: a patchset of Belle II signal variants, one patch per m1 value, a hypothesis test on each
  last=$(awk -v n="$tasks" 'BEGIN { printf "%.6g", 2.5 * (n - 1) / n }')
  "$root/scripts/kinvis-spark" sweep signal-patchset --scenario sterile --over m1 --values "0:$last:$tasks" \
    --output "$work/patchset.json"
  sweep=(sweep --patchset "$work/patchset.json" --workspace "$root/data/belle2/combined_likelihood.json"
    --command hypotest --mu 1)
fi
"$root/scripts/kinvis-spark" "${sweep[@]}" --tasks-out "$work/tasks.jsonl"
out="$work/results.jsonl"
echo "spark-cluster.sh: sweeping $(wc -l < "$work/tasks.jsonl") tasks on $master_url" >&2
"$root/scripts/kinvis-spark" "${sweep[@]}" --engine spark --master "$master_url" --out "$out" \
  2> >(tee "$work/sweep.log" >&2) &
sweep_pid=$!
if [ "$kill_worker" = 1 ]; then
  # once the first task attempts have committed their output, worker 1 and its executor die
  t=0
  until [ "$(find "$out/_temporary" -mindepth 2 -maxdepth 2 -name 'task_*' 2>/dev/null | wc -l)" -ge 3 ]; do
    sleep 1
    t=$((t + 1))
    if [ "$t" -ge 900 ] || ! kill -0 "$sweep_pid" 2>/dev/null; then
      echo "spark-cluster.sh: the sweep ended before any worker could be killed" >&2
      exit 1
    fi
  done
  children=$(pgrep -P "$worker1" || true)
  echo "spark-cluster.sh: killing worker 1 (pid $worker1) and its executor (pid ${children:-none}) mid-sweep," \
    "$(find "$out/_temporary" -mindepth 2 -maxdepth 2 -name 'task_*' | wc -l) partitions committed" >&2
  # shellcheck disable=SC2086
  kill -9 "$worker1" $children
  { wait "$worker1"; } 2>/dev/null || true
fi
set +e
wait "$sweep_pid"
code=$?
set -e
echo "spark-cluster.sh: the sweep exited with $code" >&2

# exactly one record per task (and per chunked toy test): as many records as ids, no id twice, every id present
{ grep -ho '"id":"[^"]*"' "$work/tasks.jsonl"
  grep -ho '"id":"[^"]*/chunk=[0-9]*"' "$work/tasks.jsonl" | sed 's#/chunk=[0-9]*"$#"#' | sort -u
} | sort > "$work/ids.expected"
cat "$out"/part-* | grep -ho '^{"id":"[^"]*"' | sed 's/^{//' | sort > "$work/ids.written"
records=$(wc -l < "$work/ids.written")
dups=$(uniq -d "$work/ids.written" | wc -l)
if ! diff -q "$work/ids.expected" "$work/ids.written" >/dev/null; then
  echo "spark-cluster.sh: FAILED: $records records for $(wc -l < "$work/ids.expected") tasks, $dups ids twice;" \
    "missing: $(comm -23 "$work/ids.expected" "$work/ids.written" | head -5 | tr '\n' ' ')" >&2
  exit 1
fi
echo "spark-cluster.sh: OK: $records records, one for each of the $records ids, none twice" \
  "$([ "$kill_worker" = 1 ] && echo "(worker 1 killed mid-sweep)")" >&2
if [ "$compare" = 1 ]; then
  "$root/scripts/kinvis" "${sweep[@]}" --out "$work/local.jsonl"
  if diff <(sort "$work/local.jsonl") <(cat "$out"/part-* | sort) >/dev/null; then
    echo "spark-cluster.sh: OK: the in-process engine wrote the same $records records" >&2
  else
    echo "spark-cluster.sh: FAILED: the in-process engine's records differ" >&2
    exit 1
  fi
fi
exit "$code"
