#!/usr/bin/env bash
# Loading the triage journals: generates 1,000,000 decisions by 4 users into
# bench/out/triage/.nianbao/journal/ and times TriageStore::open (median of 5 runs).
# Extra arguments go to the example: --decisions N --users N --runs N --dir PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet --example triage_load -- "$@"
