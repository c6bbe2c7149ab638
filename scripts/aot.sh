# Sourced by scripts/kinvis and scripts/setup.sh (after jdk.sh, with $root set): the ahead-of-time class and profile
# cache of the kinvis jar (JEP 483/514/515, JDK >= 25). It is trained by one run of typical commands on the Belle II
# data (org.kinvis.fit.cli.StartupTraining: eval, fit, a scan, a spectrum; CPU backend, output discarded) and is
# valid for exactly the jar and the JDK it was trained with, which bench/target/kinvis.aot.stamp records.
KINVIS_AOT_FILE="$root/bench/target/kinvis.aot"

# whether the cache is wanted: a JDK that has it (>= 25) and not KINVIS_AOT=0
kinvis_aot_wanted() {
  [ "${KINVIS_AOT:-1}" != 0 ] && [ "${KINVIS_JAVA_FEATURE:-0}" -ge 25 ] 2>/dev/null
}

# what the cache must have been trained with: the JDK and the jar's size and time
kinvis_aot_stamp() {
  printf '%s\n%s\n' "$JAVA_HOME" "$(stat -c '%s %Y' "$root/bench/target/kinvis.jar" 2>/dev/null)"
}

# whether the cache exists and belongs to this jar and JDK (one process started, for stat: run on every start)
kinvis_aot_usable() {
  kinvis_aot_wanted && [ -f "$KINVIS_AOT_FILE" ] && [ -f "$KINVIS_AOT_FILE.stamp" ] || return 1
  local home="" jar=""
  { IFS= read -r home && IFS= read -r jar; } < "$KINVIS_AOT_FILE.stamp" || return 1
  [ "$home" = "$JAVA_HOME" ] && [ "$jar" = "$(stat -c '%s %Y' "$root/bench/target/kinvis.jar" 2>/dev/null)" ]
}

# trains the cache anew; "background": detached, at low priority, silent (one training at a time)
kinvis_aot_train() {
  kinvis_aot_wanted || return 0
  local lock="$KINVIS_AOT_FILE.lock"
  # a lock left by a killed training is stale after 10 minutes
  if [ -d "$lock" ] && [ -n "$(find "$lock" -maxdepth 0 -mmin +10 2>/dev/null)" ]; then
    rmdir "$lock" 2>/dev/null || true
  fi
  mkdir "$lock" 2>/dev/null || return 0
  local stamp tmp
  stamp=$(kinvis_aot_stamp)
  tmp="$KINVIS_AOT_FILE.$$.tmp"
  local run=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED "-Dkinvis.home=$root"
    -Dkinvis.progress=never "-XX:AOTCacheOutput=$tmp" -cp "$root/bench/target/kinvis.jar"
    org.kinvis.fit.cli.StartupTraining)
  if [ "${1:-}" = background ]; then
    (
      trap 'rm -f "$tmp" "$tmp.config"; rmdir "$lock" 2>/dev/null' EXIT
      if nice -n 19 "${run[@]}" && [ -s "$tmp" ] && [ "$(kinvis_aot_stamp)" = "$stamp" ]; then
        mv -f "$tmp" "$KINVIS_AOT_FILE" && printf '%s\n' "$stamp" > "$KINVIS_AOT_FILE.stamp"
      fi
    ) </dev/null >/dev/null 2>&1 &
    disown 2>/dev/null || true
  else
    local ok=0
    if "${run[@]}" </dev/null >/dev/null 2>&1 && [ -s "$tmp" ]; then
      mv -f "$tmp" "$KINVIS_AOT_FILE" && printf '%s\n' "$stamp" > "$KINVIS_AOT_FILE.stamp" && ok=1
    fi
    rm -f "$tmp" "$tmp.config"
    rmdir "$lock" 2>/dev/null || true
    [ "$ok" = 1 ]
  fi
}
