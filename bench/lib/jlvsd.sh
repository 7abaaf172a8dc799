# bench/lib/jlvsd.sh — start and stop the jlvsd under test in the lab's director namespace.
# Sourced by the bench scripts; expects ROOT, WORK, NS_DIR, DIR_IF_CLIENT, DIR_IF_SERVER and a
# die() from the caller. start_jlvsd runs $WORK/jlvsd.conf with its socket at $WORK/jlvsd.sock.
# shellcheck shell=bash

JLVSD_PID=""

start_jlvsd() {
  ip netns exec "$NS_DIR" "$ROOT/bin/jlvsd" --config "$WORK/jlvsd.conf" \
    --interface "$DIR_IF_CLIENT" --interface "$DIR_IF_SERVER" --socket "$WORK/jlvsd.sock" \
    >"$WORK/jlvsd.log" 2>&1 &
  JLVSD_PID=$!
  local i
  for i in $(seq 1 300); do
    grep -q 'serving \[' "$WORK/jlvsd.log" 2>/dev/null && return 0
    kill -0 "$JLVSD_PID" 2>/dev/null || { cat "$WORK/jlvsd.log" >&2; die "jlvsd exited"; }
    sleep 0.1
  done
  cat "$WORK/jlvsd.log" >&2
  die "jlvsd did not start serving within 30 s"
}

stop_jlvsd() {
  if [ -n "$JLVSD_PID" ]; then
    kill "$JLVSD_PID" 2>/dev/null || true
    wait "$JLVSD_PID" 2>/dev/null || true # SIGTERM's exit status
    JLVSD_PID=""
  fi
}
