#!/usr/bin/env bash
# Benchmark: the cross-report stage (index by agency/year/narrative band, every cross rule on
# every report, one report changing) on generated reports held in memory.
#
#   bench/cross.sh               10,000 reports, seed 1
#   COUNT=20000 bench/cross.sh
#
# Builds the release binary and runs target/release/nianbao-cross-bench. Installs nothing.
set -euo pipefail

COUNT="${COUNT:-10000}"
SEED="${SEED:-1}"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cargo build --release --quiet --features corpus --bin nianbao-cross-bench
target/release/nianbao-cross-bench --count "$COUNT" --seed "$SEED"
