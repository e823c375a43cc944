#!/usr/bin/env bash
# Screenshots at 1366×768, into docs/screenshots/: the empty page, a checked filing, a selected finding, a real
# Sichuan filing, a bureau's batch, and the batch filtered to totals that differ from the recomputed ones.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
trunk build --release --offline
cd tests/browser
npm ci --no-audit --no-fund --silent
npm run screenshots
