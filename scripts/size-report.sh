#!/usr/bin/env bash
# Gzipped sizes of the built app (dist/), grouped by when the browser loads them, and the budget CI checks: what
# the browser fetches at startup (the page and the check worker it starts right away) must stay under 600 KB.
# The review-copy worker, the xls worker and the batch review's module load only when needed. Exit 1 when the budget is exceeded.
set -euo pipefail
cd "$(dirname "$0")/.."
gz() { gzip -9c "$1" | wc -c; }
sum() { local total=0; for f in "$@"; do total=$((total + $(gz "$f"))); done; echo "$total"; }
shopt -s nullglob
page=(dist/index.html dist/main-*.css dist/boot-*.js dist/zicha-web-*.js dist/zicha-web-*_bg.wasm dist/pwa.js dist/batch-boot.js dist/manifest.webmanifest)
worker=(dist/worker_loader.js dist/worker.js dist/worker_bg.wasm)
lazy=(dist/exporter_loader.js dist/exporter.js dist/exporter_bg.wasm)
xls=(dist/xls-worker_loader.js dist/xls-worker.js dist/xls-worker_bg.wasm)
batch=(dist/batch.js dist/batch_bg.wasm)
page_kb=$(( $(sum "${page[@]}") / 1024 ))
worker_kb=$(( $(sum "${worker[@]}") / 1024 ))
lazy_kb=$(( $(sum "${lazy[@]}") / 1024 ))
xls_kb=$(( $(sum "${xls[@]}") / 1024 ))
batch_kb=$(( $(sum "${batch[@]}") / 1024 ))
startup_kb=$((page_kb + worker_kb))
printf 'the page:                      %5d KB gzipped\n' "$page_kb"
printf 'check worker, right after:     %5d KB gzipped\n' "$worker_kb"
printf 'first load, together:          %5d KB gzipped (budget 600)\n' "$startup_kb"
printf 'review-copy worker, on demand: %5d KB gzipped\n' "$lazy_kb"
printf 'xls worker, for xls files:     %5d KB gzipped\n' "$xls_kb"
printf 'batch review, on opening one:  %5d KB gzipped\n' "$batch_kb"
status=0
if [ "$startup_kb" -gt 600 ]; then echo "size budget exceeded: the first load is ${startup_kb} KB > 600 KB"; status=1; fi
exit $status
