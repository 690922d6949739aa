#!/usr/bin/env bash
# The grants-web load run (issue 14): wrk, 8 connections, 10 s, on the
# dashboard and on the API, while a writer records a status event through
# the library every 10 ms. Not part of CI. Needs Debian's wrk
# (apt-get install wrk). Release builds; prints wrk's figures and the writer's,
# then stops the server with one SIGTERM and fails (exit status 1) if it has
# not ended, with status 0, 10 s later.
#
#     Benchmarks/web-load.sh [PORTFOLIO.sqlite]     (default: the demo portfolio)
#
# WRK_TIMEOUT (default wrk's 2s) is how long wrk waits for a response before
# counting it as a timeout error; a page that takes about 1 s at a million
# projects, 8 at a time on 2 cores, needs more (WRK_TIMEOUT=10s).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

swift build -c release --product grants-web
swift build -c release --product grants
swift build -c release --package-path Benchmarks --product web-load-writer
bin=$(swift build -c release --show-bin-path)
writer=$(swift build -c release --package-path Benchmarks --show-bin-path)/web-load-writer

work=$(mktemp -d)
server=
writing=
trap 'for pid in $server $writing; do kill -KILL "$pid" 2>/dev/null || true; done; rm -rf "$work"' EXIT
source Benchmarks/web-server.sh
db="$work/load.sqlite"
if [ $# -ge 1 ]; then copy_portfolio "$1" "$db"; else "$bin/grants" demo --db "$db" >/dev/null; fi

start_grants_web "$db"

# Latency percentiles and the non-2xx count, from wrk's Lua hooks.
cat > "$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("requests %d  rps %.1f  p50 %.2f ms  p99 %.2f ms  max %.2f ms  socket errors %d  non-2xx %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, non2xx))
end
LUA

for path in "/" "/api/statistics?by=source" "/api/projects?text=latgale"; do
  "$writer" "$db" 10 11 > "$work/writer.log" 2>&1 &
  writing=$!
  sleep 0.5
  echo "== GET $path (8 connections, 10 s, 2 threads, a status event every 10 ms)"
  wrk -t2 -c8 -d10s --timeout "${WRK_TIMEOUT:-2s}" --latency -s "$work/report.lua" "http://127.0.0.1:$port$path" | tail -1
  wait "$writing"; writing=; cat "$work/writer.log"
done
# One SIGTERM, right after wrk: the server must stop within 10 s, exit status 0.
stop_grants_web 10
