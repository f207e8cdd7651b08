#!/usr/bin/env bash
# Browser tests of the built extension (make build first; `make e2e` does both):
#   1. unit tests of the settings parser and the applier (node --test; the applier in jsdom)
#   2. web-ext lint of dist/firefox (offline), must be clean
#   3. Chromium (playwright-core + Debian chromium): headline page, corpus pages, late ads,
#      infinite scroll, subscribe modal, strict CSP via the service worker, per-site undo,
#      popup, options, paint check
#   4. the live corpus test over all of tests/fixtures/corpus
#   5. reader mode in Chromium: toggle (popup, shortcut and menu handlers), view contents,
#      settings as computed styles, exact restore, hostile markup, strict CSP via the worker;
#      its features: read aloud, keys, in-article links, Markdown/HTML export, print, fonts
#   6. hostile pages (re-inserted ads, observer storm, huge/deep/20 MB pages, un-hiding pages,
#      blank/srcdoc frames, replaced DOM APIs, XHTML/SVG/file://), malformed messages, bad
#      settings and a 10,000-site list in Chromium
#   7. the faces: popup, "show what was hidden", rule names; axe-core audits and keyboard flows
#      of every face; the element picker (point, keyboard, refusal, undo, axe)
#   8. Firefox (firefox-esr + geckodriver + selenium-webdriver): a smaller set of the flows, the
#      faces (popup, options, reader mode from the popup, axe-core light and dark), reader mode
#      (as in 5) and its features (read aloud, keys, export through Firefox's downloads, print)
# ADSTRIP_E2E_SKIP_FIREFOX=1 skips 8. Every part runs; the exit status says if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh browser npm || exit 1
if [ "${ADSTRIP_E2E_SKIP_FIREFOX:-0}" != 1 ]; then scripts/ensure-tools.sh firefox || exit 1; fi
for d in dist/chromium dist/firefox; do
  [ -f "$d/manifest.json" ] || { echo "e2e: $d is not built: run make build" >&2; exit 1; }
done

failed=()
step() { # name, command...
  local name=$1; shift
  echo "=== e2e: $name"
  local t0=$SECONDS
  if "$@"; then echo "=== e2e: $name ok ($((SECONDS - t0)) s)"; else echo "=== e2e: $name FAILED ($((SECONDS - t0)) s)"; failed+=("$name"); fi
}

lint() {
  local out
  out=$(node_modules/.bin/web-ext lint --source-dir dist/firefox --no-config-discovery --output json 2>/dev/null)
  node -e '
    const r = JSON.parse(process.argv[1]);
    const all = [...r.errors, ...r.warnings, ...r.notices];
    for (const m of all) console.log(`web-ext lint: ${m._type} ${m.code}: ${m.message} ${m.file || ""}`);
    console.log(`web-ext lint: ${r.errors.length} errors, ${r.warnings.length} warnings, ${r.notices.length} notices`);
    process.exit(all.length ? 1 : 0);
  ' "$out"
}

step "unit tests (settings, applier)" node --test tests/e2e/unit/
step "web-ext lint" lint
step "chromium" node --test --test-timeout=120000 tests/e2e/chromium.test.mjs
step "live corpus (chromium)" node --test --test-timeout=300000 tests/e2e/corpus.test.mjs
step "reader mode (chromium)" node --test --test-timeout=120000 tests/e2e/reader.test.mjs
step "reader features (chromium)" node --test --test-timeout=120000 tests/e2e/reader-features.test.mjs
step "hostile pages, messages, settings (chromium)" node --test --test-timeout=120000 tests/e2e/hostile.test.mjs
step "hardening: worker queue, wasm traps, fingerprinting, user selectors (chromium)" node --test --test-timeout=180000 tests/e2e/hardening.test.mjs
step "faces: popup, show what was hidden, names (chromium)" node --test --test-timeout=120000 tests/e2e/faces.test.mjs
step "accessibility: axe-core and keyboard flows (chromium)" node --test --test-timeout=180000 tests/e2e/a11y.test.mjs
step "element picker (chromium)" node --test --test-timeout=120000 tests/e2e/picker.test.mjs
if [ "${ADSTRIP_E2E_SKIP_FIREFOX:-0}" != 1 ]; then
  step "firefox" node --test --test-timeout=120000 tests/e2e/firefox.test.mjs
  step "faces in firefox: popup, options, reader view, axe-core" node --test --test-timeout=180000 tests/e2e/firefox-faces.test.mjs
  step "reader mode in firefox: settings, exact restore, command and menu, hostile markup, not an article" node --test --test-timeout=120000 tests/e2e/firefox-reader-mode.test.mjs
  step "reader features in firefox" node --test --test-timeout=120000 tests/e2e/firefox-reader.test.mjs
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "e2e: FAILED: ${failed[*]}"
  exit 1
fi
echo "e2e: all passed"
