#!/usr/bin/env bash
# Wall time of a full check against the floor (unzip + XML tokenise), timed in turns: check, floor, check, floor…
# in one process, medians of each. On a shared machine whose speed drifts by ±30% from one minute to the next,
# two benchmarks run one after the other (criterion's groups) can land in different minutes; in turns, both
# see the same minutes, so their ratio holds where the times themselves do not.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --example profile -p zicha-core
run() { target/release/examples/profile "$1" "$2" ratio; }
for seed in seed-all-forms-one-sheet.xlsx seed-libreoffice.ods seed-word.docx; do run "fixtures/$seed" 300; done
# Synthetic filings of 1 to 1000 project tables (built in the process, before the timing).
run 1 300
run 10 200
run 100 60
run 1000 10
