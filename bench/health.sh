#!/usr/bin/env bash
# bench/health.sh — what health checking costs: jlvsd's checker machinery against N loopback real
# servers (half TCP_CHECK, half HTTP_GET, every one each second), CPU of the checking process as a
# fraction of one core, measured once the JIT has settled; writes bench/results/health-<date>.md.
# Issue 6's target: < 5 % for 1000.
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
OUT=$BENCH/results/health-$(date -u +%F).md
{
  echo "# Health checking cost ($(date -u +%FT%TZ), $(nproc) cores, $(uname -r))"
  echo
  echo "Command: \`bench/health.sh ${1:-1000} ${2:-20}\` at $(git -C "$ROOT" rev-parse --short HEAD)."
  echo
  echo '```'
  "$JAVA_HOME/bin/java" -Xmx512m -cp "$JAR" io.jlvs.bench.health.HealthCheckBench "${1:-1000}" "${2:-20}"
  echo '```'
} | tee "$OUT"
