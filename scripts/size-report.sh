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
page_bytes=$(sum "${page[@]}")
worker_bytes=$(sum "${worker[@]}")
startup_bytes=$((page_bytes + worker_bytes))
# KB with one decimal, from the bytes: the budget is checked on the bytes, not on rounded parts.
kb() { awk -v b="$1" 'BEGIN { printf "%7.1f", b / 1024 }'; }
printf 'the page:                      %s KB gzipped\n' "$(kb "$page_bytes")"
printf 'check worker, right after:     %s KB gzipped\n' "$(kb "$worker_bytes")"
printf 'first load, together:          %s KB gzipped (budget 600; %d bytes)\n' "$(kb "$startup_bytes")" "$startup_bytes"
printf 'review-copy worker, on demand: %s KB gzipped\n' "$(kb "$(sum "${lazy[@]}")")"
printf 'xls worker, for xls files:     %s KB gzipped\n' "$(kb "$(sum "${xls[@]}")")"
printf 'batch review, on opening one:  %s KB gzipped\n' "$(kb "$(sum "${batch[@]}")")"
status=0
if [ "$startup_bytes" -gt $((600 * 1024)) ]; then echo "size budget exceeded: the first load is $(kb "$startup_bytes") KB > 600 KB"; status=1; fi
exit $status
