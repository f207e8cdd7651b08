#!/usr/bin/env bash
# The JS checks: eslint (eslint.config.js) and prettier --check (.prettierrc.json) over the
# extension, the www scripts, the browser tests, the benches' scripts and scripts/*.mjs.
# Generated files (extension/src/contract.gen.js) and the wasm glue are excluded by the configs.
#   scripts/lint-js.sh          check
#   scripts/lint-js.sh --fix    let prettier and eslint rewrite what they can, then check
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x node_modules/.bin/eslint ] && [ -x node_modules/.bin/prettier ] || scripts/ensure-tools.sh npm
paths=(extension www/js tests/e2e tests/www bench/*.mjs scripts/*.mjs eslint.config.js)
if [ "${1:-}" = --fix ]; then
  node_modules/.bin/prettier --log-level warn --write "${paths[@]}"
  node_modules/.bin/eslint --fix "${paths[@]}"
fi
status=0
node_modules/.bin/eslint --max-warnings 0 "${paths[@]}" || status=1
node_modules/.bin/prettier --log-level warn --check "${paths[@]}" || { echo "lint-js: run scripts/lint-js.sh --fix to format" >&2; status=1; }
[ $status = 0 ] && echo "lint-js: eslint and prettier clean"
exit $status
