#!/usr/bin/env bash
# bench/pps.sh — small-packet forwarding rate in the lab: the director kernel's own IP forwarding
# against jlvsd FULLNAT, alternating, on the same namespaces, in one run. Needs root.
#
#   bench/pps.sh            3 alternating runs of each, 5 s measured per run
#
# Environment: PPS_RUNS (3), PPS_SECONDS (5), PPS_FLOWS (1024), PPS_KERNEL_RPS (1),
# JLVS_LAB_PREFIX (jlbench). Writes bench/results/pps-<UTC date and time>.md (never over an
# earlier run's file); see bench/README.md.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_NAME=pps
# shellcheck source=lib/common.sh
. "$BENCH/lib/common.sh"
# shellcheck source=lib/jlvsd.sh
. "$BENCH/lib/jlvsd.sh"
export JLVS_LAB_PREFIX=${JLVS_LAB_PREFIX:-jlbench}
RUNS=${PPS_RUNS:-3}
SECONDS_MEASURED=${PPS_SECONDS:-5}
FLOWS=${PPS_FLOWS:-1024}
KERNEL_RPS=${PPS_KERNEL_RPS:-1}
WARMUP_KERNEL=1  # first frames: ARP, route cache
WARMUP_JLVSD=3   # JIT compilation of the worker's path, ARP for the real servers
DPORT=9          # UDP discard; the real servers drop it at ingress (see below)
JAR=$BENCH/target/benchmarks.jar
OUT=$BENCH/results/pps-$STAMP.md

need_root
fresh_results "$OUT"
command -v nft >/dev/null || die "nft (nftables) is missing"
command -v taskset >/dev/null || die "taskset (util-linux) is missing"
NPROC=$(nproc)
[ "$NPROC" -ge 2 ] || die "needs at least 2 CPUs: one for the generator, one for the director"
build_missing bench,daemon "$JAR" "$ROOT/daemon/target/jlvsd.jar"

eval "$("$ROOT/lab/lab.sh" env)"
BLASTER_PID=""
WORK=""
cleanup() {
  set +e
  [ -n "$BLASTER_PID" ] && kill "$BLASTER_PID" 2>/dev/null && wait "$BLASTER_PID" 2>/dev/null
  stop_jlvsd
  "$ROOT/lab/lab.sh" down >/dev/null 2>&1
  [ -n "$WORK" ] && rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "bringing up the lab (prefix $LAB_PREFIX-)"
"$ROOT/lab/lab.sh" up
WORK=$(mktemp -d /tmp/jlvs-pps.XXXXXX)

# The real servers count what reaches them and drop it at once (netdev ingress, after the
# interface's rx counter): no socket, no ICMP port-unreachable sent back through the director,
# so the director is what is measured, not the real servers' UDP stacks.
for ns in "$NS_RS1" "$NS_RS2" "$NS_RS3"; do
  ip netns exec "$ns" nft -f - <<NFT
table netdev jlvs_pps {
  chain ingress {
    type filter hook ingress device "eth0" priority 0; policy accept;
    udp dport $DPORT drop
  }
}
NFT
done
# Everyone learns everyone's MAC before the first measured frame.
ip netns exec "$NS_C1" ping -c 1 -W 1 "$DIR_C4" >/dev/null
for rs in "$RS1_4" "$RS2_4" "$RS3_4"; do ip netns exec "$NS_DIR" ping -c 1 -W 1 "$rs" >/dev/null; done
DIR_MAC=$(ip -n "$NS_DIR" link show "$DIR_IF_CLIENT" | awk '/link\/ether/ {print $2}')
[ -n "$DIR_MAC" ] || die "no MAC on $NS_DIR/$DIR_IF_CLIENT"

FIRST_LADDR=${LADDR4%% *}
LAST_LADDR=${LADDR4##* }
cat >"$WORK/jlvsd.conf" <<CONF
# bench/pps.sh: FULLNAT UDP to the three real servers, one data-plane worker.
local_address_group pps_lips {
    ${FIRST_LADDR}-${LAST_LADDR##*.}
}
jlvs_defs {
    workers 1
}
virtual_server $VIP4 $DPORT {
    lb_algo rr
    lb_kind FNAT
    protocol UDP
    laddr_group_name pps_lips
    real_server $RS1_4 $DPORT { weight 1 }
    real_server $RS2_4 $DPORT { weight 1 }
    real_server $RS3_4 $DPORT { weight 1 }
}
CONF

# jlvsd pins its one worker to the last CPU; the generator gets CPU 0. With PPS_KERNEL_RPS=1 the
# director's client-side receive processing (and so the kernel's forwarding) is steered to that
# same last CPU for the kernel runs, so both directors forward on the same core while the
# generator's core only sends. jlvsd runs without it: its AF_PACKET receive would then compete
# with the worker for its core (DESIGN.md §3a).
DIRECTOR_CPU=$((NPROC - 1))
RPS_MASK=$(printf '%x' $((1 << DIRECTOR_CPU)))
RPS_FILE=/sys/class/net/$DIR_IF_CLIENT/queues/rx-0/rps_cpus
rps() { ip netns exec "$NS_DIR" sh -c "echo $1 > $RPS_FILE"; }

counter() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }
# One sample: time, client tx, rs1..3 rx, the director's interface drops (client side rx, server
# side tx), jlvsd's CPU ticks, then busy and softirq ticks of CPU 0 and of the director's CPU.
sample() {
  local t c r1 r2 r3 drops cpu j=0
  t=$(date +%s.%N)
  c=$(counter "$NS_C1" eth0 tx_packets)
  r1=$(counter "$NS_RS1" eth0 rx_packets)
  r2=$(counter "$NS_RS2" eth0 rx_packets)
  r3=$(counter "$NS_RS3" eth0 rx_packets)
  drops=$(ip netns exec "$NS_DIR" cat "/sys/class/net/$DIR_IF_CLIENT/statistics/rx_dropped" \
    "/sys/class/net/$DIR_IF_SERVER/statistics/tx_dropped" | awk '{ n += $1 } END { print n }')
  if [ -n "$JLVSD_PID" ]; then j=$(awk '{print $14 + $15}' "/proc/$JLVSD_PID/stat"); fi
  # /proc/stat cpuN: user nice system idle iowait irq softirq steal; busy = all but idle+iowait.
  # cpu0 comes before cpuN in the file, so the generator's pair is printed first.
  cpu=$(awk -v g="cpu0" -v d="cpu$DIRECTOR_CPU" '
    $1 == g || $1 == d { printf "%d %d ", $2 + $3 + $4 + $7 + $8 + $9, $8 }
  ' /proc/stat)
  echo "$t $c $r1 $r2 $r3 $drops $j $cpu"
}

HZ=$(getconf CLK_TCK)
RESULTS=$WORK/results
: >"$RESULTS"

# run MODE N: blast for warm-up + measurement, sample at both ends of the measured window.
run() {
  local mode=$1 n=$2 warm dst log s0 s1
  if [ "$mode" = kernel ]; then
    warm=$WARMUP_KERNEL
    dst="$RS1_4,$RS2_4,$RS3_4"
    if [ "$KERNEL_RPS" = 1 ]; then rps "$RPS_MASK"; fi
  else
    warm=$WARMUP_JLVSD
    dst=$VIP4
    rps 0
    start_jlvsd
  fi
  log=$WORK/blaster-$mode-$n.log
  ip netns exec "$NS_C1" taskset -c 0 "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx256m \
    -cp "$JAR" io.jlvs.bench.tools.UdpBlaster --interface eth0 --dst-mac "$DIR_MAC" \
    --src "$C1_4" --dst "$dst" --dport "$DPORT" --flows "$FLOWS" \
    --seconds "$((warm + SECONDS_MEASURED + 1))" >"$log" 2>&1 &
  BLASTER_PID=$!
  local i
  for i in $(seq 1 200); do grep -q sending "$log" && break; sleep 0.05; done
  grep -q sending "$log" || { cat "$log" >&2; die "the generator did not start"; }
  sleep "$warm"
  s0=$(sample)
  sleep "$SECONDS_MEASURED"
  s1=$(sample)
  wait "$BLASTER_PID" || { cat "$log" >&2; die "the generator failed"; }
  BLASTER_PID=""
  if [ "$mode" = jlvsd ]; then stop_jlvsd; fi
  rps 0
  # mode run seconds sent_pps recv_pps rs1 rs2 rs3 jlvsd% gen_busy% gen_si% dir_busy% dir_si% drops/s
  echo "$s0 $s1" | awk -v m="$mode" -v n="$n" -v hz="$HZ" '{
    dt = $12 - $1
    printf "%s %d %.3f %.0f %.0f %.0f %.0f %.0f %.1f %.1f %.1f %.1f %.1f %.0f\n", m, n, dt,
      ($13 - $2) / dt, (($14 - $3) + ($15 - $4) + ($16 - $5)) / dt,
      ($14 - $3) / dt, ($15 - $4) / dt, ($16 - $5) / dt,
      ($18 - $7) / hz / dt * 100,
      ($19 - $8) / hz / dt * 100, ($20 - $9) / hz / dt * 100,
      ($21 - $10) / hz / dt * 100, ($22 - $11) / hz / dt * 100,
      ($17 - $6) / dt
  }' | tee -a "$RESULTS" >&2
  grep udp-blaster: "$log" | tail -n 1 >&2
}

say "director MAC $DIR_MAC; generator on CPU 0, director on CPU $DIRECTOR_CPU; $RUNS × ${SECONDS_MEASURED} s each"
for n in $(seq 1 "$RUNS"); do
  run kernel "$n"
  run jlvsd "$n"
done

# --- the report ---------------------------------------------------------------------------
median() { sort -n | awk '{a[NR] = $1} END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { awk -v m="$1" -v c="$2" '$1 == m {print $c}' "$RESULTS"; }
# Column 15: the director core's busy time per received packet, in ns.
awk '{ printf "%s %.0f\n", $0, ($5 > 0 ? $12 / 100 * 1e9 / $5 : 0) }' "$RESULTS" >"$RESULTS.ns" && mv "$RESULTS.ns" "$RESULTS"
K_RECV=$(col kernel 5 | median)
J_RECV=$(col jlvsd 5 | median)
K_SENT=$(col kernel 4 | median)
J_SENT=$(col jlvsd 4 | median)
J_CPU=$(col jlvsd 9 | median)
K_DIR=$(col kernel 12 | median)
J_DIR=$(col jlvsd 12 | median)
K_NS=$(col kernel 15 | median)
J_NS=$(col jlvsd 15 | median)
RATIO=$(awk -v j="$J_RECV" -v k="$K_RECV" 'BEGIN { printf "%.2f", (k > 0 ? j / k : 0) }')
NS_RATIO=$(awk -v j="$J_NS" -v k="$K_NS" 'BEGIN { printf "%.2f", (k > 0 ? j / k : 0) }')
CPU_MODEL=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
JDK=$("$JAVA" -version 2>&1 | head -n 1)
row() { # name sent recv process-cpu dir-busy ns
  awk -v n="$1" -v s="$2" -v r="$3" -v c="$4" -v b="$5" -v ns="$6" \
    'BEGIN { printf "| %s | %.0f | %.0f | %.2f | %s | %.0f %% | %.0f |\n", n, s, r, (s > 0 ? r / s : 0), c, b, ns }'
}

{
  echo "# Packet rate: kernel IP forwarding vs jlvsd FULLNAT — $STAMP, commit $COMMIT"
  echo
  echo "| machine | |"
  echo "|---|---|"
  echo "| CPUs (nproc) | $NPROC |"
  echo "| CPU model | ${CPU_MODEL:-unknown} |"
  echo "| kernel | $(uname -r) |"
  echo "| JDK | $JDK |"
  echo "| lab | prefix \`$LAB_PREFIX-\`, lab/README.md address plan |"
  echo
  echo "Generator: \`UdpBlaster\` in $NS_C1, 60-byte UDP/IPv4 frames through an AF_PACKET TX ring,"
  echo "$FLOWS flows (source ports), pinned to CPU 0. Kernel runs: $C1_4 → $RS1_4/$RS2_4/$RS3_4:$DPORT,"
  echo "forwarded by the director's kernel$([ "$KERNEL_RPS" = 1 ] && echo " (RPS on $DIR_IF_CLIENT to CPU $DIRECTOR_CPU)")."
  echo "jlvsd runs: $C1_4 → $VIP4:$DPORT, FULLNAT UDP to the same three servers, one worker (pinned by"
  echo "jlvsd to CPU $DIRECTOR_CPU), started fresh for each run. Received = the real servers' eth0"
  echo "rx_packets, sent = the client's eth0 tx_packets, over the ${SECONDS_MEASURED} s window after a warm-up"
  echo "(kernel ${WARMUP_KERNEL} s, jlvsd ${WARMUP_JLVSD} s). CPU figures are % of one core over the window."
  echo "Director core ns/packet = busy time of CPU $DIRECTOR_CPU per received packet; that core also runs"
  echo "the real servers' receive path in both modes, and jlvsd's worker spins briefly before it sleeps,"
  echo "so for jlvsd it is an upper bound. Director drops/s = the director's $DIR_IF_CLIENT rx_dropped +"
  echo "$DIR_IF_SERVER tx_dropped (the kernel path's receive backlog, the real servers' backlogs); jlvsd's"
  echo "own losses (a full AF_PACKET ring) show only as received < sent."
  echo
  echo "## Summary (medians of $RUNS runs)"
  echo
  echo "| director | sent pps | received pps | received / sent | director process CPU | CPU $DIRECTOR_CPU busy | CPU $DIRECTOR_CPU ns/packet |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  row "kernel IP forwarding" "$K_SENT" "$K_RECV" "(softirq)" "$K_DIR" "$K_NS"
  row "jlvsd FULLNAT" "$J_SENT" "$J_RECV" "$(awk -v c="$J_CPU" 'BEGIN { printf "%.0f %%", c }')" "$J_DIR" "$J_NS"
  echo
  echo "**jlvsd / kernel, received pps: ${RATIO}** (director core time per packet: ${NS_RATIO}×)"
  echo
  echo "## Runs"
  echo
  echo "| director | run | window s | sent pps | received pps | rs1 | rs2 | rs3 | director drops/s | jlvsd CPU % | CPU 0 busy % | CPU 0 softirq % | CPU $DIRECTOR_CPU busy % | CPU $DIRECTOR_CPU softirq % | CPU $DIRECTOR_CPU ns/packet |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk '{ printf "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $14, ($1 == "kernel" ? "—" : $9), $10, $11, $12, $13, $15 }' "$RESULTS"
} >"$OUT"
say "wrote $OUT"
cat "$OUT"
