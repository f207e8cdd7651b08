// Writes the manifest for one browser from manifest.base.json.
// Usage: node extension/tools/manifest.mjs chromium|firefox VERSION OUT_FILE
import { readFileSync, writeFileSync } from 'node:fs';

const [browser, version, out] = process.argv.slice(2);
const base = JSON.parse(readFileSync(new URL('../manifest.base.json', import.meta.url), 'utf8').replace('__VERSION__', version));

if (browser === 'chromium') {
  base.minimum_chrome_version = '116';
  base.background = { service_worker: 'sw.js', type: 'module' };
  // Frames without a URL of their own (about:blank, srcdoc, blob:) get the content script too.
  base.content_scripts[0].match_origin_as_fallback = true;
  // The content script's core (imported by frames that need it), reader mode's and the element
  // picker's code (imported on first use): see extension/tools/build.mjs.
  base.web_accessible_resources[0].resources.push('core.js', 'reader.js', 'picker.js');
  // A page must not be able to tell that adstrip is installed by fetching its files at the
  // extension's fixed address: the content script reaches them through runtime.getURL, which
  // gives the per-session address; the fixed one answers nothing (Firefox already gives each
  // install an origin of its own).
  for (const war of base.web_accessible_resources) war.use_dynamic_url = true;
} else if (browser === 'firefox') {
  base.background = { scripts: ['sw.js'], type: 'module' };
  base.browser_specific_settings = {
    gecko: {
      id: 'adstrip@adstrip.invalid',
      strict_min_version: '142.0',
      // adstrip sends nothing anywhere.
      data_collection_permissions: { required: ['none'] },
    },
  };
} else {
  throw new Error(`unknown browser: ${browser}`);
}
writeFileSync(out, JSON.stringify(base, null, 2) + '\n');
