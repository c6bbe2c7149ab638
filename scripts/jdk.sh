# Sourced by the kinvis scripts: exports JAVA_HOME pointing at a JDK >= 21 (the default java here may be 17), and
# KINVIS_JAVA_FEATURE its feature version (e.g. 25).
# Order: $JAVA_HOME if new enough, then the newest JDK under /usr/lib/jvm, then the javac on PATH. Versions are read
# from each JDK's release file with shell builtins (starting a JVM per candidate costs a third of a second).
kinvis_java_feature() {
  # sets kinvis_feature to the feature version of the JDK at $1 (e.g. 25), or to nothing; no subshell, as the
  # launcher runs this for every candidate on every start
  kinvis_feature=""
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  local line v=""
  if [ -r "$1/release" ]; then
    while IFS= read -r line; do
      case $line in
        JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v//\"/}; break ;;
      esac
    done < "$1/release"
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 \
      | awk -F'= ' '/java.specification.version/ {print $2; exit}')
  fi
  v=${v%%[.+-]*}
  [ "$v" = "1" ] && v=8 # 1.8 and older
  kinvis_feature=$v
}
kinvis_pick_jdk() {
  local cand v best="" bestv=0
  if [ -n "${JAVA_HOME:-}" ]; then
    kinvis_java_feature "${JAVA_HOME%/}"; v=$kinvis_feature
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then
      best=${JAVA_HOME%/}
      bestv=$v
    fi
  fi
  if [ -z "$best" ]; then
    for cand in /usr/lib/jvm/*/; do
      [ -d "$cand" ] || continue
      cand=${cand%/}
      kinvis_java_feature "$cand"; v=$kinvis_feature
      if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null && [ "$v" -gt "$bestv" ]; then
        best=$cand
        bestv=$v
      fi
    done
  fi
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    kinvis_java_feature "$cand"; v=$kinvis_feature
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then
      best=$cand
      bestv=$v
    fi
  fi
  if [ -n "$best" ]; then
    export JAVA_HOME="$best"
    export KINVIS_JAVA_FEATURE="$bestv"
    export PATH="$JAVA_HOME/bin:$PATH"
    # Maven 3.8's bundled guava uses sun.misc.Unsafe: on JDK >= 24 that prints four warning lines per build
    if [ "$bestv" -ge 24 ] && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe* ]]; then
      export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
    fi
    return 0
  fi
  echo "kinvis: error: no JDK >= 21 found (set JAVA_HOME, or install e.g. temurin-21-jdk or openjdk-21-jdk)" >&2
  return 1
}
kinvis_pick_jdk
