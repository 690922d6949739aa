# Shared by Benchmarks/web-pages.sh and Benchmarks/web-load.sh (sourced, not
# run): copy a portfolio, start the release grants-web on it on a free port,
# stop it with one SIGTERM and check that it ends in time.
#
# Expects $bin (the release products folder) and $work (a scratch folder).

# copy_portfolio SOURCE DEST: the file and its -wal (committed transactions
# not yet checkpointed), never the original's -shm; the original is only read.
copy_portfolio() {
  [ -f "$1" ] || { echo "error: no portfolio at $1" >&2; exit 1; }
  cp "$1" "$2"
  if [ -s "$1-wal" ]; then cp "$1-wal" "$2-wal"; fi
}

# start_grants_web DB: starts grants-web on DB, port 0 (a free one); sets
# $server (its pid), $port and $server_log. Fails if it does not serve within 60 s.
start_grants_web() {
  server_log="$work/server.log"
  "$bin/grants-web" --db "$1" --port 0 > "$server_log" 2>&1 &
  server=$!
  port=
  for _ in $(seq 600); do
    port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' "$server_log" | head -1)
    [ -n "$port" ] && return 0
    if ! kill -0 "$server" 2>/dev/null; then
      echo "error: grants-web did not start:" >&2; cat "$server_log" >&2; server=; exit 1
    fi
    sleep 0.1
  done
  echo "error: grants-web printed no address in 60 s:" >&2; cat "$server_log" >&2; exit 1
}

# stop_grants_web [TIMEOUT_S=10]: sends one SIGTERM and waits for the server
# to end. Prints how long it took and its exit status; returns 1 (after a
# SIGKILL) if it is still running TIMEOUT_S seconds later, or if its exit
# status is not 0.
stop_grants_web() {
  local timeout=${1:-10} started ended status=0 flag="$work/stop-timed-out"
  rm -f "$flag"
  started=$(date +%s%N)
  kill -TERM "$server"
  # A watchdog: if the server outlives the timeout, say so and SIGKILL it,
  # so that the wait below always returns.
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$timeout" & sleeper=$!
    wait "$sleeper"
    if kill -0 "$server" 2>/dev/null; then touch "$flag"; kill -KILL "$server" 2>/dev/null; fi
  ) &
  local watchdog=$!
  wait "$server" || status=$?
  ended=$(date +%s%N)
  kill "$watchdog" 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
  local pid=$server
  server=
  if [ -f "$flag" ]; then
    echo "FAIL: grants-web (pid $pid) was still running $timeout s after one SIGTERM; killed with SIGKILL" >&2
    tail -5 "$server_log" >&2
    return 1
  fi
  local ms=$(( (ended - started) / 1000000 ))
  echo "grants-web stopped on one SIGTERM in $ms ms, exit status $status"
  if [ "$status" -ne 0 ]; then
    echo "FAIL: grants-web exited with status $status on SIGTERM:" >&2
    tail -5 "$server_log" >&2
    return 1
  fi
}
