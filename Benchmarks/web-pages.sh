#!/usr/bin/env bash
# How long grants-web takes to build its dashboard pages and statistics API
# on a portfolio (issue 14: at 1,000,000 projects, a dashboard page, with the
# headline, two breakdowns and the series, is built in at most 250 ms on the
# server). Not part of CI. Release builds.
#
#     Benchmarks/web-pages.sh [PORTFOLIO.sqlite]     (default: the demo portfolio)
#
# The file is copied first (with its -wal, if any) and the copy served: the
# original is never opened. Each page is requested RUNS times (environment
# WEB_PAGES_RUNS, default 8, at least 7), one request at a time, each on a new
# connection: the first is reported as cold, the others as warm. The server's
# time is its Server-Timing header (the router's whole middleware chain:
# parameters, queries, rendering); curl's is time_total (connection, request,
# response, transfer). Per page: cold, warm median and warm max Server-Timing,
# curl's warm median, and the body's size. Then a verdict for the dashboard
# pages: every warm request built in at most 250 ms (LIMIT_MS to change it).
# The exit status is 1 when a request fails or the server does not stop on one
# SIGTERM, 0 otherwise, whatever the verdict.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${WEB_PAGES_RUNS:-8}
limit=${LIMIT_MS:-250}
[ "$runs" -ge 7 ] || { echo "WEB_PAGES_RUNS must be at least 7 (1 cold + 6 warm)" >&2; exit 2; }

swift build -c release --product grants-web
[ $# -ge 1 ] || swift build -c release --product grants
bin=$(swift build -c release --show-bin-path)

work=$(mktemp -d)
server=
trap 'if [ -n "$server" ]; then kill -KILL "$server" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
source Benchmarks/web-server.sh

db="$work/pages.sqlite"
if [ $# -ge 1 ]; then
  copy_portfolio "$1" "$db"
  shown=$1
else
  "$bin/grants" demo --db "$db" >/dev/null
  shown="the demo portfolio"
fi

start_grants_web "$db"
ten_years_back=$(date -u -d '10 years ago' +%Y-%m-%d)
# The 15th: the library reads the date's month from its nearer end (the
# periods up to the date, or the whole month less those after it), so a day
# mid-month reads the most periods; the last day of a month the fewest.
mid_month=$(date -u -d '10 years ago' +%Y-%m-15)
echo "grants-web on a copy of $shown ($(du -h "$db" | cut -f1)), port $port; $runs requests a page," \
  "1 cold + $((runs - 1)) warm; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

pages=("/" "/?by=source" "/?by=theme" "/?as_of=$ten_years_back" "/?as_of=$mid_month" "/?as_of=$mid_month&by=source"
       "/api/statistics" "/api/statistics?by=source")

# median of the numbers on standard input, one a line
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-28s %9s %10s %9s %15s %10s\n' "page" "cold ms" "median ms" "max ms" "curl median ms" "bytes"
verdict_lines=()
over=0
for page in "${pages[@]}"; do
  : > "$work/server-ms"
  : > "$work/curl-ms"
  cold=
  bytes=
  for run in $(seq "$runs"); do
    out=$(curl -sS -o "$work/body" -D "$work/headers" -w '%{http_code} %{time_total} %{size_download}' \
      "http://127.0.0.1:$port$page") || { echo "FAIL: curl $page: $out" >&2; exit 1; }
    read -r code total size <<< "$out"
    if [ "$code" != 200 ]; then
      echo "FAIL: GET $page answered $code: $(head -c 300 "$work/body")" >&2; exit 1
    fi
    timing=$(tr -d '\r' < "$work/headers" | sed -n 's/^[Ss]erver-[Tt]iming: *app;dur=\([0-9.]*\)$/\1/p')
    [ -n "$timing" ] || { echo "FAIL: GET $page has no Server-Timing header:" >&2; cat "$work/headers" >&2; exit 1; }
    if [ "$run" -eq 1 ]; then
      cold=$timing
      bytes=$size
    else
      echo "$timing" >> "$work/server-ms"
      awk -v t="$total" 'BEGIN { printf "%.3f\n", t * 1000 }' >> "$work/curl-ms"
    fi
  done
  server_median=$(median < "$work/server-ms")
  server_max=$(sort -g "$work/server-ms" | tail -1)
  curl_median=$(median < "$work/curl-ms")
  printf '%-28s %9.1f %10.1f %9.1f %15.1f %10d\n' "$page" "$cold" "$server_median" "$server_max" "$curl_median" "$bytes"
  case "$page" in
    /api/*) ;;
    *)
      if awk -v m="$server_max" -v l="$limit" 'BEGIN { exit !(m > l) }'; then
        over=1
        verdict_lines+=("  OVER  $page: warm max $server_max ms, median $server_median ms (limit $limit ms)")
      else
        verdict_lines+=("  ok    $page: warm max $server_max ms (limit $limit ms)")
      fi
      if awk -v c="$cold" -v l="$limit" 'BEGIN { exit !(c > l) }'; then
        verdict_lines+=("        $page: the cold request took $cold ms, over $limit ms")
      fi
      ;;
  esac
done

if [ "$over" -eq 0 ]; then
  echo "verdict: PASS, every dashboard page built in at most $limit ms on the server (warm requests)"
else
  echo "verdict: FAIL, a dashboard page took more than $limit ms on the server"
fi
printf '%s\n' "${verdict_lines[@]}"

stop_grants_web 10
