# shellcheck shell=sh
# Picks the JDK jlvs runs on; sourced by ./jlvs, ./mvnw, bin/jlvsd, bin/jlvsadm and lab/lab.sh.
# Rule: JAVA_HOME when it is JDK 25 or newer, else the newest JDK 25+ under /usr/lib/jvm.
# The machine's default java is often 17, which cannot run the FFM data plane or the
# release-25 class files, so silently using it would only fail later and more obscurely.
# Every variable here is prefixed _jlvs_: this file is sourced into other scripts' scope.

JLVS_MIN_JAVA=25

# Prints the feature version (17, 21, 25, ...) of the JDK at $1, or nothing.
jlvs_java_feature() {
  [ -x "$1/bin/java" ] || return 0
  if [ -r "$1/release" ]; then
    _jlvs_v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  else
    _jlvs_v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "$_jlvs_v"
}

# Sets and exports JAVA_HOME to a suitable JDK, or prints why not and returns 1.
jlvs_select_java() {
  if [ -n "${JAVA_HOME-}" ]; then
    _jlvs_v=$(jlvs_java_feature "$JAVA_HOME")
    if [ -n "$_jlvs_v" ] && [ "$_jlvs_v" -ge "$JLVS_MIN_JAVA" ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  _jlvs_best=""
  _jlvs_bestv=0
  # Callers such as mvnw run with `set -f`; the glob below needs expansion.
  case $- in *f*) _jlvs_noglob=1; set +f ;; *) _jlvs_noglob=0 ;; esac
  for _jlvs_d in ${JLVS_JVM_DIR:-/usr/lib/jvm}/*; do
    [ -d "$_jlvs_d" ] || continue
    [ -L "$_jlvs_d" ] && continue
    _jlvs_v=$(jlvs_java_feature "$_jlvs_d")
    [ -n "$_jlvs_v" ] || continue
    if [ "$_jlvs_v" -ge "$JLVS_MIN_JAVA" ] && [ "$_jlvs_v" -gt "$_jlvs_bestv" ]; then
      _jlvs_best=$_jlvs_d
      _jlvs_bestv=$_jlvs_v
    fi
  done
  [ "$_jlvs_noglob" = 1 ] && set -f
  if [ -z "$_jlvs_best" ]; then
    echo "jlvs: no JDK $JLVS_MIN_JAVA or newer found." >&2
    echo "jlvs: looked at JAVA_HOME (${JAVA_HOME:-unset}) and ${JLVS_JVM_DIR:-/usr/lib/jvm}/*." >&2
    echo "jlvs: install one (e.g. Temurin 25 under /usr/lib/jvm) or point JAVA_HOME at it." >&2
    return 1
  fi
  JAVA_HOME=$_jlvs_best
  export JAVA_HOME
}
