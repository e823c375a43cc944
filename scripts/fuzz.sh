#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 120) each, seeded with the fixtures, with cargo-fuzz (libFuzzer +
# AddressSanitizer). The machine's stable toolchain builds it with RUSTC_BOOTSTRAP=1. Crashes land in
# fuzz/artifacts/<target>/; each one found is fixed and kept as a regression input in fixtures/bad/fuzz/. A run
# over 1 GB of memory is a crash too: the readers' budget (read/limits.rs) keeps a check far below it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-120}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
targets=(read_any docx_xml xlsx_sheet ods_content recognise_grid)
for target in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$target"
done
cp fixtures/*.xlsx fixtures/*.xls fixtures/*.ods fixtures/*.docx fixtures/*.doc fixtures/wps/*.doc fixtures/*.xlsm fuzz/corpus/read_any/ 2>/dev/null || true
# The hostile inputs too (fixtures/bad/, scripts/bad_corpus.py), the small ones: each is a path into a limit.
find fixtures/bad -type f -size -1M ! -name '*.json' ! -name '*.md' -exec cp {} fuzz/corpus/read_any/ \;
(cd fuzz && cargo fuzz build -O)
for target in "${targets[@]}"; do
  echo "== $target for ${SECONDS_EACH}s"
  (cd fuzz && cargo fuzz run -O "$target" -- -max_total_time="$SECONDS_EACH" -rss_limit_mb=1024 -timeout=10 2>&1 | tail -n 3)
done
