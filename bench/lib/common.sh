# bench/lib/common.sh — how every bench script starts. Sourced first thing, once the caller has
# set BENCH (bench/) and BENCH_NAME (the prefix of its messages).
#
# Sets ROOT, the repository; STAMP, the UTC minute the run started, which names its results
# files; COMMIT, the code it measures (`git describe --dirty`: a run taken with uncommitted changes
# says so, and its figures trace to no commit); JAVA_HOME and JAVA (JDK 25, bin/lib/java.sh).
# shellcheck shell=bash

say() { printf '%s: %s\n' "$BENCH_NAME" "$*" >&2; }
die() {
  printf '%s: error: %s\n' "$BENCH_NAME" "$*" >&2
  exit 1
}

ROOT=$(cd "$BENCH/.." && pwd)
STAMP=$(date -u +%FT%H%MZ)
COMMIT=$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)

# shellcheck source=../../bin/lib/java.sh
. "$ROOT/bin/lib/java.sh"
jlvs_select_java
JAVA=$JAVA_HOME/bin/java

# need_root: the lab's network namespaces need it.
need_root() {
  [ "$(id -u)" = 0 ] || die "needs root (it builds network namespaces)"
}

# fresh_results FILE...: stops before measuring anything when a results file of this name exists
# (a run in the same minute): a script never writes over an earlier run's results.
fresh_results() {
  local f
  for f in "$@"; do
    [ ! -e "$f" ] || die "$f exists (a run in the same minute); not overwriting it"
  done
}

# build_missing MODULES FILE...: packages MODULES (comma-separated, with what they need) when one of
# the FILEs is missing. A stale jar is not noticed: rebuild after changing code.
build_missing() {
  local modules=$1 f
  shift
  for f in "$@"; do
    if [ ! -f "$f" ]; then
      say "building $modules"
      (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl "$modules" -am package)
      return
    fi
  done
}
