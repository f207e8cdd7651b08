#!/usr/bin/env bash
# Assembles the unpacked extensions dist/chromium/ and dist/firefox/ from extension/, the wasm
# builds in target/pkg/ (make wasm: pkg/ the always-on detector, pkg-sw/ the service worker's
# scanner, pkg-reader/ reader mode, loaded only when asked for) and the stylesheet generated from the rules data
# (`adstrip css`, never a hand-kept copy). With --zip also dist/adstrip-{chromium,firefox}.zip.
# Usage: scripts/build-extension.sh [--zip]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cache/adstrip-tools/bin:$HOME/.cargo/bin:$PATH"

zip=0
for a in "$@"; do
  case "$a" in
    --zip) zip=1 ;;
    *) echo "build-extension: unknown argument $a" >&2; exit 2 ;;
  esac
done

for f in target/pkg/detector/adstrip.js target/pkg/detector/adstrip_bg.wasm target/pkg/sw/adstrip.js target/pkg/sw/adstrip_bg.wasm \
         target/pkg/reader/adstrip.js target/pkg/reader/adstrip_bg.wasm; do
  [ -f "$f" ] || { echo "build-extension: $f is missing: run 'make wasm' first" >&2; exit 1; }
done
for name in scan scanAdded undo outline stylesheet; do
  grep -q "export function $name(" target/pkg/detector/adstrip.js \
    || { echo "build-extension: target/pkg/detector/adstrip.js does not export $name" >&2; exit 1; }
done
grep -q "export function scanHtml(" target/pkg/sw/adstrip.js \
  || { echo "build-extension: target/pkg/sw/adstrip.js does not export scanHtml" >&2; exit 1; }
for name in readerExtract readerable; do
  grep -q "export function $name(" target/pkg/reader/adstrip.js \
    || { echo "build-extension: target/pkg/reader/adstrip.js does not export $name" >&2; exit 1; }
done
# The always-on weight must not carry the extractor.
if grep -q "export function readerExtract(" target/pkg/detector/adstrip.js; then
  echo "build-extension: the always-on detector build contains reader mode" >&2; exit 1
fi

version=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
css=$(mktemp)
trap 'rm -f "$css"' EXIT
cargo run -q --release -- css > "$css"
[ -s "$css" ] || { echo "build-extension: 'adstrip css' printed nothing" >&2; exit 1; }

for browser in chromium firefox; do
  out="dist/$browser"
  rm -rf "$out"
  mkdir -p "$out/pkg" "$out/pkg-sw" "$out/pkg-reader"
  # The content script: content-main.js + settings.js + the wasm glue in one classic script.
  node extension/tools/bundle.mjs extension/content-main.js "$out/content.js"
  cp extension/settings.js extension/sw.js \
     extension/popup.html extension/popup.js extension/options.html extension/options.js \
     extension/ui.css "$out/"
  cp "$css" "$out/adstrip.css"
  cp target/pkg/detector/adstrip.js target/pkg/detector/adstrip_bg.wasm "$out/pkg/"
  cp target/pkg/sw/adstrip.js target/pkg/sw/adstrip_bg.wasm "$out/pkg-sw/"
  cp target/pkg/reader/adstrip.js target/pkg/reader/adstrip_bg.wasm "$out/pkg-reader/"
  node extension/tools/icons.mjs "$out/icons"
  node extension/tools/manifest.mjs "$browser" "$version" "$out/manifest.json"
  echo "build-extension: $out ($(du -sk "$out" | cut -f1) KB; in-page wasm $(wc -c < "$out/pkg/adstrip_bg.wasm") bytes, gzipped $(gzip -9c "$out/pkg/adstrip_bg.wasm" | wc -c); reader wasm $(wc -c < "$out/pkg-reader/adstrip_bg.wasm") bytes, gzipped $(gzip -9c "$out/pkg-reader/adstrip_bg.wasm" | wc -c))"
done

if [ "$zip" = 1 ]; then
  for browser in chromium firefox; do
    z="$PWD/dist/adstrip-$browser.zip"
    rm -f "$z"
    node extension/tools/zip.mjs "dist/$browser" "$z"
    echo "build-extension: $z ($(wc -c < "$z") bytes)"
  done
fi
