#!/usr/bin/env bash
# The side-by-side search benchmark of issue 3 (`make bench-search`): builds search_bench and
# runs it at the FRUS scale (46,100 documents), the 1,000,000-document expansion, or both,
# appending the Markdown report to bench/search/results-<date>.md.
#
#   bench/search/run.sh [--scale dev|frus|1m|both] [--docs N] [--engines chancery,xapian,fts5,postgres]
#                       [--threads 1,2] [--repeat N]
# Environment: BUILD (default build-bench), JOBS (default nproc), CORPUS (default ../shared/corpus/frus).
set -euo pipefail
cd "$(dirname "$0")/../.."

scale=frus
docs_1m=1000000
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --docs) docs_1m="$2"; shift 2 ;;
    --engines|--threads|--repeat) extra+=("$1" "$2"); shift 2 ;;
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
run() {
  "$BUILD/bench/search/search_bench" --corpus "$CORPUS" --queries bench/search/queries.tsv \
    "${extra[@]}" "$@" | tee -a "$out"
  echo >> "$out"
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
