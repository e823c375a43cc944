#!/usr/bin/env bash
# Sets up the tools and runs every test: formatting, lints, the workspace's tests (core, CLI, app logic,
# fixtures), and the release build of the web app for wasm.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p zicha-core --no-default-features --lib --quiet -- -D warnings
step "cargo test (workspace)"
log=$(mktemp)
cargo test --workspace 2>&1 | tee "$log"
step "cargo test (core without the xls reader, as in the web app's first worker)"
cargo test -p zicha-core --no-default-features --lib 2>&1 | tee -a "$log"
passed=$(grep -Eo '^test result: ok\. [0-9]+ passed' "$log" | awk '{ s += $4 } END { print s + 0 }')
step "trunk build --release --offline (the web app in wasm)"
trunk build --release --offline
step "size budget"
scripts/size-report.sh
step "browser tests (headless Chromium)"
(cd tests/browser && npm ci --no-audit --no-fund --silent && npm test) | tee "$log"
browser_passed=$(grep -Eo '^# pass [0-9]+' "$log" | awk '{ print $3 }')
passed=$((passed + ${browser_passed:-0}))
rm -f "$log"
echo
echo "tests: $passed passed, 0 failed"
