#!/usr/bin/env bash
# HTTP load benchmark of chanceryd (issue 5 §7): search and record-page requests/s and latency
# percentiles with wrk at 64 and 1,000 concurrent connections on the FRUS dev corpus, and the
# server's RSS sampled during the 1,000-connection run (flat memory). Not part of `make test`.
#
#   bench/http/run.sh                 # 30 s per run (DURATION=30s), results on stdout
#   DURATION=5m CONNS=1000 RUNS=search bench/http/run.sh   # the 5-minute hold at 1,000 connections
#   THREADS=64 ACTIVE=0 CONNS="64 1000" JOBS=1    # server handler threads, concurrent
#                                     # handlers (0 = 8 per core), connection counts, build jobs
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jobs="${JOBS:-$(nproc)}"
build="${BUILD:-$root/build-bench}"
work="${WORK:-$build/http}"
duration="${DURATION:-30s}"
threads="${THREADS:-64}"
active="${ACTIVE:-0}"
conns="${CONNS:-64 1000}"
runs="${RUNS:-search record}"
port="${PORT:-18181}"
corpus="${CORPUS:-$root/../shared/corpus/frus/dev}"
command -v wrk >/dev/null || { echo "bench-http: wrk is not installed (apt-get install wrk)" >&2; exit 1; }

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHANCERY_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target chanceryd chancery -j "$jobs" >/dev/null
mkdir -p "$work"
db="$work/chancery.db"
if [ ! -f "$db" ]; then
  echo "bench-http: importing $corpus into $db (once; reused afterwards)" >&2
  CHANCERY_DB="$db" "$build/apps/cli/chancery" init >/dev/null
  CHANCERY_DB="$db" "$build/apps/cli/chancery" import --quiet "$corpus" >&2 || true
fi

ulimit -n 65536 2>/dev/null || ulimit -n 4096 || true
"$build/apps/server/chanceryd" --db "$db" --port "$port" --threads "$threads" --active-requests "$active" \
  --access-log - --read-timeout 30 --idle-timeout 30 --max-connections-per-client 4096 \
  2>"$work/chanceryd.err" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

# Record ids for the record-page run: the first 1,000 hits of an empty query.
: > "$work/ids.txt"
for page in $(seq 1 10); do
  curl -fs "http://127.0.0.1:$port/api/search?size=100&page=$page" |
    python3 -c 'import json,sys; [print(h["id"]) for h in json.load(sys.stdin)["hits"]]' >> "$work/ids.txt"
done
echo "chanceryd: $(wc -l < "$work/ids.txt") record ids, $threads worker threads, $(nproc) cores, runs of $duration"

rss() { awk '/VmRSS/{print $2}' "/proc/$server/status"; }
run() {  # name script connections
  local name=$1 script=$2 c=$3 sampler
  ( while sleep 5; do echo "$(date +%s) $(rss)"; done ) > "$work/rss-$name-$c.txt" &
  sampler=$!
  echo "== $name, $c connections (RSS before: $(rss) kB)"
  (cd "$work" && CHANCERY_BENCH_IDS="$work/ids.txt" wrk -t2 -c"$c" -d"$duration" --timeout 10s \
     --latency -s "$root/bench/http/$script" "http://127.0.0.1:$port") |
    grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors|requests in"
  kill $sampler 2>/dev/null || true
  echo "   RSS after: $(rss) kB; samples (s kB): $(tr '\n' ' ' < "$work/rss-$name-$c.txt")"
}
for c in $conns; do
  for name in $runs; do
    run "$name" "$name.lua" "$c"
  done
done
