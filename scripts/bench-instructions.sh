#!/usr/bin/env bash
# Instruction counts (callgrind) of a full check and of the floor (unzip + XML tokenise) for the seed in each
# format and the synthetic series: repeatable where wall time on a shared machine is not. Each number is per
# check: the difference between 3 runs and 1 run in one process, halved, so setup (and the synthetic
# workbook's generation) cancels out. Needs valgrind (`apt-get install valgrind`).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind"; exit 1; }
cargo build --quiet --release --example profile -p zicha-core
count() { # args → instructions of one run of the profile example with them
  valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/examples/profile "$@" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_check() { # filing [floor]
  local one three
  one=$(count "$1" 1 ${2:-})
  three=$(count "$1" 3 ${2:-})
  echo $(((three - one) / 2))
}
printf '| filing | check (M instructions) | floor | ratio |\n|---|---|---|---|\n'
for what in fixtures/seed-all-forms-one-sheet.xlsx fixtures/seed-libreoffice.ods fixtures/seed-word.docx \
  fixtures/seed-libreoffice.xls fixtures/seed-libreoffice.doc fixtures/seed-libreoffice-2003xml.xls fixtures/seed-libreoffice-html.xls \
  fixtures/seed-libreoffice-html.doc 1 10 100 1000; do
  check=$(per_check "$what")
  floor=$(per_check "$what" floor)
  awk -v w="$what" -v c="$check" -v f="$floor" 'BEGIN { printf "| %s | %.1f | %.1f | %.1f× |\n", w, c / 1e6, f / 1e6, c / f }'
done
