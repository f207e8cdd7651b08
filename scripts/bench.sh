#!/usr/bin/env bash
# `make bench`: adstrip's benchmarks, side by side with the comparison points, in one run.
#   1. native core (criterion, benches/core.rs): first pass per corpus page, scaling, reader
#   2. headless Chromium (bench/run.mjs): size, start-up, first pass vs bare querySelectorAll vs
#      a filter list's generic cosmetic rules, scaling, infinite scroll, flash frames, page CPU,
#      reader vs Readability.js
# Writes target/bench/report.md and target/bench/bench.json. Never fails on a slow figure.
# Usage: scripts/bench.sh [--smoke] [--no-build]
#   --smoke     every browser section once on one page, no criterion (make test runs
#               benches/core.rs once on one page); output in target/bench/smoke/. For make test.
#   --no-build  use target/pkg and dist/ as they are (built when missing)
# ADSTRIP_BENCH_EXT=DIR measures another unpacked Chromium extension than dist/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cache/adstrip-tools/bin:$HOME/.cargo/bin:$PATH"

smoke=0
build=1
for a in "$@"; do
  case "$a" in
    --smoke) smoke=1; build=0 ;;
    --no-build) build=0 ;;
    *) echo "bench: unknown argument $a (usage: scripts/bench.sh [--smoke] [--no-build])" >&2; exit 2 ;;
  esac
done

scripts/ensure-tools.sh browser npm
# The comparison points (AdGuard's filter list as text, Mozilla's Readability) live in
# bench/package.json, apart from the extension's own packages.
if [ ! -f bench/node_modules/@mozilla/readability/Readability.js ] || [ ! -d bench/node_modules/@adguard/dnr-rulesets/dist ]; then
  echo "bench: npm ci in bench/"
  (cd bench && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi

if [ "$build" = 1 ] || [ ! -f dist/chromium/manifest.json ] || [ ! -f target/pkg/detector/adstrip_bg.wasm ]; then
  scripts/ensure-tools.sh wasm
  scripts/build-wasm.sh
  scripts/build-extension.sh --zip
fi

if [ "$smoke" = 1 ]; then
  node bench/run.mjs --smoke
  cargo build -q --release
  node bench/hostile.mjs --smoke
  exit 0
fi

echo "bench: native core (criterion)"
mkdir -p target/bench
cargo bench --bench core > target/bench/criterion.log 2>&1 || { tail -20 target/bench/criterion.log; exit 1; }
grep -c 'time:' target/bench/criterion.log | sed 's/$/ criterion benchmarks (log: target\/bench\/criterion.log)/'
echo "bench: hostile pages (native CLI, and the hardening scenario in Chromium)"
cargo build -q --release
node bench/hostile.mjs
echo "bench: headless Chromium"
node bench/run.mjs
node bench/readme.mjs
echo "bench: report in target/bench/report.md; README.md's headline rewritten from bench.json"
