#!/usr/bin/env bash
# Whole-request cost of authentication over HTTP (issue 16, docs/benchmarks.md "Sessions in the
# store"): chanceryd on a fresh store, wrk GET /api/session anonymously, with a session cookie and
# with a Bearer API token, in turn, ROUNDS times, so that a noisy shared machine affects every run
# alike. With BEFORE=path/to/another/chanceryd (e.g. one built before issue 16), that binary
# serves the same store on a second port and is measured in the same rounds, side by side.
# Prints wrk's requests/s and latency percentiles per run.
#
#   BUILD=build [BEFORE=/tmp/chanceryd-before] bench/server/session_http.sh
#   CONNS=8 DURATION=5s ROUNDS=3
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD:-$root/build}"
conns="${CONNS:-8}"
duration="${DURATION:-5s}"
rounds="${ROUNDS:-3}"
work="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
db="$work/chancery.db"
CHANCERY_DB="$db" "$build/apps/cli/chancery" init >/dev/null
CHANCERY_DB="$db" "$build/apps/cli/chancery" user add reader --clearance SECRET >/dev/null
echo "pw-reader" | "$build/apps/server/chanceryd" --db "$db" --set-password reader 2>/dev/null

names=(after)
binaries=("$build/apps/server/chanceryd")
if [ -n "${BEFORE:-}" ]; then
  names+=(before)
  binaries+=("$BEFORE")
fi
declare -A url session csrf token
for i in "${!names[@]}"; do
  name="${names[$i]}"
  port=$((18391 + i))
  "${binaries[$i]}" --db "$db" --port "$port" --access-log - 2>/dev/null &
  pids+=($!)
  url[$name]="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -fs "${url[$name]}/healthz" >/dev/null && break; sleep 0.1; done
  jar="$work/jar-$name"
  curl -fs -c "$jar" -H 'Content-Type: application/json' \
    -d '{"user":"reader","password":"pw-reader"}' "${url[$name]}/api/session" >/dev/null
  session[$name]=$(awk '$6 == "chancery_session" {print $7}' "$jar")
  csrf[$name]=$(awk '$6 == "chancery_csrf" {print $7}' "$jar")
  token[$name]=$(curl -fs -H "Cookie: chancery_session=${session[$name]}; chancery_csrf=${csrf[$name]}" \
    -H "X-CSRF-Token: ${csrf[$name]}" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
    "${url[$name]}/api/tokens" | sed 's/.*"token":"\([0-9a-f]*\)".*/\1/')
done

run() {
  local label="$1" target="$2"; shift 2
  local out
  out=$(wrk -t2 -c"$conns" -d"$duration" --latency "$@" "$target/api/session" 2>&1)
  printf '%-18s %12s req/s  p50 %9s  p99 %9s\n' "$label" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), wrk -t2 -c$conns -d$duration"
for round in $(seq 1 "$rounds"); do
  echo "round $round"
  for name in "${names[@]}"; do
    run "$name anonymous" "${url[$name]}"
    run "$name cookie" "${url[$name]}" \
      -H "Cookie: chancery_session=${session[$name]}; chancery_csrf=${csrf[$name]}"
    run "$name bearer" "${url[$name]}" -H "Authorization: Bearer ${token[$name]}"
  done
done
