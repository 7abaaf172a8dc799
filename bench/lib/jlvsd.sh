# bench/lib/jlvsd.sh — start and stop the jlvsd under test in the lab's director namespace.
# Sourced by the bench scripts after bench/lib/common.sh; expects ROOT, WORK, NS_DIR,
# DIR_IF_CLIENT and DIR_IF_SERVER from the caller. jlvsd's admin socket is $WORK/jlvsd.sock, its
# log $WORK/jlvsd.log.
# shellcheck shell=bash

JLVSD_PID=""

# start_jlvsd [CONFIG [CPU]]: runs jlvsd on CONFIG ($WORK/jlvsd.conf), pinned to CPU with taskset
# when one is given, and returns once it serves, with its pid in JLVSD_PID. Dies with jlvsd's log
# if it exits or does not serve within 60 s (a table of 10 M connections takes a while to map).
start_jlvsd() {
  local conf=${1:-$WORK/jlvsd.conf} pin=() i
  [ -z "${2:-}" ] || pin=(taskset -c "$2")
  ip netns exec "$NS_DIR" "${pin[@]}" "$ROOT/bin/jlvsd" --config "$conf" \
    --interface "$DIR_IF_CLIENT" --interface "$DIR_IF_SERVER" --socket "$WORK/jlvsd.sock" \
    >"$WORK/jlvsd.log" 2>&1 &
  JLVSD_PID=$!
  for i in $(seq 1 600); do
    grep -q 'serving \[' "$WORK/jlvsd.log" 2>/dev/null && return 0
    kill -0 "$JLVSD_PID" 2>/dev/null || { cat "$WORK/jlvsd.log" >&2; die "jlvsd exited"; }
    sleep 0.1
  done
  cat "$WORK/jlvsd.log" >&2
  die "jlvsd did not start serving within 60 s"
}

stop_jlvsd() {
  if [ -n "$JLVSD_PID" ]; then
    kill "$JLVSD_PID" 2>/dev/null || true
    wait "$JLVSD_PID" 2>/dev/null || true # SIGTERM's exit status
    JLVSD_PID=""
  fi
}
