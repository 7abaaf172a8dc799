#!/usr/bin/env bash
# ./jlvs demo: the main job on the embedded default (examples/demo.conf) in the lab.
# Prints only what it measured; where a stage is not built yet it says so and stops there.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export JLVS_LAB_PREFIX=${JLVS_LAB_PREFIX:-jldemo}
LAB="$ROOT/lab/lab.sh"

step() { printf '\n== %s\n' "$*"; }
cleanup() { step "tearing the lab down"; "$LAB" down || true; }

step "building jlvs (skipped when up to date)"
"$ROOT/jlvs" build

step "bringing up the lab"
"$LAB" up
trap cleanup EXIT
eval "$("$LAB" env)"
"$LAB" status

step "the embedded default configuration (examples/demo.conf)"
grep -v '^#' "$ROOT/examples/demo.conf" | sed '/^$/d'

step "each real server, asked directly from client $NS_C1"
for rs in "$RS1_4" "$RS2_4" "$RS3_4"; do
  printf '  http://%s/ -> %s\n' "$rs" "$(ip netns exec "$NS_C1" curl -sS --max-time 5 "http://$rs/")"
done

SOCK=$LAB_RUN/jlvsd.sock
export JLVS_SOCKET=$SOCK
step "starting jlvsd in $NS_DIR on $DIR_IF_CLIENT and $DIR_IF_SERVER with examples/demo.conf"
ip netns exec "$NS_DIR" "$ROOT/bin/jlvsd" --config "$ROOT/examples/demo.conf" \
  --interface "$DIR_IF_CLIENT" --interface "$DIR_IF_SERVER" --socket "$SOCK" >"$LAB_RUN/jlvsd.log" 2>&1 &
JLVSD=$!
stop_jlvsd() { kill "$JLVSD" 2>/dev/null && wait "$JLVSD" 2>/dev/null || true; }
trap 'stop_jlvsd; cleanup' EXIT
for _ in $(seq 1 300); do
  grep -q 'serving \[' "$LAB_RUN/jlvsd.log" 2>/dev/null && break
  kill -0 "$JLVSD" 2>/dev/null || { cat "$LAB_RUN/jlvsd.log"; echo "jlvsd exited"; exit 1; }
  sleep 0.1
done
sed 's/^/  /' "$LAB_RUN/jlvsd.log"

step "six requests from $NS_C1 through the VIP $VIP4 (round robin)"
for i in 1 2 3 4 5 6; do
  printf '  request %s -> %s\n' "$i" "$(ip netns exec "$NS_C1" curl -sS --max-time 5 "http://$VIP4/")"
done

step "wrk for 5 s, a new TCP connection per request, from $NS_C1 (measured now)"
ip netns exec "$NS_C1" wrk -t1 -c16 -d5s -H 'Connection: close' "http://$VIP4/" | sed 's/^/  /'

step "the table: jlvsadm -L -n"
"$ROOT/bin/jlvsadm" -L -n
step "jlvsadm -L -n --stats"
"$ROOT/bin/jlvsadm" -L -n --stats

step "draining $RS3_4 the IPVS way: weight 0 (quiescent) with jlvsadm -e"
"$ROOT/bin/jlvsadm" -e -t "$VIP4:80" -r "$RS3_4:80" -m -w 0
"$ROOT/bin/jlvsadm" -L -n
for i in 1 2 3 4; do
  printf '  request %s -> %s\n' "$i" "$(ip netns exec "$NS_C1" curl -sS --max-time 5 "http://$VIP4/")"
done
echo "  New connections no longer reach rs3; its existing flows would stay until they end."
echo "  jlvs's own drain (deadline, graceful close of idle keep-alive flows) is not built yet:"
echo "  see the status table in README.md."

step "stopping jlvsd (SIGTERM)"
stop_jlvsd
tail -n 2 "$LAB_RUN/jlvsd.log" | sed 's/^/  /'
