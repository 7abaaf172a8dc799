#!/usr/bin/env bash
# bench/health.sh — what health checking costs: jlvsd's checker machinery against N loopback real
# servers (half TCP_CHECK, half HTTP_GET, every one each second), CPU of the checking process as a
# fraction of one core, measured once the JIT has settled; writes bench/results/health-<UTC date and
# time>.md (never overwriting an earlier result). Issue 6's target: < 5 % for 1000.
#
# Two rounds in alternating order, each figure from a fresh JVM: jlvsd's checkers ("grid": HealthMonitor,
# sleeps ending on a shared 20 ms grid) and two references with nothing of jlvs that make the same
# checks at the same rate: "virtual" (a new virtual thread per check) and "platform" (the checks in
# sequence on one platform thread with blocking sockets, the least a JVM spends on them). On loopback
# every figure includes the servers' half of each handshake and close, which the kernel runs in the
# connecting thread; the summary gives jlvsd's figure as a ratio to each reference of its round, since
# this shared machine's absolute figures drift. HEALTH_CHECKERS="grid exact" compares the two tickers.
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
  echo "Command: \`${HEALTH_CHECKERS:+HEALTH_CHECKERS=\"$HEALTH_CHECKERS\" }bench/health.sh ${1:-1000} ${2:-20}\` at $COMMIT."
  echo
  echo '```'
  summary=""
  read -r -a forward <<<"${HEALTH_CHECKERS:-grid virtual platform}"
  backward=()
  for ((i = ${#forward[@]} - 1; i >= 0; i--)); do backward+=("${forward[i]}"); done
  for order in "${forward[*]}" "${backward[*]}"; do
    declare -A cpu=()
    for t in $order; do
      out=$(run "${1:-1000}" "${2:-20}" "$t")
      echo "$out"
      echo
      cpu[$t]=$(core <<<"$out")
    done
    line="round ($order):"
    for t in "${forward[@]}"; do line+=$(awk -v c="${cpu[$t]}" -v t="$t" 'BEGIN { printf " %s %.1f %%", t, c * 100 }'); done
    for t in "${forward[@]:1}"; do
      line+=$(awk -v a="${cpu[${forward[0]}]}" -v b="${cpu[$t]}" -v n="${forward[0]}/$t" 'BEGIN { printf ", %s %.2f", n, a / b }')
    done
    summary+="$line"$'\n'
    unset cpu
  done
  printf '%s' "$summary"
  echo '```'
} | tee "$OUT"
