#!/usr/bin/env bash
# Screenshots of the extension's faces (popup, "show what was hidden", the element picker,
# reader view, options, playground) at 1280 and 400 px, light and dark, into target/screens/,
# with layout checks; then the popup, options and reader view in firefox-esr (firefox-*.png).
# Needs the built extension (make build) and, for the playground, target/www (scripts/serve.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh browser npm
[ -f "${ADSTRIP_E2E_EXT:-dist/chromium}/manifest.json" ] || { echo "screens: the extension is not built: run make build" >&2; exit 1; }
status=0
node scripts/screens.mjs || status=1
scripts/ensure-tools.sh firefox
node scripts/screens-firefox.mjs || status=1
exit $status
