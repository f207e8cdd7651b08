#!/usr/bin/env bash
# `make test`: every test, on a machine that has nothing installed yet (it installs only
# what is missing: the wasm target, the pinned wasm-bindgen CLI, Debian's chromium, npm
# packages). Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cache/adstrip-tools/bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n== %s\n' "$*"; }

step "tools"
scripts/ensure-tools.sh wasm

step "lint: rustfmt, clippy (native and every wasm build), eslint, prettier"
if [ -f package.json ]; then scripts/ensure-tools.sh npm; fi
scripts/lint.sh

step "wasm32 builds (detector, service-worker and reader weights)"
if [ -f package.json ]; then scripts/ensure-tools.sh npm; fi
scripts/build-wasm.sh

step "web adapter in headless Chromium: browser findings equal native findings on every fixture"
scripts/ensure-tools.sh browser
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  WASM_BINDGEN_TEST_TIMEOUT=300 \
  cargo test --release -p adstrip-web --target wasm32-unknown-unknown --features detector --test web

step "build the extension (dist/chromium, dist/firefox)"
scripts/ensure-tools.sh browser npm
scripts/build-extension.sh

step "www: playground, self-check (with the extension installed) and landing page in Chromium"
# Before the extension tests: it assembles target/www, whose playground they audit.
ADSTRIP_SKIP_WASM=1 scripts/www-test.sh

step "extension end to end (Chromium, Firefox)"
scripts/e2e.sh

step "benchmark code once (bench smoke: one page, one round, no timing claims)"
cargo test -q --bench core -- londonglossypost
scripts/bench.sh --smoke

step "native tests: unit, corpus labels, detector fixtures, CLI, reader quality"
log=$(mktemp)
set +e
cargo test --workspace --lib --bins --tests 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line for the whole native run (some test binaries, such as the wasm-only
# tests/web.rs compiled natively, hold no test and would otherwise close the output).
passed=$(grep -o 'test result: [a-zA-Z]*\. [0-9]* passed' "$log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -o '; [0-9]* failed' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "native: ${passed} passed, ${failed} failed"
exit "$status"
