# shellcheck shell=sh
# Picks the JDK jlvs runs on; sourced by ./jlvs, ./mvnw, bin/jlvsd and bin/jlvsadm.
# Rule: JAVA_HOME when it is JDK 25 or newer, else the newest JDK 25+ under /usr/lib/jvm.
# The machine's default java is often 17, which cannot run the FFM data plane or the
# release-25 class files, so silently using it would only fail later and more obscurely.

JLVS_MIN_JAVA=25

# Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
jlvs_java_feature() {
  [ -x "$1/bin/java" ] || return 0
  if [ -r "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "$v"
}

# Sets and exports JAVA_HOME to a suitable JDK, or prints why not and returns 1.
jlvs_select_java() {
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(jlvs_java_feature "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$JLVS_MIN_JAVA" ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  best=""
  bestv=0
  # Callers such as mvnw run with `set -f`; the glob below needs expansion.
  case $- in *f*) _jlvs_noglob=1; set +f ;; *) _jlvs_noglob=0 ;; esac
  for d in /usr/lib/jvm/*; do
    [ -d "$d" ] || continue
    [ -L "$d" ] && continue
    v=$(jlvs_java_feature "$d")
    [ -n "$v" ] || continue
    if [ "$v" -ge "$JLVS_MIN_JAVA" ] && [ "$v" -gt "$bestv" ]; then
      best=$d
      bestv=$v
    fi
  done
  [ "$_jlvs_noglob" = 1 ] && set -f
  if [ -z "$best" ]; then
    echo "jlvs: no JDK $JLVS_MIN_JAVA or newer found." >&2
    echo "jlvs: looked at JAVA_HOME (${JAVA_HOME:-unset}) and /usr/lib/jvm/*." >&2
    echo "jlvs: install one (e.g. Temurin 25 under /usr/lib/jvm) or point JAVA_HOME at it." >&2
    return 1
  fi
  JAVA_HOME=$best
  export JAVA_HOME
}
