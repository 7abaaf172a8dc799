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
BENCH_NAME=health
# shellcheck source=lib/common.sh
. "$BENCH/lib/common.sh"
JAR=$BENCH/target/benchmarks.jar
build_missing bench "$JAR"
OUT=$BENCH/results/health-$STAMP.md
fresh_results "$OUT"
run() { "$JAVA" -Xmx512m -cp "$JAR" io.jlvs.bench.health.HealthCheckBench "${1:-1000}" "${2:-20}" 20000 "$3"; }
core() { sed -n 's/^CPU: \([0-9.]*\) s per wall second.*/\1/p'; }
{
  echo "# Health checking cost ($(date -u +%FT%TZ), $(nproc) cores, $(uname -r))"
  echo
  echo "Command: \`bench/health.sh ${1:-1000} ${2:-20}\` at $COMMIT."
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
