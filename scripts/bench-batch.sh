#!/usr/bin/env bash
# The batch benchmark: N generated filings (default 500; each a folder holding one of the seed's generated
# layouts, or a synthetic workbook of a few projects), checked by the CLI (`zicha check --summary-csv`, release
# build, one job per core, ten times) and as a batch in headless Chromium, as a folder and as one zip
# (tests/browser/bench-batch.mjs); the wall times and the browser's peak memory. Results go into BENCHMARKS.md by
# hand; raw numbers in target/bench/batch.json.
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-500}
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
[ -f dist/index.html ] || trunk build --release --offline
cargo build --quiet --release -p zicha-cli -p zicha-fixtures
dir=target/bench/batch-$COUNT
rm -rf "$dir" && mkdir -p "$dir"
target/release/zicha-fixtures synthetic 5 target/bench/synthetic-5.xlsx
layouts=(seed-one-sheet-per-form.xlsx seed-all-forms-one-sheet.xlsx "seed-split-tables.xlsx seed-split-reports.docx"
  seed-word.docx variant-central-labels.xlsx variant-word-labels.docx synthetic-5.xlsx)
for i in $(seq -w 1 "$COUNT"); do
  mkdir -p "$dir/$i"
  for file in ${layouts[$((10#$i % ${#layouts[@]}))]}; do
    if [ "$file" = synthetic-5.xlsx ]; then cp target/bench/synthetic-5.xlsx "$dir/$i/"; else cp "fixtures/$file" "$dir/$i/"; fi
  done
done
# The CLI five times before the browser and five after (this machine's speed drifts within minutes): the median
# of the ten is what the browser's times are compared with.
cli_runs() {
  for _ in 1 2 3 4 5; do
    start=$(date +%s.%N)
    target/release/zicha check --summary-csv target/bench/batch-summary.csv "$dir" > /dev/null || true
    echo "$(date +%s.%N) - $start" | bc
  done
}
before=$(cli_runs)
(cd tests/browser && npm ci --no-audit --no-fund --silent)
node tests/browser/bench-batch.mjs "$dir" target/bench/batch.json
after=$(cli_runs)
echo "CLI: $COUNT filings in" $before "s before the browser," $after "s after ($(nproc) cores); median" \
  "$(printf '%s\n' $before $after | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f", (t[5] + t[6]) / 2 }') s"
