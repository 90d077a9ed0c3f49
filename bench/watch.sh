#!/usr/bin/env bash
# Benchmark: `nianbao watch` latency, from a report's write finishing (file closed) to its JSON
# line appearing, over single writes; and the time to see a burst of files.
#
#   bench/watch.sh                         an inbox of 10,000 reports, 200 single writes,
#                                          a burst of 1,000 files
#   PRELOAD=0 WRITES=50 BURST=5000 bench/watch.sh
#
# Builds the release binary and examples/watch_latency.rs, which runs
#   target/release/nianbao watch --format jsonl <temporary inbox>
# on a temporary inbox filled with generated reports (nianbao::corpus), writes into it and
# times the lines. Prints the time to the end of the initial scan, median, p95, max and min of the single
# writes, and the burst figures. Installs nothing.
set -euo pipefail

PRELOAD="${PRELOAD:-10000}"
WRITES="${WRITES:-200}"
BURST="${BURST:-1000}"
PAUSE_MS="${PAUSE_MS:-150}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

printf '== building release binaries\n' >&2
cargo build --release --quiet --bin nianbao --example watch_latency
printf '== an inbox of %s reports; %s single writes (%s ms apart), then a burst of %s files\n' \
    "$PRELOAD" "$WRITES" "$PAUSE_MS" "$BURST" >&2
target/release/examples/watch_latency target/release/nianbao --preload "$PRELOAD" \
    --writes "$WRITES" --burst "$BURST" --pause-ms "$PAUSE_MS"
