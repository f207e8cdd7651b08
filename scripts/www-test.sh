#!/usr/bin/env bash
# Browser tests of the site in www/ (playground, self-check page, landing page): builds the
# wasm (scripts/serve.sh --prepare; ADSTRIP_SKIP_WASM=1 reuses target/pkg), builds the native
# CLI the playground is compared with, then runs tests/www/ with node's test runner in
# Debian's chromium. Screenshots: target/www-shots/. With the extension built in dist/chromium
# the self-check page is also tested with it installed; otherwise that test is skipped.
#   UPDATE_LANDING=1 scripts/www-test.sh   also refresh www/img/london-{before,after}.png
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="${ADSTRIP_TOOLS:-$HOME/.cache/adstrip-tools}/bin:$HOME/.cargo/bin:$PATH"
scripts/ensure-tools.sh browser npm
scripts/serve.sh --prepare
cargo build -q --bin adstrip
export ADSTRIP_CLI="$PWD/target/debug/adstrip"
# A free port, so a running `make serve` (8080) is left alone.
export WWW_PORT="${WWW_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
exec node --test --test-reporter=spec --test-concurrency=1 tests/www/
