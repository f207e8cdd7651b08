#!/usr/bin/env bash
# Builds the three wasm weights (crates/web, one feature each) and binds them for the web:
#   target/pkg/detector/  the always-on detector (`Session`; no html parser; reads the live DOM)
#   target/pkg/sw/        `PageScanner`: the core with its html5ever adapter, for the service
#                         worker on pages whose CSP forbids wasm in content scripts
#   target/pkg/reader/    `Reader`: reader mode (article extraction + sanitiser), loaded only
#                         when the user asks for it (content script, or the service worker)
# Debian's wasm-opt breaks current wasm-bindgen output: only npm's binaryen is used, if present.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="${ADSTRIP_TOOLS:-$HOME/.cache/adstrip-tools}"
BINDGEN="$TOOLS/bin/wasm-bindgen"
OPT="node_modules/.bin/wasm-opt"
build() { # name (= the crate's feature)
  local name=$1
  cargo build -q -p adstrip-web --lib --profile wasm --target wasm32-unknown-unknown --features "$name"
  local out="target/pkg/$name" tmp="target/pkg/.$name.tmp"
  rm -rf "$tmp"; mkdir -p "$tmp"
  "$BINDGEN" --target web --no-typescript --experimental-reset-state-function --out-dir "$tmp" --out-name adstrip \
    target/wasm32-unknown-unknown/wasm/adstrip_web.wasm
  if [ -x "$OPT" ]; then
    "$OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      "$tmp/adstrip_bg.wasm" -o "$tmp/adstrip_bg.wasm"
  fi
  # Swap in whole, so a page or test reading the old build never sees half a new one.
  rm -rf "$out.old"; [ -d "$out" ] && mv "$out" "$out.old"; mv "$tmp" "$out"; rm -rf "$out.old"
  echo "build-wasm: $out/adstrip_bg.wasm $(wc -c < "$out/adstrip_bg.wasm") bytes, gzipped $(gzip -9c "$out/adstrip_bg.wasm" | wc -c)"
}
build detector
build sw
build reader
