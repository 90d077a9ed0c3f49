#!/usr/bin/env bash
# Benchmark: the one-thread CPU of two `nianbao` builds on the same folder, run in pairs.
#
#   bench/pairs.sh OLD NEW DIR          40 pairs
#   RUNS=20 THREADS=2 bench/pairs.sh OLD NEW DIR
#
# Runs `OLD check --format jsonl DIR` and `NEW check …` one after the other RUNS times, the
# order alternated, each under `RAYON_NUM_THREADS=THREADS` (default 1), and takes each run's CPU
# time (user + system, with `perf stat -e task-clock` when perf is there, else GNU time). Prints
# both medians and the median and quartiles of the pairs' ratios NEW/OLD. On a shared or noisy
# machine the ratio of runs taken seconds apart is steadier than either time: it is how a
# build's CPU a report is carried over from a machine where the old build was measured
# (bench/README.md, twenty-second and twenty-third rounds). Installs nothing; needs python3.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: bench/pairs.sh OLD_BINARY NEW_BINARY DIR" >&2
  exit 2
fi
old="$1" new="$2" dir="$3"
RUNS="${RUNS:-40}"
THREADS="${THREADS:-1}"
out="$(mktemp)"
trap 'rm -f "$out" "$out.t"' EXIT

if command -v perf >/dev/null && perf stat -x, -e task-clock true 2>/dev/null; then
  cpu_ms() {
    RAYON_NUM_THREADS="$THREADS" perf stat -x, -e task-clock "$1" check --format jsonl "$dir" \
      2>&1 >/dev/null | awk -F, '/task-clock/ { print $1 }'
  }
elif [ -x /usr/bin/time ]; then
  cpu_ms() {
    RAYON_NUM_THREADS="$THREADS" /usr/bin/time -f '%U %S' -o "$out.t" \
      "$1" check --format jsonl "$dir" >/dev/null
    awk '{ print ($1 + $2) * 1000 }' "$out.t"
  }
else
  echo "bench/pairs.sh: needs perf or GNU time" >&2
  exit 2
fi

# One warm-up each: the folder in the page cache, the binaries loaded.
cpu_ms "$old" >/dev/null
cpu_ms "$new" >/dev/null
for i in $(seq "$RUNS"); do
  if [ $((i % 2)) -eq 0 ]; then
    a="$(cpu_ms "$old")"; b="$(cpu_ms "$new")"
  else
    b="$(cpu_ms "$new")"; a="$(cpu_ms "$old")"
  fi
  echo "$a $b" >>"$out"
done

python3 - "$out" "$THREADS" <<'PY'
import statistics, sys
pairs = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
ratios = [new / old for old, new in pairs]
q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
print(f"{len(pairs)} pairs, {sys.argv[2]} thread(s): CPU medians old "
      f"{statistics.median(o for o, _ in pairs):.1f} ms, new {statistics.median(n for _, n in pairs):.1f} ms; "
      f"new/old ratio median {statistics.median(ratios):.3f} (quartiles {q[0]:.3f}-{q[2]:.3f})")
PY
