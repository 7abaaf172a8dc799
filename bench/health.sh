#!/usr/bin/env bash
# bench/health.sh — what health checking costs: jlvsd's checker machinery against N loopback real
# servers (half TCP_CHECK, half HTTP_GET, every one each second), CPU of the checking process as a
# fraction of one core, measured once the JIT has settled; writes bench/results/health-<UTC date and
# time>.md (never overwriting an earlier result). Issue 6's target: < 5 % for 1000.
#
# Two rounds in alternating order, each in a fresh JVM: jlvsd's checkers (ticker "grid": sleeps end
# on a shared 20 ms grid) and the reference "exact" (each checker wakes at its own instant); the
# summary gives each round's ratio grid/exact, since this shared machine's absolute figures drift.
#
#   bench/health.sh [count=1000] [seconds=20]
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
# shellcheck source=../bin/lib/java.sh
. "$ROOT/bin/lib/java.sh"
jlvs_select_java
JAR=$BENCH/target/benchmarks.jar
if [ ! -f "$JAR" ]; then
  echo "health: building $JAR" >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl bench -am package)
fi
OUT=$BENCH/results/health-$(date -u +%FT%H%MZ).md
if [ -e "$OUT" ]; then
  echo "health: $OUT exists; wait a minute" >&2
  exit 1
fi
run() { "$JAVA_HOME/bin/java" -Xmx512m -cp "$JAR" io.jlvs.bench.health.HealthCheckBench "${1:-1000}" "${2:-20}" 20000 "$3"; }
core() { sed -n 's/^CPU: \([0-9.]*\) s per wall second.*/\1/p'; }
{
  echo "# Health checking cost ($(date -u +%FT%TZ), $(nproc) cores, $(uname -r))"
  echo
  echo "Command: \`bench/health.sh ${1:-1000} ${2:-20}\` at $(git -C "$ROOT" rev-parse --short HEAD)."
  echo
  echo '```'
  summary=""
  for order in "grid exact" "exact grid"; do
    declare -A cpu=()
    for t in $order; do
      out=$(run "${1:-1000}" "${2:-20}" "$t")
      echo "$out"
      echo
      cpu[$t]=$(core <<<"$out")
    done
    summary+=$(awk -v g="${cpu[grid]}" -v e="${cpu[exact]}" -v o="$order" \
      'BEGIN { printf "round (%s): grid %.1f %% of a core, exact %.1f %%, ratio grid/exact %.2f\n", o, g * 100, e * 100, g / e }')$'\n'
    unset cpu
  done
  printf '%s' "$summary"
  echo '```'
} | tee "$OUT"
