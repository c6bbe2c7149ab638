#!/usr/bin/env bash
# kinvis device check: one prepared run, under 5 minutes, on whatever OpenCL device exists (a lent GPU, else PoCL).
#   1. devices      the OpenCL platforms and devices kinvis sees
#   2. tests        the device agreement tests (logpdf, gradient, Poisson precision) through Maven, when Maven can
#                   run them (offline first); skipped with a reason otherwise
#   3. verify       kinvis bench --backend verify: every logpdf and gradient of 1000-point batches recomputed on the
#                   CPU (float64: 1e-10 relative) — needs only the jar, so it runs wherever the tests cannot
#   4. bench        kinvis bench, logpdf and gradient, OpenCL and CPU, batch 1e3 … 1e7
#   5. hmc          kinvis sample --chains 1024 --warmup 200 --draws 200 --backend opencl (where available; on an
#                   OpenCL CPU device only 40 + 40 iterations, which fit the step's time there)
# Prints one table (step, status, seconds, result) and writes it, with every step's log, to $OUT (the device
# machine's output folder) or target/device-check/. A failing or timed-out step is recorded and the run goes on.
#
# Needs: a JDK >= 21 (scripts/jdk.sh finds it), an OpenCL ICD, the jar bench/target/kinvis.jar (built here when
# missing and Maven works), the Belle II data ($KINVIS_DATA, else data/belle2) and, for the tests, the reference
# numbers ($KINVIS_REFERENCE, else ../shared/reference). On a machine without network, carry the jar and a copy of
# the data (e.g. cp -rL ../shared/belle2-knunu data/device-data; KINVIS_DATA=data/device-data).
# Options through the environment: DEVICE_CHECK_BUDGET (seconds in all, default 285), KINVIS_DEVICE (device index
# or name substring for --device).
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
cd "$root"
out=${OUT:-$root/target/device-check}
mkdir -p "$out"
summary="$out/summary.txt"
budget=${DEVICE_CHECK_BUDGET:-285}
start=$(date +%s)
rows=()
jar="$root/bench/target/kinvis.jar"
device_opt=()
if [ -n "${KINVIS_DEVICE:-}" ]; then
  device_opt=(--device "$KINVIS_DEVICE")
fi

row() { # step status seconds result
  rows+=("$(printf '%-32s %-9s %7s  %s' "$1" "$2" "$3" "$4")")
}

print_summary() {
  {
    echo "kinvis device check, $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(hostname), $(( $(date +%s) - start )) s"
    printf '%-32s %-9s %7s  %s\n' "step" "status" "seconds" "result"
    printf '%s\n' "${rows[@]}"
  } | tee "$summary"
  echo "(logs in $out)"
}
trap print_summary EXIT

remaining() {
  echo $(( budget - ($(date +%s) - start) ))
}

# run_step NAME CAP_SECONDS LOGFILE CMD... : runs CMD with a timeout (its cap, at most what is left of the
# budget); sets step_status (ok, FAILED rc=N, timeout, skipped) and step_seconds; never exits the script.
run_step() {
  local name=$1 cap=$2 log=$3
  shift 3
  local left
  left=$(remaining)
  if [ "$left" -lt 5 ]; then
    step_status=skipped
    step_seconds=0
    echo "skipped: time budget spent" >"$log"
    return 0
  fi
  [ "$cap" -gt "$left" ] && cap=$left
  local t0 rc=0
  t0=$(date +%s)
  timeout --kill-after=10 "$cap" "$@" >"$log" 2>&1 || rc=$?
  step_seconds=$(( $(date +%s) - t0 ))
  if [ "$rc" -eq 0 ]; then
    step_status=ok
  elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    step_status=timeout
  else
    step_status="FAILED"
    step_result="exit $rc: $(grep -v '^\s*$' "$log" | tail -n 1 | cut -c1-90)"
  fi
  echo "[$name] $step_status (${step_seconds}s)" >&2
}

# --- 0. Java and the jar ----------------------------------------------------------------------------------------
if ! . "$root/scripts/jdk.sh" 2>"$out/jdk.log"; then
  row "java" "FAILED" 0 "no JDK >= 21 found"
  exit 1
fi
java_cmd=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${KINVIS_JAVA_OPTS:-} -jar "$jar")
if [ ! -f "$jar" ]; then
  step_result="built bench/target/kinvis.jar"
  run_step build 150 "$out/build.log" mvn -q -B -ntp -o -DskipTests package -pl bench -am
  row "build" "$step_status" "$step_seconds" "$step_result"
  if [ ! -f "$jar" ]; then
    exit 1
  fi
fi
data=${KINVIS_DATA:-$root/data/belle2}
if [ ! -f "$data/combined_likelihood.json" ]; then
  "$root/scripts/fetch-data.sh" >/dev/null 2>&1 || true
fi
if [ ! -f "$data/combined_likelihood.json" ]; then
  row "data" "FAILED" 0 "Belle II workspace not found in $data (set KINVIS_DATA)"
  exit 1
fi
ws="$data/combined_likelihood.json"

# --- 1. devices ---------------------------------------------------------------------------------------------------
step_result=""
run_step devices 30 "$out/devices.log" "${java_cmd[@]}" devices
if [ "$step_status" = ok ]; then
  step_result="$(awk 'NR > 1 {$1 = ""; print}' "$out/devices.log" | head -n 3 | sed 's/^ *//' | paste -sd ';' -)"
  [ -n "$step_result" ] || { step_status=FAILED; step_result="no OpenCL device"; }
fi
row "devices" "$step_status" "$step_seconds" "$step_result"

# --- 2. agreement tests through Maven -------------------------------------------------------------------------------
tests='OpenClAgreementTest,OpenClGradientTest,PoissonPrecisionTest,OpenClGradientScratchTest,VerifyingBackendTest'
if ! command -v mvn >/dev/null 2>&1; then
  row "tests (maven)" "skipped" 0 "mvn not installed; the verify step checks the device"
else
  step_result=""
  run_step tests 150 "$out/tests.log" env KINVIS_DATA="$data" mvn -B -ntp -o test -pl host -am \
    -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false
  ran=$(grep -E '^\[(INFO|WARNING|ERROR)\] Tests run: [0-9]+, Failures' "$out/tests.log" | tail -n 1 \
    | sed -E 's/^\[[A-Z]+\] //' || true)
  if [ "$step_status" != ok ] && grep -qE 'offline|Could not resolve|Cannot access' "$out/tests.log"; then
    step_status=skipped
    step_result="Maven cannot resolve the test dependencies offline; the verify step checks the device"
  elif [ -n "$ran" ]; then
    step_result="$ran${step_result:+; $step_result}"
  fi
  row "tests (maven)" "$step_status" "$step_seconds" "$step_result"
fi

# --- 3. verify: the device against the CPU, every point ----------------------------------------------------------
step_result=""
run_step verify 60 "$out/verify.log" "${java_cmd[@]}" bench --workspace "$ws" --backend verify "${device_opt[@]}" \
  --eval logpdf,gradient --batch 1000 --seconds 0.5
if [ "$step_status" = ok ]; then
  step_result="logpdf and gradient of every point equal to the CPU's (rel. 1e-10 in float64, 1e-5 float32)"
fi
row "verify (opencl vs cpu)" "$step_status" "$step_seconds" "$step_result"

# --- 4. bench -----------------------------------------------------------------------------------------------------
step_result=""
run_step bench 120 "$out/bench.log" "${java_cmd[@]}" bench --workspace "$ws" --backend opencl,cpu "${device_opt[@]}" \
  --eval logpdf,gradient --batch 1000,10000,100000,1000000,10000000 --seconds 1
row "bench" "$step_status" "$step_seconds" "${step_result:-points/s per backend, eval and batch below}"
if [ -s "$out/bench.log" ]; then
  while read -r backend precision eval batch pps us rest; do
    row "  bench $backend $eval $batch" "$precision" "" "$(printf '%.4g points/s, %.4g µs/point' "$pps" "$us")"
  done < <(grep -E '^(cpu|opencl) ' "$out/bench.log" || true)
fi

# --- 5. HMC: 1024 chains in lockstep on the device ----------------------------------------------------------------
if ! "${java_cmd[@]}" sample --help 2>/dev/null | grep -q -- '--warmup'; then
  row "hmc 1024 chains" "skipped" 0 "skipped: sample --chains not available"
else
  step_result=""
  # A GPU or accelerator runs the full 200 + 200 iterations. An OpenCL CPU device (PoCL) shares its few cores with
  # the host's metric products: 1024 chains × ~20 leapfrog steps × 400 iterations do not fit the step's 120 s there,
  # so it runs 40 + 40 iterations — the lockstep of 1024 chains on the device, too short to converge (said so).
  iters=(--warmup 200 --draws 200)
  if ! grep -qE '[[:space:]](GPU|ACCELERATOR)[[:space:]]' "$out/devices.log" 2>/dev/null; then
    iters=(--warmup 40 --draws 40)
    step_result="CPU device only: 40 + 40 iterations, not meant to converge"
  fi
  note=$step_result
  run_step hmc 120 "$out/hmc.log" "${java_cmd[@]}" sample --data "$data" --chains 1024 "${iters[@]}" \
    --backend opencl "${device_opt[@]}" --format json
  if [ "$step_status" = FAILED ] && grep -qE '"converged" *: *false' "$out/hmc.log"; then
    step_status=ok # exit 1 with a result: the run finished, its chains did not converge (said below)
    step_result=$note
  fi
  if [ -s "$out/hmc.log" ]; then
    conv=$(grep -oE '"converged" *: *(true|false)' "$out/hmc.log" | head -n 1 | sed -E 's/.*: *//' || true)
    secs=$(grep -oE '"seconds" *: *[0-9.eE+-]+' "$out/hmc.log" | head -n 1 | sed -E 's/.*: *//' || true)
    step_result="${step_result:+$step_result; }converged ${conv:-?}, ${secs:-?} s"
  fi
  row "hmc 1024 chains" "$step_status" "$step_seconds" "$step_result"
fi
