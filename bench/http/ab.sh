#!/usr/bin/env bash
# Side-by-side HTTP comparison of chanceryd configurations: each configuration in turn serves
# wrk's search load for DURATION, for ROUNDS rounds, alternating, so a noisy shared machine
# affects all of them alike. Uses the store that bench/http/run.sh imported (run it once first).
#
#   bench/http/ab.sh "--threads 1024" "--threads 64 --active-requests 4096"
#   CONNS=64 DURATION=10s ROUNDS=2 SCRIPT=search.lua bench/http/ab.sh CONFIG...
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD:-$root/build-bench}"
work="${WORK:-$build/http}"
conns="${CONNS:-64}"
duration="${DURATION:-10s}"
rounds="${ROUNDS:-2}"
script="${SCRIPT:-search.lua}"
[ -f "$work/chancery.db" ] || { echo "ab.sh: no store in $work: run bench/http/run.sh first" >&2; exit 1; }
[ $# -gt 0 ] || { echo "ab.sh: give one or more configurations (chanceryd flags)" >&2; exit 2; }
cd "$work"
for round in $(seq 1 "$rounds"); do
  i=0
  for args in "$@"; do
    i=$((i + 1))
    port=$((18300 + i))
    # shellcheck disable=SC2086  # each configuration is a list of flags
    "$build/apps/server/chanceryd" --db chancery.db --port "$port" --access-log - \
      --read-timeout 30 --idle-timeout 30 $args 2>/dev/null &
    pid=$!
    for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
    out=$(CHANCERY_BENCH_IDS="$work/ids.txt" wrk -t2 -c"$conns" -d"$duration" --timeout 10s \
            --latency -s "$root/bench/http/$script" "http://127.0.0.1:$port" 2>&1)
    echo "[$args] round $round: $(echo "$out" | awk '/Requests\/sec/{print $2}') req/s," \
         "p50 $(echo "$out" | awk '/ 50%/{print $2}'), p99 $(echo "$out" | awk '/ 99%/{print $2}')" \
         "$(echo "$out" | grep -E 'Socket errors|Non-2xx' | tr '\n' ' ')"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
  done
done
