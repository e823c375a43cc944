#!/usr/bin/env bash
# Screenshots of the empty page, a checked filing and a selected finding at 1366×768, into docs/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
trunk build --release --offline
cd tests/browser
npm ci --no-audit --no-fund --silent
npm run screenshots
