#!/usr/bin/env bash
# `make lint`: every static check, the one list `make test` runs too. Rust: format, and clippy
# with warnings denied natively and for each wasm build; JS: eslint and prettier
# (scripts/lint-js.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cache/adstrip-tools/bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n== %s\n' "$*"; }

step "rustfmt"
cargo fmt --all --check

step "clippy (native, and the detector, service-worker and reader wasm builds), warnings denied"
cargo clippy -q --workspace --all-targets -- -D warnings
for feature in detector sw reader; do
  cargo clippy -q -p adstrip-web --lib --target wasm32-unknown-unknown --features "$feature" -- -D warnings
done
cargo clippy -q -p adstrip-web --tests --target wasm32-unknown-unknown --features detector -- -D warnings

if [ -x scripts/lint-js.sh ]; then
  step "eslint and prettier"
  scripts/ensure-tools.sh npm
  scripts/lint-js.sh
fi
