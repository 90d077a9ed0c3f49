#!/usr/bin/env bash
# Benchmark: `nianbao watch` latency, from a report's write finishing (file closed) to its JSON
# line appearing, over single writes; and the time to see a burst of files.
#
#   bench/watch.sh                         200 single writes, a burst of 1,000 files
#   WRITES=50 BURST=5000 bench/watch.sh
#
# Builds the release binary and examples/watch_latency.rs, which runs
#   target/release/nianbao watch --format jsonl <temporary inbox>
# writes into the inbox and times the lines. Prints median, p95, max and min of the single
# writes, and the burst figures. Installs nothing.
set -euo pipefail

WRITES="${WRITES:-200}"
BURST="${BURST:-1000}"
PAUSE_MS="${PAUSE_MS:-150}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

printf '== building release binaries\n' >&2
cargo build --release --quiet --bin nianbao --example watch_latency
printf '== %s single writes (%s ms apart), then a burst of %s files\n' \
    "$WRITES" "$PAUSE_MS" "$BURST" >&2
target/release/examples/watch_latency target/release/nianbao \
    --writes "$WRITES" --burst "$BURST" --pause-ms "$PAUSE_MS"
