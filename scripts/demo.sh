#!/usr/bin/env bash
# `make demo`: the core on the bundled sample pages (what it finds and why, the cleaned London
# Glossy Post page), then the built extension in headless Chromium over the same pages, with
# before/after screenshots in target/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cache/adstrip-tools/bin:$HOME/.cargo/bin:$PATH"
cargo build -q --release
bin=target/release/adstrip
pages=tests/fixtures/corpus/pages
mkdir -p target/demo
echo "== adstrip scan $pages/londonglossypost.html"
"$bin" scan "$pages/londonglossypost.html"
echo
echo "== adstrip clean $pages/londonglossypost.html  ->  target/demo/londonglossypost.clean.html"
"$bin" clean "$pages/londonglossypost.html" > target/demo/londonglossypost.clean.html
"$bin" clean --mark "$pages/londonglossypost.html" > target/demo/londonglossypost.marked.html
printf '   paragraphs kept: %s of %s; footer lines left: %s\n' \
  "$(grep -o '<p>' target/demo/londonglossypost.clean.html | wc -l)" \
  "$(grep -o '<p>' "$pages/londonglossypost.html" | wc -l)" \
  "$(grep -c 'Discover more from' target/demo/londonglossypost.clean.html || true)"
for slug in news-djz-adinserter-gpt blog-chefjackovens-jetpack-modal wpcom-nesselsetzer-2014-archive-wpa news-kulumedia-adinserter-adsense; do
  echo
  echo "== adstrip scan $pages/$slug.html"
  "$bin" scan "$pages/$slug.html" | cut -f1,2,5 | sort | uniq -c | sort -rn
done
echo
echo "== the extension in headless Chromium (building it first)"
scripts/ensure-tools.sh wasm npm browser
scripts/build-wasm.sh
scripts/build-extension.sh
node scripts/demo-browser.mjs
