// eslint (flat config) for the extension, the www playground, the browser tests, the benches'
// scripts and the repository's node scripts. Formatting is prettier's (.prettierrc.json);
// scripts/lint-js.sh runs both.
import js from '@eslint/js';
import globals from 'globals';

const webext = { chrome: 'readonly', browser: 'readonly' };

export default [
  {
    // Generated or vendored: the JS contract (written by `adstrip contract`), the wasm glue,
    // built output.
    ignores: ['extension/src/contract.gen.js', '**/pkg/**', '**/pkg-*/**', 'target/**', 'dist/**', 'node_modules/**', 'bench/node_modules/**'],
  },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-control-regex': 'off', // the sanitiser's checks match control characters on purpose
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['extension/src/**/*.js', 'www/js/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...webext } },
  },
  {
    files: ['extension/src/sw/**/*.js'],
    languageOptions: { globals: { ...globals.serviceworker, ...webext } },
  },
  {
    // The test pages' own scripts (classic scripts in the page).
    files: ['tests/e2e/fixtures/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  {
    // Node scripts and tests; their page.evaluate() callbacks run in the browser.
    files: ['extension/tools/**/*.mjs', 'tests/**/*.mjs', 'bench/**/*.mjs', 'scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node, ...globals.browser, ...webext } },
  },
];
