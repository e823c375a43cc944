#!/usr/bin/env bash
# Sets up the tools, builds the web app and serves it; open the address it prints.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
PORT=${PORT:-8080}
echo "zicha: building the web app, then serving it at http://127.0.0.1:$PORT/"
exec trunk serve --release --offline --address 127.0.0.1 --port "$PORT"
