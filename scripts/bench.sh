#!/usr/bin/env bash
# Whole-process timings of `dateline build` beside Hugo and the floor program, on generated
# archives: builds dateline into /tmp, then runs ../shared/bench/compare.sh (its header
# explains MODE, FORMAT, HUGO and BENCH_DIR) for each N and mode, and prints its tables.
#
#   scripts/bench.sh [N...]              default N: 1000 10000 100000
#   RUNS=3 scripts/bench.sh 100000       runs per measurement (default: compare.sh's, 5)
#   MODES=full scripts/bench.sh 1000     modes to run (default: "full noop edit"; also nocache, freshfs)
#
# MODE edit (ours, not compare.sh's) follows a noop run over the same outputs: each run
# appends a paragraph to one story of the corpus (the same file for both tools: the corpus
# is hard-linked into dateline's site), then rebuilds with Hugo and with dateline, and puts
# the story back at the end; it prints medians like compare.sh.
#
# MODE nocache (ours too, not in the default MODES) is the first build after an upgrade
# of dateline, whose binary keys the build cache: each run rebuilds with Hugo over its
# output, then removes SITE/.dateline and rebuilds with dateline over its output, which
# renders every page, compares it with the one published and writes none.
#
# MODE freshfs (ours too, not in the default MODES; needs root, mkfs.ext4 and a loop device)
# builds from scratch like compare.sh's full mode, but Hugo and dateline each into an ext4
# file system made for that build (no journal, like this machine's disk; in a file in
# /dev/shm): neither pays what ext4 without a journal charges for new files right after
# many were removed (see README), which compare.sh's runs pay after removing the outputs.
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
dir=${BENCH_DIR:-/tmp/dateline-bench}

# The modes of ours below share these. timed MODE TOOL N OUT [SITE]: one build by TOOL (hugo
# or dateline) of the N-story corpus (dateline's SITE) into OUT, its wall time, peak and user
# CPU appended to $dir/MODE-TOOL.times. outputs N FORMAT: the last outputs, made by a noop
# run of compare.sh when either is missing.
timed() {
  if [ "$2" = hugo ]; then
    /usr/bin/time -f "%e %M %U" -a -o "$dir/$1-hugo.times" "${HUGO:-$(command -v hugo)}" --quiet -s "$dir/hugo-site" -d "$4" --contentDir "$dir/corpus-$3-md/content" >/dev/null 2>&1
  else
    /usr/bin/time -f "%e %M %U" -a -o "$dir/$1-dateline.times" "$bin" build -s "$5" -o "$4" >/dev/null
  fi
}
outputs() {
  [ -d "$dir/out-hugo" ] && [ -d "$dir/out-dateline" ] || MODE=noop FORMAT=$2 "$compare" "$1" "$bin" 1 >/dev/null
}

# edit N FORMAT: one story changed, then a rebuild by each tool over its last output.
edit() {
  local n=$1 format=$2 runs=${RUNS:-5} site=$dir/dateline-site-$1-$2 story orig i
  outputs "$n" "$format"
  story=$(find "$site/content" -name '*.md' ! -name _index.md -o -name '*.txt' | sort | sed -n "$((n / 3))p")
  orig=$(mktemp); cp "$story" "$orig"
  rm -f "$dir/edit-hugo.times" "$dir/edit-dateline.times"
  for i in $(seq 1 "$runs"); do
    { cat "$orig"; printf '\nA paragraph added by bench.sh, run %s.\n' "$i"; } >"$story" # in place: both tools see it
    timed edit hugo "$n" "$dir/out-hugo"
    timed edit dateline "$n" "$dir/out-dateline" "$site"
  done
  cat "$orig" >"$story"; rm -f "$orig"
  "$bin" build -s "$site" -o "$dir/out-dateline" >/dev/null
  report edit "$n stories (edit: one story changed, dateline reads $format), median of $runs"
}

# nocache N FORMAT: a rebuild by each tool over its last output, dateline's without its
# build cache.
nocache() {
  local n=$1 format=$2 runs=${RUNS:-5} site=$dir/dateline-site-$1-$2 i
  outputs "$n" "$format"
  rm -f "$dir/nocache-hugo.times" "$dir/nocache-dateline.times"
  for i in $(seq 1 "$runs"); do
    timed nocache hugo "$n" "$dir/out-hugo"
    rm -rf "$site/.dateline"
    timed nocache dateline "$n" "$dir/out-dateline" "$site"
  done
  report nocache "$n stories (nocache: dateline's build cache removed, dateline reads $format), median of $runs"
}

# freshfs N FORMAT: a build from scratch by each tool, each into a new ext4 file system.
freshfs() {
  local n=$1 format=$2 runs=${RUNS:-5} site=$dir/dateline-site-$1-$2 img=/dev/shm/dateline-bench-fs.img mnt=$dir/freshfs i
  [ -d "$site" ] || MODE=noop FORMAT=$format "$compare" "$n" "$bin" 1 >/dev/null
  mkdir -p "$mnt"
  newfs() {
    umount "$mnt" 2>/dev/null || true
    rm -f "$img"; truncate -s "$((n / 10000 + 2))G" "$img"
    mkfs.ext4 -q -O ^has_journal "$img" && mount -o loop "$img" "$mnt"
  }
  rm -f "$dir/freshfs-hugo.times" "$dir/freshfs-dateline.times"
  for i in $(seq 1 "$runs"); do
    newfs; timed freshfs hugo "$n" "$mnt/out"
    newfs; rm -rf "$site/.dateline"; timed freshfs dateline "$n" "$mnt/out" "$site"
  done
  umount "$mnt"; rm -f "$img"
  report freshfs "$n stories (freshfs: each build into a new ext4, dateline reads $format), median of $runs"
}

# report MODE TITLE: medians and ratios of $dir/MODE-hugo.times and $dir/MODE-dateline.times.
report() {
  med() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
  local hw hm hu dw dm du
  hw=$(cut -d' ' -f1 "$dir/$1-hugo.times" | med); hm=$(cut -d' ' -f2 "$dir/$1-hugo.times" | med); hu=$(cut -d' ' -f3 "$dir/$1-hugo.times" | med)
  dw=$(cut -d' ' -f1 "$dir/$1-dateline.times" | med); dm=$(cut -d' ' -f2 "$dir/$1-dateline.times" | med); du=$(cut -d' ' -f3 "$dir/$1-dateline.times" | med)
  printf '%s\n' "$2"
  printf 'hugo      %8.2f s %8d MiB %8.2f s\n' "$hw" $((hm / 1024)) "$hu"
  printf 'dateline  %8.2f s %8d MiB %8.2f s\n' "$dw" $((dm / 1024)) "$du"
  awk -v hw="$hw" -v dw="$dw" -v hm="$hm" -v dm="$dm" -v hu="$hu" -v du="$du" 'BEGIN { if (dw < 0.01) dw = 0.01; if (du < 0.01) du = 0.01;
    printf "ratio     %8.1fx faster than hugo, %.1fx less memory, %.1fx less cpu\n", hw/dw, hm/dm, hu/du }'
}

[ $# -gt 0 ] || set -- 1000 10000 100000
for n in "$@"; do
  formats=md; [ "$n" = 10000 ] && formats="md wire"
  for format in $formats; do
    for mode in ${MODES:-full noop edit}; do
      echo
      if [ "$mode" = edit ] || [ "$mode" = nocache ] || [ "$mode" = freshfs ]; then
        if [ "$format" = md ]; then "$mode" "$n" "$format"; fi
      else
        MODE=$mode FORMAT=$format "$compare" "$n" "$bin" ${RUNS:+"$RUNS"}
      fi
    done
  done
done
