#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian/Ubuntu machine: the OpenCL ICD loader (JOCL loads the unversioned
# libOpenCL.so, hence ocl-icd-opencl-dev) and PoCL for OpenCL on the CPU, the Belle II data link, and the
# kinvis jar with its start-up cache (JDK >= 25). Safe to run again; installs only what is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

need=()
for pkg in ocl-icd-libopencl1 ocl-icd-opencl-dev pocl-opencl-icd; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
command -v mvn >/dev/null 2>&1 || need+=(maven)
# a JDK >= 21: keep what is there (scripts/jdk.sh finds it), else ask the distribution for one
if ! (. "$root/scripts/jdk.sh" >/dev/null 2>&1); then
  for jdk in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
    if apt-cache show "$jdk" >/dev/null 2>&1; then need+=("$jdk"); break; fi
  done
fi
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "kinvis: installing ${need[*]}" >&2
    $sudo apt-get update -qq >&2 || echo "kinvis: warning: apt-get update failed" >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >&2 \
      || echo "kinvis: warning: could not install ${need[*]}; OpenCL will be unavailable (CPU backend works)" >&2
  else
    echo "kinvis: warning: no apt-get; install an OpenCL ICD loader and PoCL by hand for the OpenCL backend" >&2
  fi
fi

"$root/scripts/fetch-data.sh"

# shellcheck source=jdk.sh
. "$root/scripts/jdk.sh"
if [ -z "${KINVIS_SKIP_BUILD:-}" ]; then
  echo "kinvis: building (JDK $JAVA_HOME)" >&2
  mvn -q -B -ntp -DskipTests package -pl bench -am >&2
  # the start-up cache of the jar (JDK >= 25): a training run of typical commands, then every start maps it in
  # shellcheck source=aot.sh
  . "$root/scripts/aot.sh"
  if kinvis_aot_wanted; then
    echo "kinvis: training the start-up cache (JDK $KINVIS_JAVA_FEATURE ahead-of-time cache)" >&2
    kinvis_aot_train || echo "kinvis: warning: could not train the start-up cache; kinvis starts without it" >&2
  fi
fi
