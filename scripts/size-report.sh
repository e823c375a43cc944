#!/usr/bin/env bash
# Gzipped sizes of the built app (dist/), grouped by when the browser loads them, and the budget checks CI runs:
# the page's own first load must stay under 600 KB; the check worker (fetched right after) must not grow past
# its recorded size plus 10% (BENCHMARKS.md). Exit 1 when a budget is exceeded.
set -euo pipefail
cd "$(dirname "$0")/.."
gz() { gzip -9c "$1" | wc -c; }
sum() { local total=0; for f in "$@"; do total=$((total + $(gz "$f"))); done; echo "$total"; }
shopt -s nullglob
page=(dist/index.html dist/main-*.css dist/boot-*.js dist/zicha-web-*.js dist/zicha-web-*_bg.wasm dist/pwa.js dist/manifest.webmanifest)
worker=(dist/worker_loader.js dist/worker.js dist/worker_bg.wasm)
lazy=(dist/exporter_loader.js dist/exporter.js dist/exporter_bg.wasm)
page_kb=$(( $(sum "${page[@]}") / 1024 ))
worker_kb=$(( $(sum "${worker[@]}") / 1024 ))
lazy_kb=$(( $(sum "${lazy[@]}") / 1024 ))
printf 'first load, the page:          %5d KB gzipped (budget 600)\n' "$page_kb"
printf 'check worker, right after:     %5d KB gzipped (guard 540)\n' "$worker_kb"
printf 'together at startup:           %5d KB gzipped\n' "$((page_kb + worker_kb))"
printf 'review-copy worker, on demand: %5d KB gzipped\n' "$lazy_kb"
status=0
if [ "$page_kb" -gt 600 ]; then echo "size budget exceeded: the page's first load is ${page_kb} KB > 600 KB"; status=1; fi
if [ "$worker_kb" -gt 540 ]; then echo "size guard exceeded: the check worker is ${worker_kb} KB > 540 KB"; status=1; fi
exit $status
