#!/usr/bin/env bash
# The browser benchmark: builds the release app if needed, writes the 100-project synthetic filing, and times
# the check in headless Chromium against SheetJS's parse of the same workbook (tests/browser/bench.mjs).
# Results go into BENCHMARKS.md by hand; the raw numbers are left in target/bench/browser.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
[ -f dist/index.html ] || trunk build --release --offline
mkdir -p target/bench
cargo run --quiet --release -p zicha-fixtures -- synthetic 100 target/bench/synthetic-100.xlsx
(cd tests/browser && npm ci --no-audit --no-fund --silent)
node tests/browser/bench.mjs target/bench/synthetic-100.xlsx target/bench/browser.json
