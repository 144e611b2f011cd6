#!/usr/bin/env bash
# Whole-process timings of `dateline build` beside Hugo and the floor program, on generated
# archives: builds dateline into /tmp, then runs ../shared/bench/compare.sh (its header
# explains MODE, FORMAT, HUGO and BENCH_DIR) for each N and mode, and prints its tables.
#
#   scripts/bench.sh [N...]              default N: 1000 10000 100000
#   RUNS=3 scripts/bench.sh 100000       runs per measurement (default: compare.sh's, 5)
#   MODES=full scripts/bench.sh 1000     modes to run (default: "full noop")
#
# Each N runs every mode on the Markdown corpus Hugo reads (FORMAT=md); N=10000 also runs
# every mode on the same stories in the wire format (FORMAT=wire). Corpora are generated
# once and kept in BENCH_DIR (default /tmp/dateline-bench); Hugo is installed with apt if
# missing. A 100000 full run writes some 100k files per tool per run: minutes, not seconds.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
compare=$(dirname "$0")/../../shared/bench/compare.sh
[ -x "$compare" ] || { echo "bench.sh: $compare not found (../shared beside the repo)" >&2; exit 1; }
bin=/tmp/dateline-bench-bin
(cd "$repo" && go build -o "$bin" .)
[ $# -gt 0 ] || set -- 1000 10000 100000
for n in "$@"; do
  formats=md; [ "$n" = 10000 ] && formats="md wire"
  for format in $formats; do
    for mode in ${MODES:-full noop}; do
      echo
      MODE=$mode FORMAT=$format "$compare" "$n" "$bin" ${RUNS:+"$RUNS"}
    done
  done
done
