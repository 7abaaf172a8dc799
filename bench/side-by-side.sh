#!/usr/bin/env bash
# bench/side-by-side.sh — jlvsd against the load balancers people use instead, on the lab, in one
# run: the same workloads, in alternating order, against the direct path (no balancer), nftables
# kernel NAT, HAProxy (mode tcp), nginx's stream proxy and jlvsd NAT, FULLNAT and DR. Writes
# bench/results/side-by-side-<UTC date and time>.{md,json,png} (+ -cells.jsonl, -profile.txt), never
# over an earlier run's files; see bench/README.md.
#
#   bench/side-by-side.sh              2 rounds, 10 s per cell (about 25 minutes)
#   bench/side-by-side.sh --quick      1 round, 2 s per cell, small memory fills (a smoke run)
#
# Options: --rounds N, --seconds S, --warmup S, --targets a,b,..., --workloads a,b,...,
#          --no-memory, --[no-]profile, --out DIR (default bench/results).
# Environment: JLVS_LAB_PREFIX (jlsbs), SBS_FILL_PPS (100000: the memory fill's pace),
#              JLVS_LAB_OFFLOADS (on: the lab's veth offloads, see lab/README.md). Needs root.
set -euo pipefail

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SBS=$BENCH/side-by-side
BENCH_NAME=side-by-side
# shellcheck source=lib/common.sh
. "$BENCH/lib/common.sh"
# shellcheck source=lib/jlvsd.sh
. "$BENCH/lib/jlvsd.sh"
export JLVS_LAB_PREFIX=${JLVS_LAB_PREFIX:-jlsbs}

# --- options ---------------------------------------------------------------------------------
ALL_TARGETS=(direct nftables haproxy nginx jlvsd-nat jlvsd-fullnat jlvsd-dr)
ALL_WORKLOADS=(newconn keepalive 100k udp synflood)
QUICK=0 ROUNDS=2 SECONDS_CELL=10 WARMUP=3 MEMORY=1 PROFILE=1 OUT=$BENCH/results
TARGETS=("${ALL_TARGETS[@]}") WORKLOADS=("${ALL_WORKLOADS[@]}")
MEM_FILLS=(1000000 10000000)
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ROUNDS=1 SECONDS_CELL=2 WARMUP=1 PROFILE=0 MEM_FILLS=(100000 300000) ;;
    --rounds) ROUNDS=$2; shift ;;
    --seconds) SECONDS_CELL=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --targets) IFS=, read -r -a TARGETS <<<"$2"; shift ;;
    --workloads) IFS=, read -r -a WORKLOADS <<<"$2"; shift ;;
    --no-memory) MEMORY=0 ;;
    --no-profile) PROFILE=0 ;;
    --profile) PROFILE=1 ;;
    --out) OUT=$2; shift ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done
for t in "${TARGETS[@]}"; do [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || die "unknown target $t (${ALL_TARGETS[*]})"; done
for w in "${WORKLOADS[@]}"; do [[ " ${ALL_WORKLOADS[*]} " == *" $w "* ]] || die "unknown workload $w (${ALL_WORKLOADS[*]})"; done
[[ " ${TARGETS[*]} " == *" nftables "* ]] || die "nftables is the reference every ratio is taken to: keep it in --targets"

# --- what it needs ---------------------------------------------------------------------------
need_root
NPROC=$(nproc)
[ "$NPROC" -ge 2 ] || die "needs at least 2 CPUs: one for the clients, one for the director"
need() { # command debian-package
  command -v "$1" >/dev/null && return 0
  if command -v apt-get >/dev/null; then
    say "installing $2 (for $1)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null || die "apt-get install $2 failed"
  fi
  command -v "$1" >/dev/null || die "$1 is missing (Debian package $2)"
}
need wrk wrk; need haproxy haproxy; need nginx nginx; need hping3 hping3; need nft nftables
need conntrack conntrack; need taskset util-linux; need jq jq; need curl curl
NGINX_STREAM=/usr/lib/nginx/modules/ngx_stream_module.so
if [ ! -f "$NGINX_STREAM" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q libnginx-mod-stream >/dev/null || true
  [ -f "$NGINX_STREAM" ] || die "nginx's stream module is missing (Debian package libnginx-mod-stream)"
fi
JAR=$BENCH/target/benchmarks.jar
build_missing bench,daemon,cli "$JAR" "$ROOT/daemon/target/jlvsd.jar" "$ROOT/cli/target/jlvsadm.jar"
# As many descriptors as the hard limit allows (HAProxy, nginx and wrk hold thousands of sockets).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

CLIENT_CPU=0
DIRECTOR_CPU=$((NPROC - 1))
HZ=$(getconf CLK_TCK)
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/jlvs-sbs.XXXXXX)
CELLS=$WORK/cells.jsonl
: >"$CELLS"

eval "$("$ROOT/lab/lab.sh" env)"
PEER_PIDS=""
BG_PIDS=""
cleanup() {
  set +e
  for p in $BG_PIDS; do kill "$p" 2>/dev/null; done
  stop_peer
  "$ROOT/lab/lab.sh" down >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "bringing up the lab (prefix $LAB_PREFIX-)"
"$ROOT/lab/lab.sh" up
dns() { ip netns exec "$NS_DIR" "$@"; }
for ns in "$NS_C1" "$NS_C2" "$NS_DIR"; do
  # Tens of thousands of connections a second from one address: the whole port range, and ports
  # in TIME-WAIT reused (wrk closes first, so every one of its connections leaves one behind).
  # Without reuse the first target to run through the VIP would leave the client its 64 k ports
  # in TIME-WAIT towards VIP:80 for a minute, and the targets after it would wait for them.
  ip netns exec "$ns" sysctl -qw net.ipv4.ip_local_port_range="1024 65535" net.ipv4.tcp_tw_reuse=1
done
# The real servers count small-UDP frames at their interface and drop them at once (see pps.sh).
# Cells must not inherit state from the cells before them. The real servers close first, so they
# hold TIME-WAIT for each of tens of thousands of (client address, port) pairs for a minute; when a
# later cell of another target brings the same pair back with other TCP timestamps (a client's
# timestamp offset depends on the address it connects to: a real server directly, or the VIP),
# PAWS drops the SYN and the connection waits a second for its retransmission — whichever target
# runs next pays. So the real servers keep no TIME-WAIT (tcp_max_tw_buckets 0), and retransmit a
# SYN-ACK once, not five times, so a flood's half-open connections are gone in seconds.
for ns in "$NS_RS1" "$NS_RS2" "$NS_RS3"; do
  ip netns exec "$ns" sysctl -qw net.ipv4.tcp_synack_retries=1 net.ipv4.tcp_max_tw_buckets=0
  ip netns exec "$ns" nft -f - <<'NFT'
table netdev jlvs_sbs {
  chain ingress {
    type filter hook ingress device "eth0" priority 0; policy accept;
    udp dport 9 drop
  }
}
NFT
done
ip netns exec "$NS_C1" ping -c 1 -W 1 "$DIR_C4" >/dev/null
ip netns exec "$NS_C2" ping -c 1 -W 1 "$DIR_C4" >/dev/null
DIR_MAC=$(ip -n "$NS_DIR" link show "$DIR_IF_CLIENT" | awk '/link\/ether/ {print $2}')
RS_ALL="$RS1_4 $RS2_4 $RS3_4"
LIP_FIRST=${LADDR4%% *}
# FULLNAT gets eight local addresses (the lab's two and six more unused ones of the server LAN):
# at ~25 k new connections/s a real server's 2-minute TIME-WAIT would otherwise exhaust 2 × 64 k
# ports within a cell, which is a configuration limit, not a speed.
LIP_RANGE="$LIP_FIRST-$((${LIP_FIRST##*.} + 7))"

# --- the director's CPU ------------------------------------------------------------------------
# Kernel rows (direct, nftables): receive processing of the director's two interfaces is steered
# by RPS to the director CPU, and its softirq time there is the director's cost. User-space rows:
# the balancer's process (pinned to the director CPU) utime + stime from /proc/PID/stat.
rps() {
  local f
  for f in "$DIR_IF_CLIENT" "$DIR_IF_SERVER"; do dns sh -c "echo $1 > /sys/class/net/$f/queues/rx-0/rps_cpus"; done
}
RPS_MASK=$(printf '%x' $((1 << DIRECTOR_CPU)))
proc_ticks() { local p t=0; for p in $PEER_PIDS; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
# sample: time, peer process ticks, director CPU softirq ticks, director CPU busy ticks,
# client CPU busy ticks, client tx packets (c1, c2), real servers' rx packets.
counter() { ip netns exec "$1" cat "/sys/class/net/$2/statistics/$3"; }
sample() {
  local cpu
  cpu=$(awk -v c="cpu$CLIENT_CPU" -v d="cpu$DIRECTOR_CPU" '
    $1 == d { dsi = $8; dbusy = $2 + $3 + $4 + $7 + $8 + $9 }
    $1 == c { cbusy = $2 + $3 + $4 + $7 + $8 + $9 }
    END { print dsi, dbusy, cbusy }' /proc/stat)
  echo "$(date +%s.%N) $(proc_ticks) $cpu $(counter "$NS_C1" eth0 tx_packets) $(counter "$NS_C2" eth0 tx_packets)" \
    "$(($(counter "$NS_RS1" eth0 rx_packets) + $(counter "$NS_RS2" eth0 rx_packets) + $(counter "$NS_RS3" eth0 rx_packets)))"
}
# window S0 S1: the two samples as JSON (seconds, director CPU seconds by kind, packets).
window() {
  echo "$1 $2" | awk -v hz="$HZ" -v kind="$CPU_KIND" '{
    dt = $9 - $1
    cpu = (kind == "process") ? ($10 - $2) / hz : ($11 - $3) / hz
    printf "{\"window_s\":%.3f,\"cpu_kind\":\"%s\",\"director_cpu_s\":%.3f,\"director_core_busy_s\":%.3f,", dt, kind, cpu, ($12 - $4) / hz
    printf "\"client_core_busy_s\":%.3f,\"c1_tx_packets\":%d,\"c2_tx_packets\":%d,\"rs_rx_packets\":%d}", ($13 - $5) / hz, $14 - $6, $15 - $7, $16 - $8
  }'
}

# --- the peers -----------------------------------------------------------------------------------
# Each start_* leaves PEER_PIDS (processes whose CPU is the director's), CPU_KIND, TARGET_ADDRS
# (what clients connect to), FLOOD_DST. stop_peer undoes whatever any of them did.
vip_on_kernel() { dns ip addr add "$VIP4/32" dev "$DIR_IF_CLIENT"; }
start_direct() {
  rps "$RPS_MASK"; CPU_KIND=softirq; TARGET_ADDRS=$RS_ALL; FLOOD_DST=$RS1_4
}
start_nftables() {
  vip_on_kernel
  dns nft -f - <<NFT
table ip jlvs_sbs_lb {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    ip daddr $VIP4 tcp dport 80 dnat to numgen inc mod 3 map { 0 : $RS1_4, 1 : $RS2_4, 2 : $RS3_4 }
    ip daddr $VIP4 udp dport 9 dnat to jhash ip saddr . udp sport mod 3 map { 0 : $RS1_4, 1 : $RS2_4, 2 : $RS3_4 }
  }
}
NFT
  rps "$RPS_MASK"; CPU_KIND=softirq; TARGET_ADDRS=$VIP4; FLOOD_DST=$VIP4
}
start_haproxy() {
  vip_on_kernel
  cat >"$WORK/haproxy.cfg" <<CFG
global
    nbthread 1
    maxconn 8000
defaults
    mode tcp
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend vip
    bind $VIP4:80
    default_backend reals
backend reals
    balance roundrobin
    server rs1 $RS1_4:80
    server rs2 $RS2_4:80
    server rs3 $RS3_4:80
CFG
  ip netns exec "$NS_DIR" taskset -c "$DIRECTOR_CPU" haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
  PEER_PIDS=$!; CPU_KIND=process; TARGET_ADDRS=$VIP4; FLOOD_DST=$VIP4
  wait_vip || { cat "$WORK/haproxy.log" >&2; die "haproxy did not answer on $VIP4:80"; }
}
start_nginx() {
  vip_on_kernel
  mkdir -p "$WORK/nginx"
  # One process doing the work (master_process off), like HAProxy's single thread and jlvsd's
  # single worker; its CPU is then one /proc/PID/stat.
  cat >"$WORK/nginx.conf" <<CONF
load_module $NGINX_STREAM;
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile 20000;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 8000; }
stream {
  upstream reals { server $RS1_4:80; server $RS2_4:80; server $RS3_4:80; }
  upstream reals_udp { server $RS1_4:9; server $RS2_4:9; server $RS3_4:9; }
  server { listen $VIP4:80 backlog=4096; proxy_pass reals; }
  server { listen $VIP4:9 udp; proxy_pass reals_udp; proxy_responses 0; proxy_timeout 5s; }
}
CONF
  ip netns exec "$NS_DIR" taskset -c "$DIRECTOR_CPU" nginx -c "$WORK/nginx.conf" -e "$WORK/nginx/error.log" >"$WORK/nginx.log" 2>&1 &
  PEER_PIDS=$!; CPU_KIND=process; TARGET_ADDRS=$VIP4; FLOOD_DST=$VIP4
  wait_vip || { cat "$WORK/nginx.log" "$WORK/nginx/error.log" >&2; die "nginx did not answer on $VIP4:80"; }
}
jlvsd_conf() { # kind (NAT FNAT DR) [extra VS keywords]
  local kind=$1 extra=${2:-} table=${3:-4194304} proto port
  cat <<CONF
# bench/side-by-side.sh: $kind, one worker, round robin over the three real servers.
local_address_group sbs_lips {
    $LIP_RANGE
}
jlvs_defs {
    workers 1
    conn_table_size $table
}
CONF
  for proto in TCP UDP; do
    port=$([ $proto = TCP ] && echo 80 || echo 9)
    cat <<CONF
virtual_server $VIP4 $port {
    lb_algo rr
    lb_kind $kind
    protocol $proto
$([ "$kind" = FNAT ] && echo "    laddr_group_name sbs_lips")
$([ $proto = TCP ] && echo "$extra")
    real_server $RS1_4 $port { weight 1 }
    real_server $RS2_4 $port { weight 1 }
    real_server $RS3_4 $port { weight 1 }
}
CONF
  done
}
JLVSD_SOCK=$WORK/jlvsd.sock # where bench/lib/jlvsd.sh puts it
start_jlvsd_peer() { # config-file: jlvsd on the director CPU, as the peer of the cell
  start_jlvsd "$1" "$DIRECTOR_CPU"
  PEER_PIDS=$JLVSD_PID; CPU_KIND=process; TARGET_ADDRS=$VIP4; FLOOD_DST=$VIP4
  wait_vip || { cat "$WORK/jlvsd.log" >&2; die "jlvsd did not forward $VIP4:80"; }
}
start_jlvsd_as() { # kind [extra]
  jlvsd_conf "$@" >"$WORK/jlvsd.conf"
  start_jlvsd_peer "$WORK/jlvsd.conf"
}
start_jlvsd-nat() { start_jlvsd_as NAT; }
start_jlvsd-fullnat() { start_jlvsd_as FNAT; }
start_jlvsd-dr() { start_jlvsd_as DR; }
start_jlvsd-fullnat-synproxy() { start_jlvsd_as FNAT "    syn_proxy"; }
wait_vip() {
  local i
  for i in $(seq 1 300); do
    ip netns exec "$NS_C1" curl -s -o /dev/null --max-time 1 "http://$VIP4/" && return 0
    sleep 0.1
  done
  return 1
}
stop_peer() {
  local p
  for p in $PEER_PIDS; do kill "$p" 2>/dev/null || true; done
  for p in $PEER_PIDS; do wait "$p" 2>/dev/null || true; done
  PEER_PIDS="" JLVSD_PID=""
  dns ip addr del "$VIP4/32" dev "$DIR_IF_CLIENT" 2>/dev/null || true
  dns nft delete table ip jlvs_sbs_lb 2>/dev/null || true
  dns conntrack -F >/dev/null 2>&1 || true
  rps 0 2>/dev/null || true
}

# --- the workloads -----------------------------------------------------------------------------
WRK_CONNS=60   # 20 per wrk thread, three threads
wrk_run() { # seconds json-file path [header]
  local secs=$1 json=$2 path=$3 first=${TARGET_ADDRS%% *}
  local hdr=()
  [ -n "${4:-}" ] && hdr=(-H "$4")
  WRK_TARGETS=$TARGET_ADDRS WRK_JSON=$json ip netns exec "$NS_C1" taskset -c "$CLIENT_CPU" \
    wrk -t 3 -c "$WRK_CONNS" -d "${secs}s" --timeout 2s -s "$SBS/wrk-report.lua" "${hdr[@]}" "http://$first$path" \
    >"$WORK/wrk.out" 2>&1 || { cat "$WORK/wrk.out" >&2; die "wrk failed"; }
}
# http_cell workload path [header]: warm-up, then the measured run between two samples.
http_cell() {
  local s0 s1
  wrk_run "$WARMUP" "$WORK/warm.json" "$2" "${3:-}"
  s0=$(sample)
  wrk_run "$SECONDS_CELL" "$WORK/wrk.json" "$2" "${3:-}"
  s1=$(sample)
  jq -c --argjson w "$(window "$s0" "$s1")" '{wrk: ., counters: $w}' "$WORK/wrk.json"
}
udp_cell() {
  local dst s0 s1 log=$WORK/blaster.log
  dst=$([ "$TARGET" = direct ] && echo "$RS1_4,$RS2_4,$RS3_4" || echo "$VIP4")
  ip netns exec "$NS_C1" taskset -c "$CLIENT_CPU" "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx256m \
    -cp "$JAR" io.jlvs.bench.tools.UdpBlaster --interface eth0 --dst-mac "$DIR_MAC" --src "$C1_4" \
    --dst "$dst" --dport 9 --flows 1024 --seconds "$(awk -v a="$WARMUP" -v b="$SECONDS_CELL" 'BEGIN { print a + b + 1 }')" >"$log" 2>&1 &
  local pid=$! i
  BG_PIDS="$BG_PIDS $pid"
  for i in $(seq 1 200); do grep -q sending "$log" && break; sleep 0.05; done
  sleep "$WARMUP"
  s0=$(sample)
  sleep "$SECONDS_CELL"
  s1=$(sample)
  wait "$pid" || { cat "$log" >&2; die "UdpBlaster failed"; }
  jq -nc --argjson w "$(window "$s0" "$s1")" '{udp: {}, counters: $w}'
}
synflood_cell() {
  local pid out
  ip netns exec "$NS_C2" taskset -c "$CLIENT_CPU" timeout -s INT "$((WARMUP + SECONDS_CELL + 5))" \
    hping3 -S -p 80 --flood --rand-source "$FLOOD_DST" >"$WORK/hping3.log" 2>&1 &
  pid=$!
  BG_PIDS="$BG_PIDS $pid"
  sleep 0.5
  out=$(http_cell newconn / "Connection: close")
  kill -INT "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "$out" | jq -c --arg dst "$FLOOD_DST" '. + {flood: {dst: $dst}}'
  dns conntrack -F >/dev/null 2>&1 || true
  sleep 1
}
run_cell() { # round workload target
  local round=$1 workload=$2 target=$3 res t0
  TARGET=$target
  t0=$(date +%s)
  "start_$target"
  case $workload in
    newconn) res=$(http_cell "$workload" / "Connection: close") ;;
    keepalive) res=$(http_cell "$workload" /) ;;
    100k) res=$(http_cell "$workload" /100k) ;;
    udp) res=$(udp_cell) ;;
    synflood) res=$(synflood_cell) ;;
  esac
  if [[ $target == jlvsd* ]]; then
    res=$(echo "$res" | jq -c --argjson d "$(jlvsd_drops)" '. + {jlvsd_drops: $d}')
  fi
  stop_peer
  [ "$workload" = synflood ] && settle_after_flood
  echo "$res" | jq -c --argjson r "$round" --arg w "$workload" --arg t "$target" \
    '{round: $r, workload: $w, target: $t} + .' | tee -a "$CELLS" | jq -r \
    '"  \(.workload) \(.target): " + (if .wrk then "\(.wrk.requests) requests, p99 \(.wrk.latency_us.p99) µs" else "\(.counters.rs_rx_packets) packets delivered" end) + ", director CPU \(.counters.director_cpu_s) s (\(.counters.cpu_kind))"' >&2
  say "  ($(($(date +%s) - t0)) s)"
}
# jlvsd's own account of what it dropped (metrics on its default port, in the director namespace):
# every non-zero jlvs_* drop, ring and lost-frame counter, as one JSON object.
jlvsd_drops() {
  ip netns exec "$NS_DIR" curl -s --max-time 2 http://127.0.0.1:9189/metrics \
    | awk '/^jlvs_[a-z_]*(drop|ring|freeze|lost)[a-z_]*[{ ]/ && $NF + 0 > 0 { print }' \
    | jq -R -s -c 'split("\n") | map(select(length > 0) | capture("^(?<k>.+) (?<v>[^ ]+)$") | {(.k): (.v | tonumber)}) | add // {}'
}
# After a SYN flood the real servers keep answering it for a while (SYN-ACK retransmissions from their
# SYN queues), which would slow whatever cell comes next: wait until they have let go.
settle_after_flood() {
  local i n ns
  for i in $(seq 1 90); do
    n=0
    for ns in "$NS_RS1" "$NS_RS2" "$NS_RS3"; do
      n=$((n + $(ip netns exec "$ns" ss -Htn state syn-recv | wc -l)))
    done
    [ "$n" -lt 10 ] && return 0
    sleep 1
  done
  say "  the real servers still hold $n half-open connections after 90 s"
}
supports() { # target workload: HAProxy 2.6 has no UDP proxy.
  ! { [ "$1" = haproxy ] && [ "$2" = udp ]; }
}

# --- SYNPROXY: a row only where jlvsd really does it --------------------------------------------
# Accepted by jlvsadm AND acted on: a SYN to the service is answered with a SYN-ACK while not a
# single segment reaches a real server (without SYNPROXY the SYN is forwarded to one).
rs_in_segs() {
  local ns n=0
  for ns in "$NS_RS1" "$NS_RS2" "$NS_RS3"; do
    n=$((n + $(ip netns exec "$ns" awk '/^Tcp:/ { if (h) print $11; h = 1 }' /proc/net/snmp)))
  done
  echo "$n"
}
jlvsadm() { JLVS_SOCKET=$JLVSD_SOCK dns "$ROOT/bin/jlvsadm" "$@"; }
SYNPROXY=no SYNPROXY_WHY=""
probe_synproxy() {
  start_jlvsd_as NAT
  if ! jlvsadm -A -t "$VIP4:81" -s rr -j enable >"$WORK/synproxy.out" 2>&1 \
    || ! jlvsadm -a -t "$VIP4:81" -r "$RS1_4:80" -m >>"$WORK/synproxy.out" 2>&1; then
    SYNPROXY_WHY="jlvsadm -A -t $VIP4:81 -s rr -j enable was refused: $(tr '\n' ' ' <"$WORK/synproxy.out")"
  else
    local before after
    before=$(rs_in_segs)
    ip netns exec "$NS_C2" hping3 -S -p 81 -c 1 "$VIP4" >"$WORK/synproxy-hping.log" 2>&1 || true
    sleep 0.5
    after=$(rs_in_segs)
    if grep -q 'flags=SA' "$WORK/synproxy-hping.log" && [ "$after" = "$before" ]; then
      SYNPROXY=yes
      SYNPROXY_WHY="jlvsadm -j enable accepted; a SYN got a SYN-ACK from the director and no segment reached a real server"
    elif grep -q 'flags=SA' "$WORK/synproxy-hping.log"; then
      SYNPROXY_WHY="jlvsadm -j enable accepted, but the SYN was forwarded to a real server ($((after - before)) segments reached them): the daemon does not act on it"
    else
      SYNPROXY_WHY="jlvsadm -j enable accepted, but the SYN got no SYN-ACK"
    fi
  fi
  stop_peer
  say "SYNPROXY: $SYNPROXY — $SYNPROXY_WHY"
}

# --- the latency under load --------------------------------------------------------------------
latency_cell() { # round target rate
  local round=$1 target=$2 rate=$3 s0 s1
  TARGET=$target
  "start_$target"
  s0=$(sample)
  # shellcheck disable=SC2086 # TARGET_ADDRS is a list
  ip netns exec "$NS_C1" taskset -c "$CLIENT_CPU" "$JAVA" -Xmx512m -XX:+UseSerialGC -cp "$JAR" \
    io.jlvs.bench.sidebyside.OpenLoopClient --targets "$(echo $TARGET_ADDRS | tr ' ' ,)" --rate "$rate" \
    --connections 64 --warmup "$WARMUP" --seconds "$SECONDS_CELL" --json "$WORK/openloop.json" \
    >"$WORK/openloop.log" 2>&1 || { cat "$WORK/openloop.log" >&2; die "OpenLoopClient failed"; }
  s1=$(sample)
  stop_peer
  jq -c --argjson r "$round" --arg t "$target" --argjson w "$(window "$s0" "$s1")" \
    '{round: $r, workload: "latency", target: $t, openloop: ., counters: $w}' "$WORK/openloop.json" \
    | tee -a "$CELLS" | jq -r '"  latency \(.target): \(.openloop.completed) at \(.openloop.achieved_rate)/s, p50 \(.openloop.latency_us.p50) µs, p99 \(.openloop.latency_us.p99) µs"' >&2
}

# --- memory: jlvsd RSS with N tracked connections, filled through the data plane ------------------
# The fill's pace: what one jlvsd worker creates connections at here without losing many frames.
FILL_PPS=${SBS_FILL_PPS:-100000}
memory_fill() { # connections
  local n=$1 sources ports pid rss conns t0
  sources=$(((n + 59999) / 60000))
  ports=$(((n + sources - 1) / sources))
  jlvsd_conf NAT "" "$n" >"$WORK/jlvsd-mem.conf"
  start_jlvsd_peer "$WORK/jlvsd-mem.conf"
  pid=$PEER_PIDS
  local idle
  idle=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  t0=$(date +%s)
  # Every flow a new UDP connection (distinct source address and port). A pass sends each flow
  # once; frames jlvsd could not take while busy creating connections (a full ring) are lost, so
  # passes repeat, up to six, until the table holds 99 % of the flows.
  local pass
  for pass in 1 2 3 4 5 6; do
    ip netns exec "$NS_C1" taskset -c "$CLIENT_CPU" "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx256m \
      -cp "$JAR" io.jlvs.bench.tools.UdpBlaster --interface eth0 --dst-mac "$DIR_MAC" --src 198.19.0.1 \
      --sources "$sources" --first-port 1024 --flows "$n" --dst "$VIP4" --dport 9 --frames "$n" --pps "$FILL_PPS" \
      >>"$WORK/fill.log" 2>&1 || { cat "$WORK/fill.log" >&2; die "UdpBlaster (fill) failed"; }
    sleep 1
    conns=$(jlvsadm -L -n -u "$VIP4:9" | awk '$1 == "->" && $2 ~ /:9$/ { n += $5 + $6 } END { print n + 0 }')
    say "  pass $pass: $conns connections"
    [ "$conns" -ge $((n * 99 / 100)) ] && break
  done
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  # What holding the connections costs with no traffic at all: jlvsd's CPU over 3 s.
  local c0 c1 idle_cpu
  c0=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  sleep 3
  c1=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  idle_cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$HZ" 'BEGIN { printf "%.1f", (b - a) / hz / 3 * 100 }')
  stop_peer
  jq -nc --argjson n "$n" --argjson c "$conns" --argjson rss "$rss" --argjson idle "$idle" \
    --argjson s "$(($(date +%s) - t0))" --arg blaster "$(grep udp-blaster: "$WORK/fill.log" | tail -n 1)" \
    --argjson passes "$pass" --argjson idle_cpu "$idle_cpu" \
    '{workload: "memory", target: "jlvsd-nat", memory: {flows: $n, table_size: $n, passes: $passes, connections: $c, rss_kib: $rss, rss_kib_before_fill: $idle, fill_seconds: $s, idle_cpu_pct: $idle_cpu, generator: $blaster}}' \
    | tee -a "$CELLS" | jq -r '"  memory: \(.memory.connections) connections tracked, RSS \(.memory.rss_kib / 1024 | floor) MiB, idle CPU \(.memory.idle_cpu_pct) %"' >&2
}

# --- profile: where jlvsd's time goes (JFR) -----------------------------------------------------
# jlvsd FULLNAT under a workload, recorded with JFR (settings=profile) after the warm-up, so the
# start-up (table allocation, JIT) is not in it. Printed: JFR's hot methods, and the samples grouped
# by their top frame and the nearest jlvs frame below it (a downcall's time shows at its return).
profile_cell() { # workload
  local workload=$1 jfr=$WORK/jlvsd-$1.jfr pid fpid=""
  TARGET=jlvsd-fullnat
  start_jlvsd_as FNAT
  pid=$PEER_PIDS
  if [ "$workload" = synflood ]; then
    ip netns exec "$NS_C2" taskset -c "$CLIENT_CPU" timeout -s INT "$((WARMUP + SECONDS_CELL + 10))" \
      hping3 -S -p 80 --flood --rand-source "$FLOOD_DST" >"$WORK/hping3.log" 2>&1 &
    fpid=$!
    BG_PIDS="$BG_PIDS $fpid"
  fi
  wrk_run "$WARMUP" "$WORK/warm.json" / "Connection: close"
  "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=sbs settings=profile >/dev/null
  local s0 s1
  s0=$(sample)
  wrk_run "$SECONDS_CELL" "$WORK/wrk.json" / "Connection: close"
  s1=$(sample)
  "$JAVA_HOME/bin/jcmd" "$pid" JFR.dump name=sbs filename="$jfr" >/dev/null
  if [ -n "$fpid" ]; then kill -INT "$fpid" 2>/dev/null || true; wait "$fpid" 2>/dev/null || true; fi
  stop_peer
  {
    echo "## jlvsd FULLNAT, workload $workload: $(jq -r --argjson w "$(window "$s0" "$s1")" \
      '"\(.requests) requests in \(.duration_us / 1e6) s, p50 \(.latency_us.p50) µs, p99 \(.latency_us.p99) µs, jlvsd CPU \($w.director_cpu_s) s"' "$WORK/wrk.json")"
    "$JAVA_HOME/bin/jfr" view --width 150 hot-methods "$jfr" | sed -n '1,28p'
    echo
    echo "Samples by top frame <- nearest jlvs frame:"
    "$JAVA_HOME/bin/jfr" print --json --events jdk.ExecutionSample --stack-depth 24 "$jfr" | jq -r '
      [.recording.events[] | [.values.stackTrace.frames[] | "\(.method.type.name | gsub("/"; ".")).\(.method.name)"]
        | (.[0]) + "  <-  " + ((map(select(startswith("io.jlvs"))) | .[0]) // "(no jlvs frame)")]
      | length as $n | group_by(.) | map({k: .[0], c: length}) | sort_by(-.c) | .[0:15][]
      | "\(.c * 1000 / $n | floor / 10) %  \(.k)"' 2>/dev/null
    echo
  } >>"$WORK/profile.txt" 2>&1
}
profile_jlvsd() {
  : >"$WORK/profile.txt"
  echo "# Where jlvsd's time goes — JFR, $STAMP, commit $COMMIT (bench/side-by-side.sh)" >>"$WORK/profile.txt"
  echo >>"$WORK/profile.txt"
  profile_cell newconn
  [[ " ${WORKLOADS[*]} " == *" synflood "* ]] && profile_cell synflood
  cp "$WORK/profile.txt" "$OUT/side-by-side-$STAMP-profile.txt"
  say "profile: $OUT/side-by-side-$STAMP-profile.txt"
}

# --- the run ------------------------------------------------------------------------------------
say "client CPU $CLIENT_CPU (wrk, UdpBlaster, hping3, OpenLoopClient via taskset -c $CLIENT_CPU);" \
  "director CPU $DIRECTOR_CPU (haproxy, nginx, jlvsd via taskset -c $DIRECTOR_CPU; RPS for the kernel rows)"
say "$ROUNDS round(s) × ${SECONDS_CELL} s per cell after ${WARMUP} s of warm-up; targets: ${TARGETS[*]}"
probe_synproxy
ROW_TARGETS=("${TARGETS[@]}")
[ "$SYNPROXY" = yes ] && ROW_TARGETS+=(jlvsd-fullnat-synproxy)

for round in $(seq 1 "$ROUNDS"); do
  wi=0
  for workload in "${WORKLOADS[@]}"; do
    order=("${TARGETS[@]}")
    [ "$workload" = synflood ] && order=("${ROW_TARGETS[@]}")
    # Alternate: odd (round + workload) forward, even backward.
    if [ $(((round + wi) % 2)) = 0 ]; then
      local_rev=()
      for ((i = ${#order[@]} - 1; i >= 0; i--)); do local_rev+=("${order[i]}"); done
      order=("${local_rev[@]}")
    fi
    say "round $round, $workload: ${order[*]}"
    for target in "${order[@]}"; do
      supports "$target" "$workload" && run_cell "$round" "$workload" "$target"
    done
    wi=$((wi + 1))
  done
done

# Latency under load at half the direct path's keep-alive capacity (the median of its cells).
LAT_RATE=""
if [[ " ${TARGETS[*]} " == *" direct "* ]] && [[ " ${WORKLOADS[*]} " == *" keepalive "* ]]; then
  LAT_RATE=$(jq -s '[.[] | select(.workload == "keepalive" and .target == "direct") | .wrk.requests * 1e6 / .wrk.duration_us] | sort | .[length / 2 | floor] / 2 | floor' "$CELLS")
  for round in $(seq 1 "$ROUNDS"); do
    order=("${TARGETS[@]}")
    if [ $((round % 2)) = 0 ]; then
      local_rev=(); for ((i = ${#order[@]} - 1; i >= 0; i--)); do local_rev+=("${order[i]}"); done; order=("${local_rev[@]}")
    fi
    say "round $round, latency at $LAT_RATE requests/s: ${order[*]}"
    for target in "${order[@]}"; do latency_cell "$round" "$target" "$LAT_RATE"; done
  done
fi

if [ "$MEMORY" = 1 ]; then
  for n in "${MEM_FILLS[@]}"; do say "memory: $n connections"; memory_fill "$n"; done
fi
[ "$PROFILE" = 1 ] && profile_jlvsd

# --- the report ---------------------------------------------------------------------------------
jq -n --arg date "$STAMP" --arg commit "$COMMIT" --arg started "$(date -u +%FT%TZ)" --argjson quick "$QUICK" --argjson rounds "$ROUNDS" \
  --argjson seconds "$SECONDS_CELL" --argjson warmup "$WARMUP" --argjson ccpu "$CLIENT_CPU" --argjson dcpu "$DIRECTOR_CPU" \
  --arg cpu "$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)" --argjson nproc "$NPROC" \
  --arg kernel "$(uname -r)" --arg jdk "$("$JAVA" -version 2>&1 | head -n 1)" \
  --arg haproxy "$(haproxy -v | head -n 1 | awk '{print $3}')" --arg nginx "$(nginx -v 2>&1 | sed 's/.*nginx\///')" \
  --arg wrk "$(wrk -v 2>&1 | head -n 1 | awk '{print $2}')" --arg synproxy "$SYNPROXY" --arg synproxy_why "$SYNPROXY_WHY" \
  --arg lat_rate "$LAT_RATE" --arg lab "$LAB_PREFIX" --argjson conns "$WRK_CONNS" --arg offloads "$LAB_OFFLOADS" \
  --arg profile "$([ "$PROFILE" = 1 ] && echo "side-by-side-$STAMP-profile.txt")" \
  --arg targets "${TARGETS[*]}" --arg workloads "${WORKLOADS[*]}" \
  '{date: $date, commit: $commit, quick: ($quick == 1), rounds: $rounds, seconds_per_cell: $seconds, warmup_seconds: $warmup,
    client_cpu: $ccpu, director_cpu: $dcpu, nproc: $nproc, cpu_model: $cpu, kernel: $kernel, jdk: $jdk,
    haproxy: $haproxy, nginx: $nginx, wrk: $wrk, wrk_connections: $conns, lab_prefix: $lab, lab_offloads: $offloads,
    synproxy: {available: ($synproxy == "yes"), why: $synproxy_why},
    latency_rate: (if $lat_rate == "" then null else ($lat_rate | tonumber) end),
    profile: (if $profile == "" then null else $profile end),
    targets: ($targets | split(" ")), workloads: ($workloads | split(" "))}' >"$WORK/meta.json"
BASE=$OUT/side-by-side-$STAMP
[ "$QUICK" = 1 ] && BASE=$BASE-quick
"$JAVA" -cp "$JAR" io.jlvs.bench.sidebyside.SideBySideReport "$WORK/meta.json" "$CELLS" "$BASE"
cp "$CELLS" "$BASE-cells.jsonl"
say "wrote $BASE.md, $BASE.json, $BASE.png, $BASE-cells.jsonl"
cat "$BASE.md"
