#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 120) each, seeded with the fixtures, with cargo-fuzz (libFuzzer +
# AddressSanitizer). The machine's stable toolchain builds it with RUSTC_BOOTSTRAP=1. Crashes land in
# fuzz/artifacts/<target>/; each one found is fixed and kept as a regression input in fixtures/bad/fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-120}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
targets=(read_any docx_xml xlsx_sheet ods_content recognise_grid)
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
done
cp fixtures/*.xlsx fixtures/*.xls fixtures/*.ods fixtures/*.docx fixtures/*.xlsm fuzz/corpus/read_any/ 2>/dev/null || true
(cd fuzz && cargo fuzz build -O)
for target in "${targets[@]}"; do
  echo "== $target for ${SECONDS_EACH}s"
  (cd fuzz && cargo fuzz run -O "$target" -- -max_total_time="$SECONDS_EACH" -rss_limit_mb=4096 -timeout=10 2>&1 | tail -n 3)
done
