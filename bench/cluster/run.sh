#!/usr/bin/env bash
# SQLite vs PostgreSQL, one and three nodes (issue 16 "Measure"): `make bench-cluster`.
# Starts a throw-away durable PostgreSQL 15 cluster (scripts/pg-test-cluster --durable: fsync on,
# as SQLite's synchronous=FULL) with pg_stat_statements loaded, builds cluster_bench in
# build-bench, runs it (arguments pass through; see bench/cluster/cluster_bench.cc), then prints
# the statements that took the most server time, and stops the cluster.
#   BUILD=build-bench JOBS=2 WORK=/tmp/chancery-cluster-bench bench/cluster/run.sh [--reps N] ...
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$root/build-bench}
jobs=${JOBS:-$(nproc)}
work=${WORK:-/tmp/chancery-cluster-bench}
pg=$work/pg
cd "$root"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHANCERY_BUILD_BENCH=ON \
  -DCHANCERY_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target cluster_bench >/dev/null

mkdir -p "$work"
url=$(scripts/pg-test-cluster start "$pg" --durable)
admin=${url%/*}/postgres
trap 'scripts/pg-test-cluster stop "$pg"' EXIT
# pg_stat_statements needs a restart to load; the cluster keeps its port.
run=()
if [ "$(id -u)" -eq 0 ]; then run=(runuser -u chancery-pg --); fi
psql -q "$admin" -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
"${run[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$pg/data" -w -m fast restart \
  -l "$pg/server.log" >/dev/null
psql -q "$admin" -c "CREATE EXTENSION pg_stat_statements"

"$build/bench/cluster_bench" --pg "$url" --dir "$work/run" "$@"

echo
echo "### PostgreSQL: statements by total server time (pg_stat_statements, whole run)"
echo
psql -q "$admin" -X -A -F ' | ' -P footer=off -c "
  SELECT sum(calls) AS calls, round(sum(total_exec_time)::numeric, 0) AS total_ms,
         round((sum(total_exec_time) / sum(calls))::numeric, 3) AS mean_ms, sum(rows) AS rows,
         left(regexp_replace(query, '\s+', ' ', 'g'), 120) AS query
  FROM pg_stat_statements GROUP BY query ORDER BY sum(total_exec_time) DESC LIMIT 30"
echo
echo "### PostgreSQL: sequential scans of the store's tables (whole run)"
echo
echo "db | table | seq_scan | seq_tup_read | idx_scan | n_live_tup"
for db in $(psql -X -A -t "$admin" -c "SELECT datname FROM pg_database WHERE datname LIKE 'cb_%'"); do
  psql -X -A -F ' | ' -P footer=off -P tuples_only=on "${url%/*}/$db" -c "
    SELECT '$db' AS db, relname, seq_scan, seq_tup_read, idx_scan, n_live_tup
    FROM pg_stat_user_tables WHERE seq_tup_read > 10000 ORDER BY seq_tup_read DESC LIMIT 8"
done
