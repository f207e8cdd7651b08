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

step "module size: no JS file in extension/ over 400 lines (split it by responsibility)"
long=$(find extension -name '*.js' -not -name '*.gen.js' -not -path '*/node_modules/*' -exec awk 'END { if (NR > 400) print FILENAME ": " NR " lines" }' {} \;)
if [ -n "$long" ]; then echo "$long"; exit 1; fi
