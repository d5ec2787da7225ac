#!/usr/bin/env bash
# The side-by-side search benchmark of issue 3 (`make bench-search`): builds search_bench and
# runs it at the FRUS scale (46,100 documents), the 1,000,000-document expansion, or both,
# appending the Markdown report to bench/search/results-<date>.md.
#
#   bench/search/run.sh [--scale dev|frus|1m|both] [--docs N] [--engines chancery,xapian,fts5,postgres]
#                       [--threads 1,2] [--repeat N] [--split]
# --split builds every engine at once (separate processes, so ingest rates are measured under
# each other's load), then measures them one at a time on the quiet machine. PostgreSQL cannot
# reopen a built index and runs whole, after the others. Use it when sequential builds take too
# long (the 1M expansion: about 80 min for Chancery and 95 min for raw Xapian on 2 cores).
# Environment: BUILD (default build-bench), JOBS (default nproc), CORPUS (default ../shared/corpus/frus).
set -euo pipefail
cd "$(dirname "$0")/../.."

scale=frus
docs_1m=1000000
split=0
engines=chancery,xapian,fts5,postgres
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --docs) docs_1m="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --threads|--repeat) extra+=("$1" "$2"); shift 2 ;;
    --split) split=1; shift ;;
    *) echo "run.sh: unknown flag $1" >&2; exit 2 ;;
  esac
done

BUILD="${BUILD:-build-bench}"
CORPUS="${CORPUS:-$(cd .. && pwd)/shared/corpus/frus}"
scripts/bootstrap
scripts/bootstrap-bench
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCHANCERY_BUILD_BENCH=ON \
  -DCHANCERY_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" --target search_bench -j "${JOBS:-$(nproc)}"

out="bench/search/results-$(date -u +%F).md"
bench="$BUILD/bench/search/search_bench"
common=(--corpus "$CORPUS" --queries bench/search/queries.tsv)
run() {
  if [ "$split" = 0 ]; then
    "$bench" "${common[@]}" --engines "$engines" "${extra[@]}" "$@" | tee -a "$out"
  else
    run_split "$@"
  fi
  echo >> "$out"
}
# run_split ARGS...: ARGS are the scale flags plus --title TITLE (last).
run_split() {
  local work="${WORK:-/tmp/chancery-search-bench-split-$$}" e pids=() status=0
  local scale_args=("${@:1:$#-2}") title="${*: -1}"
  mkdir -p "$work"
  IFS=, read -ra list <<< "$engines"
  child() {  # child ENGINE PHASE
    "$bench" "${common[@]}" "${extra[@]}" "${scale_args[@]}" --phase "$2" --work "$work" \
      --child "$1" --result "$work/$1.result"
  }
  for e in "${list[@]}"; do
    [ "$e" = postgres ] && continue
    child "$e" ingest & pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  [ "$status" = 0 ] || { echo "run.sh: an ingest failed (results in $work)" >&2; exit 1; }
  for e in "${list[@]}"; do
    if [ "$e" = postgres ]; then child "$e" all; else child "$e" measure; fi
  done
  "$bench" "${common[@]}" "${extra[@]}" "${scale_args[@]}" --engines "$engines" \
    --from-results "$work" --title "$title (--split: built at once, measured one by one)" |
    tee -a "$out"
}
case "$scale" in
  dev) run --dev --title "FRUS dev volumes (7 volumes)" ;;
  frus) run --title "FRUS, all 134 volumes" ;;
  1m) run --docs "$docs_1m" --title "FRUS expanded to $docs_1m documents" ;;
  both)
    run --title "FRUS, all 134 volumes"
    run --docs "$docs_1m" --title "FRUS expanded to $docs_1m documents" ;;
  *) echo "run.sh: --scale must be dev, frus, 1m or both" >&2; exit 2 ;;
esac
echo "run.sh: report appended to $out" >&2
