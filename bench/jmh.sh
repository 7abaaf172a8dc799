#!/usr/bin/env bash
# bench/jmh.sh — runs the JMH micro-benchmarks with settings a shared 2-core machine can afford
# and writes bench/results/jmh-<UTC date and time>.{json,md,log} (e.g. jmh-2026-11-24T1722Z.json):
# JMH's JSON, a Markdown summary (the commit measured, ns/op and ratio to the reference benchmark
# of the same run, the issue's targets, the machine) and the console output. Each run gets files of
# its own: results already there are never overwritten.
#
#   bench/jmh.sh                      every benchmark (about 2 minutes)
#   bench/jmh.sh Established          only those matching a JMH regexp (the reference is added)
#
# Environment: JMH_OPTS overrides the run settings of io.jlvs.bench.JmhSettings (e.g.
# JMH_OPTS="-f 3 -wi 5 -i 10").
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_NAME=jmh
# shellcheck source=lib/common.sh
. "$BENCH/lib/common.sh"
JAR=$BENCH/target/benchmarks.jar
build_missing bench "$JAR"

# The run settings (average time in ns, one fork, 3 × 1 s warm-up, 5 × 1 s measured, a 512 MiB
# heap per fork) are the benchmarks' own annotations, in io.jlvs.bench.JmhSettings; JMH_OPTS
# overrides them. The big tables are native memory: heap + 10M-connection table + JVM stay under
# 3 GiB.
SETTINGS=${JMH_OPTS:-}
NEED_KB=$((3 * 1024 * 1024))
AVAIL_KB=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
if [ "${AVAIL_KB:-0}" -lt "$NEED_KB" ]; then
  die "only $((AVAIL_KB / 1024)) MiB available; the 10M-connection table needs about 3 GiB"
fi

if [ $# -eq 0 ]; then
  FILTER=(io.jlvs.bench)
else
  # Ratios need the reference from the same run.
  FILTER=("$@" 'EstablishedFlowBenchmark.reference')
fi

mkdir -p "$BENCH/results"
JSON=$BENCH/results/jmh-$STAMP.json
MD=$BENCH/results/jmh-$STAMP.md
LOG=$BENCH/results/jmh-$STAMP.log
fresh_results "$JSON" "$MD" "$LOG"

# shellcheck disable=SC2086 # SETTINGS is a list of JMH options
"$JAVA" -jar "$JAR" $SETTINGS -foe true -rf json -rff "$JSON" "${FILTER[@]}" 2>&1 | tee "$LOG"
"$JAVA" -cp "$JAR" io.jlvs.bench.tools.JmhReport "$JSON" "$MD" "JMH micro-benchmarks — $STAMP, commit $COMMIT"
say "wrote $JSON, $MD, $LOG"
cat "$MD"
