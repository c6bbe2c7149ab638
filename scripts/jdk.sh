# Sourced by the kinvis scripts: exports JAVA_HOME pointing at a JDK >= 21 (the default java here may be 17).
# Order: $JAVA_HOME if new enough, then the JDKs under /usr/lib/jvm (newest first), then java on PATH.
kinvis_java_feature() {
  # prints the feature version of the JDK at $1 (e.g. 25), or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}
kinvis_pick_jdk() {
  local cand v
  for cand in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -Vr) \
              "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$cand" ] || continue
    cand=${cand%/}
    v=$(kinvis_java_feature "$cand")
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$cand"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "kinvis: error: no JDK >= 21 found (set JAVA_HOME, or install e.g. temurin-21-jdk or openjdk-21-jdk)" >&2
  return 1
}
kinvis_pick_jdk
