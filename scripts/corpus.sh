#!/usr/bin/env bash
# Scores the checker on the real filings of fixtures/real (recall, false errors, forms not recognised, units
# named), case by case; `-v` lists each missed mistake and false error. Renders a case's office file first where
# it is missing (scripts/fixtures.sh real; LibreOffice only for cases kept as .xls). The same score, against the
# bar in fixtures/real/bar.json, is part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
for case in fixtures/real/*/; do
  if [ -f "$case/filing.txt" ] && ! ls "$case" | grep -qE '\.(xlsx|xls|docx)$'; then
    scripts/fixtures.sh real
    break
  fi
done
cargo run --quiet --release -p zicha-cli -- corpus fixtures/real --bar fixtures/real/bar.json "$@"
