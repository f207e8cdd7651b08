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
# The wasm API the extension is written against (extension/src; see /work/notes/wasm-api.md).
grep -q "export class Session" target/pkg/detector/adstrip.js \
  || { echo "build-extension: target/pkg/detector/adstrip.js does not export class Session: rebuild the wasm (make wasm)" >&2; exit 1; }
grep -q "export class PageScanner" target/pkg/sw/adstrip.js \
  || { echo "build-extension: target/pkg/sw/adstrip.js does not export class PageScanner" >&2; exit 1; }
grep -q "export class ScanJob" target/pkg/sw/adstrip.js \
  || { echo "build-extension: target/pkg/sw/adstrip.js does not export class ScanJob: rebuild the wasm (make wasm)" >&2; exit 1; }
grep -q "export class Reader" target/pkg/reader/adstrip.js \
  || { echo "build-extension: target/pkg/reader/adstrip.js does not export class Reader" >&2; exit 1; }
# The always-on weight must not carry the extractor.
if grep -q "export class Reader" target/pkg/detector/adstrip.js; then
  echo "build-extension: the always-on detector build contains reader mode" >&2; exit 1
fi

version=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
css=$(mktemp)
trap 'rm -f "$css"' EXIT
cargo run -q --release -- css > "$css"
[ -s "$css" ] || { echo "build-extension: 'adstrip css' printed nothing" >&2; exit 1; }

# Gzipped size as the bench measures it (zlib at level 9; `gzip -9` gives about 80 bytes less):
# the budget check and the sizes printed below agree with the bench's report.
gz() { node -e "process.stdout.write(String(require('zlib').gzipSync(require('fs').readFileSync(process.argv[1]), {level: 9}).length))" "$1"; }

for browser in chromium firefox; do
  out="dist/$browser"
  rm -rf "$out"
  mkdir -p "$out/pkg" "$out/pkg-sw" "$out/pkg-reader"
  # The scripts, bundled by esbuild (content.js a classic script; in Chromium reader.js, loaded
  # on first use of reader mode; sw.js, popup.js, options.js modules); settings.js (with the
  # sites.js and user-selectors.js it imports) also on its
  # own, for the extension pages' consoles and the tests.
  node extension/tools/build.mjs "$browser" "$out"
  cp extension/src/ui/popup.html extension/src/ui/options.html extension/src/ui/ui.css extension/src/settings.js extension/src/sites.js extension/src/user-selectors.js "$out/"
  cp "$css" "$out/adstrip.css"
  # The wasm modules (their glue is bundled into the scripts above).
  cp target/pkg/detector/adstrip_bg.wasm "$out/pkg/"
  cp target/pkg/sw/adstrip_bg.wasm "$out/pkg-sw/"
  cp target/pkg/reader/adstrip_bg.wasm "$out/pkg-reader/"
  node extension/tools/icons.mjs "$out/icons"
  node extension/tools/manifest.mjs "$browser" "$version" "$out/manifest.json"
  # Every frame of every page parses Chromium's content.js (Firefox's carries the core too).
  if [ "$browser" = chromium ]; then
    size=$(gz "$out/content.js")
    [ "$size" -le 10240 ] || { echo "build-extension: $out/content.js is $size bytes gzipped, over its 10 KB budget" >&2; exit 1; }
  fi
  echo "build-extension: $out ($(du -sk "$out" | cut -f1) KB; content.js $(wc -c < "$out/content.js") bytes, gzipped $(gz "$out/content.js"); in-page wasm $(wc -c < "$out/pkg/adstrip_bg.wasm") bytes, gzipped $(gz "$out/pkg/adstrip_bg.wasm"); reader wasm $(wc -c < "$out/pkg-reader/adstrip_bg.wasm") bytes, gzipped $(gz "$out/pkg-reader/adstrip_bg.wasm"))"
done

if [ "$zip" = 1 ]; then
  for browser in chromium firefox; do
    z="$PWD/dist/adstrip-$browser.zip"
    rm -f "$z"
    node extension/tools/zip.mjs "dist/$browser" "$z"
    echo "build-extension: $z ($(wc -c < "$z") bytes)"
  done
fi
