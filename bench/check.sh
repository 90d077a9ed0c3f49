#!/usr/bin/env bash
# Benchmark: `nianbao check` over a generated corpus, against a plain text search of the same
# files as the floor (the speed at which the files can be read and scanned at all).
#
#   bench/check.sh                 10,000 reports, seed 1
#   COUNT=2000 RUNS=5 bench/check.sh
#   LAYOUT=lines bench/check.sh    (every report in one layout: rows, cells, lines, pipes, columns, collapsed)
#   TIMER=loop SEARCH=grep bench/check.sh   (force the fallbacks)
#   FORMAT=docx bench/check.sh     the same reports as .docx (or html, xlsx, pdf)
#
# Builds release binaries, generates the corpus into bench/out/corpus (kept between runs for
# the same COUNT and SEED), then times
#   target/release/nianbao check --format jsonl bench/out/corpus > /dev/null
#   rg -c 统计期限 bench/out/corpus > /dev/null        (grep -rc when rg is missing)
# with hyperfine when it is installed, otherwise with a loop of timed runs. Prints both times,
# their ratio, throughput in MB/s and the peak RSS of one check run (GNU time, if present).
# Installs nothing.
set -euo pipefail

COUNT="${COUNT:-10000}"
SEED="${SEED:-1}"
RUNS="${RUNS:-10}"
TIMER="${TIMER:-auto}"     # auto | hyperfine | loop
SEARCH="${SEARCH:-auto}"   # auto | rg | grep

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
say() { printf '%s\n' "$*" >&2; }

source bench/corpus.sh

files=$(find "$corpus" -type f -name "*.$ext" | wc -l | tr -d ' ')
bytes=$(find "$corpus" -type f -name "*.$ext" -exec cat {} + | wc -c | tr -d ' ')
say "== corpus: $files files, $bytes bytes"

check_cmd="$nianbao check --format jsonl $corpus"
if [[ "$SEARCH" != grep ]] && command -v rg >/dev/null 2>&1; then
    search_cmd="rg -c 统计期限 $corpus"
    search_name="rg -c"
else
    search_cmd="grep -rc 统计期限 $corpus"
    search_name="grep -rc"
fi

# Mean wall-clock seconds of a command over $RUNS runs after one warm-up; stdout discarded.
# `nianbao check` exits 1 when a report has an error-level flag: that is a result, not a failure.
time_loop() {
    local cmd="$1" start end total=0 i
    bash -c "$cmd" >/dev/null 2>&1 || true
    for ((i = 0; i < RUNS; i++)); do
        start=$(date +%s%N)
        bash -c "$cmd" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        total=$((total + end - start))
    done
    awk -v ns="$total" -v n="$RUNS" 'BEGIN { printf "%.4f", ns / n / 1e9 }'
}

time_hyperfine() {
    local cmd="$1" csv="$out/hyperfine.csv"
    hyperfine --style basic --warmup 1 --runs "$RUNS" --ignore-failure \
        --export-csv "$csv" "$cmd" >&2
    # command,mean,stddev,median,user,system,min,max
    awk -F, 'NR == 2 { printf "%.4f", $2 }' "$csv"
}

if [[ "$TIMER" != loop ]] && command -v hyperfine >/dev/null 2>&1; then
    timer=time_hyperfine
    say "== timing with hyperfine ($RUNS runs each)"
else
    timer=time_loop
    say "== timing with a loop of $RUNS runs each (hyperfine not used)"
fi

check_s=$($timer "$check_cmd")
search_s=$($timer "$search_cmd")

rss="n/a"
if /usr/bin/time -f %M true >/dev/null 2>&1; then
    # GNU time prints the figure last on stderr (after "Command exited with non-zero status").
    rss_kb=$( { /usr/bin/time -f %M $check_cmd >/dev/null; } 2>&1 | tail -n 1 || true)
    if [[ "$rss_kb" =~ ^[0-9]+$ ]]; then
        rss="$((rss_kb / 1024)) MiB"
    fi
fi

flags=$($check_cmd | wc -l | tr -d ' ' || true)

awk -v check="$check_s" -v search="$search_s" -v bytes="$bytes" -v files="$files" \
    -v rss="$rss" -v flags="$flags" -v search_name="$search_name" 'BEGIN {
    mb = bytes / 1e6
    printf "\n"
    printf "corpus             %d reports, %.1f MB\n", files, mb
    printf "nianbao check      %.3f s   %7.1f MB/s   %8.0f reports/s   %s flags\n", check, mb / check, files / check, flags
    printf "%-18s %.3f s   %7.1f MB/s\n", search_name, search, mb / search
    printf "ratio              %.1fx the time of %s\n", check / search, search_name
    printf "peak RSS (check)   %s\n", rss
}'
