#!/usr/bin/env bash
# bench/drain.sh — taking one of three real servers out under load, three ways, side by side in
# one run (issue 7): jlvs's drain (jlvsadm --drain, 10 s deadline), IPVS's weight 0, and IPVS's
# removal under expire_nodest_conn=1. The same loads each time: a JDK HttpClient pool of 50
# connections pausing 20-200 ms between requests, and wrk on 12 keep-alive connections.
# Needs root.
#
#   bench/drain.sh          prints the table and writes bench/results/drain-<UTC time>.md
#
# Environment: DRAIN_WEIGHT0_WAIT (60 s: how long weight 0 is watched), JLVS_LAB_PREFIX
# (jlbdrain). Time to empty: the drain's own figure; for weight 0, until the server has no
# connection left in jlvsadm -L ("> wait" if it never empties); the removal resets all at once. Failed requests: what each client reports. Resets: the drain's
# own count (deadline resets plus requests that crossed a close); for the removal, the flows the
# server held, every one of which expire_nodest_conn resets.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_NAME=drain
# shellcheck source=lib/common.sh
. "$BENCH/lib/common.sh"
# shellcheck source=lib/jlvsd.sh
. "$BENCH/lib/jlvsd.sh"
export JLVS_LAB_PREFIX=${JLVS_LAB_PREFIX:-jlbdrain}
WEIGHT0_WAIT=${DRAIN_WEIGHT0_WAIT:-60}
WARMUP=5 # s of load before rs3 is taken out: the pool's JVM starts and its connections spread
OUT=$BENCH/results/drain-$STAMP.md
POOL_SOURCE=$ROOT/it/src/test/resources/drain/PoolClient.java

need_root
fresh_results "$OUT"
command -v wrk >/dev/null || die "wrk is missing"
build_missing daemon,cli "$ROOT/daemon/target/jlvsd.jar" "$ROOT/cli/target/jlvsadm.jar"

eval "$("$ROOT/lab/lab.sh" env)"
WORK=""
cleanup() {
  set +e
  stop_jlvsd
  "$ROOT/lab/lab.sh" down >/dev/null 2>&1
  [ -n "$WORK" ] && rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Seconds since $1 (date +%s.%N), as "1.2 s".
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'; }

adm() { JLVS_SOCKET=$WORK/jlvsd.sock "$ROOT/bin/jlvsadm" "$@"; }

# ActiveConn + InActConn of rs3 in jlvsadm -L -n (nothing when it is not listed).
held() {
  adm -L -n -t "$VIP4:80" | awk -v rs="$RS3_4:80" '$2 == rs { print $5 + $6 }'
}

say "bringing up the lab ($JLVS_LAB_PREFIX)"
"$ROOT/lab/lab.sh" down >/dev/null 2>&1 || true
"$ROOT/lab/lab.sh" up >/dev/null
WORK=$(mktemp -d)
cat >"$WORK/jlvsd.conf" <<CONF
virtual_server $VIP4 80 {
  lb_algo rr
  lb_kind NAT
  protocol TCP
  real_server $RS1_4 80 { weight 1 }
  real_server $RS2_4 80 { weight 1 }
  real_server $RS3_4 80 { weight 1 }
}
CONF

ROWS=()
# One way of taking rs3 out: $1 its name, $2 how long the loads run (s).
run() {
  local how=$1 seconds=$2 n empty="" resets failed_pool failed_wrk
  say "$how: loads for $seconds s, rs3 taken out after $WARMUP s"
  start_jlvsd
  ip netns exec "$NS_C1" "$JAVA" "$POOL_SOURCE" "http://$VIP4/" 50 "$seconds" >"$WORK/pool.out" 2>&1 &
  local pool=$!
  ip netns exec "$NS_C2" wrk -t 1 -c 12 -d "${seconds}s" "http://$VIP4/" >"$WORK/wrk.out" 2>&1 &
  local wrk=$!
  sleep "$WARMUP"
  local before
  before=$(held)
  local t0
  t0=$(date +%s.%N)
  case $how in
    "jlvs drain")
      adm --drain -t "$VIP4:80" -r "$RS3_4:80" --timeout 10s --wait >"$WORK/drain.out"
      empty=$(sed -n 's/.*drain done after \([0-9.]*\) s.*/\1 s/p' "$WORK/drain.out")
      resets=$(awk '{ for (i = 1; i < NF; i++) { if ($(i+1) == "reset") r += $i; if ($(i+1) == "client") c += $i } }
        END { print r + c }' "$WORK/drain.out")
      ;;
    "IPVS weight 0")
      adm -e -t "$VIP4:80" -r "$RS3_4:80" -m -w 0
      for n in $(seq 1 "$WEIGHT0_WAIT"); do
        sleep 1
        if [ "$(held)" = 0 ]; then
          empty=$(since "$t0")
          break
        fi
      done
      [ -n "$empty" ] || empty="> $WEIGHT0_WAIT s ($(held) left)"
      resets=0
      ;;
    "IPVS expire_nodest_conn=1")
      adm --sysctl expire_nodest_conn=1 >/dev/null
      adm -d -t "$VIP4:80" -r "$RS3_4:80"
      empty="at once (all reset)"
      resets=$before
      ;;
  esac
  wait "$pool" || true
  wait "$wrk" || true
  failed_pool=$(sed -n 's/.*failed=\([0-9]*\).*/\1/p' "$WORK/pool.out" | tail -1)
  failed_wrk=$(awk '/Socket errors/ { gsub(",", ""); e += $4 + $6 + $8 + $10 } /Non-2xx/ { e += $NF }
    END { print e + 0 }' "$WORK/wrk.out")
  ROWS+=("| $how | ${before:-?} | $empty | ${failed_pool:-?} | $failed_wrk | $resets |")
  stop_jlvsd
}

run "jlvs drain" 20
run "IPVS weight 0" $((WEIGHT0_WAIT + 15))
run "IPVS expire_nodest_conn=1" 20

{
  echo "# Taking a real server out under load: jlvs drain vs IPVS"
  echo
  echo "bench/drain.sh at $COMMIT, $STAMP; lab $JLVS_LAB_PREFIX; rs3 of three real servers (rr, NAT)."
  echo "Loads: JDK HttpClient pool, 50 connections, 20-200 ms think time; wrk, 12 keep-alive connections."
  echo
  echo "| how | rs3 connections | time to empty | pool failed requests | wrk socket errors | resets sent |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} | tee "$OUT"
say "written $OUT"
