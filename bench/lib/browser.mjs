// Launching Debian's Chromium for the benchmark: bare (the page alone, for in-page timing) or
// with a bench copy of dist/chromium whose content script (boot and core) carries a few timing
// probes.
import { chromium } from 'playwright-core';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server.mjs';

export const CHROMIUM_BIN = process.env.ADSTRIP_CHROMIUM || '/usr/lib/chromium/chromium';
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--enable-precise-memory-info',
  // Offline: the saved pages link to the real web. *.test names (one site per page load in
  // the page-cost run, so every load gets a fresh renderer) go to the local server.
  '--host-resolver-rules=MAP *.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** Probes added to the bench copy of content.js and core.js. They only record times (performance.now(),
 *  which the content script shares with the page) and hand them to the page on request:
 *    document.dispatchEvent(new Event('adstrip-bench-frames'))  start per-frame accounting
 *    document.dispatchEvent(new Event('adstrip-bench-dump'))    write JSON to
 *                                                              <html data-adstrip-bench-out>
 *  Nothing else about the extension changes. */
const PRELUDE = `
var __bench = { csStart: performance.now(), wasmInitStart: null, wasmInitEnd: null, scanStart: null, firstPass: null,
  frame: 0, frames: null, workCalls: 0, workMs: 0, maxWorkMs: 0 };
function __benchWork(t0, t1) {
  const dt = t1 - t0;
  __bench.workCalls++; __bench.workMs += dt; __bench.maxWorkMs = Math.max(__bench.maxWorkMs, dt);
  if (__bench.frames) __bench.frames[__bench.frame] = (__bench.frames[__bench.frame] || 0) + dt;
}
document.addEventListener('adstrip-bench-frames', () => {
  __bench.frames = {}; __bench.frame = 0; __bench.workCalls = 0; __bench.workMs = 0; __bench.maxWorkMs = 0;
  const tick = () => { __bench.frame++; if (__bench.frames) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
});
document.addEventListener('adstrip-bench-dump', () => {
  const out = { ...__bench, frameCount: __bench.frame };
  document.documentElement.setAttribute('data-adstrip-bench-out', JSON.stringify(out));
});
`;
/** [file, needle, patch]: content.js is the boot every frame parses; core.js the content
 *  script's core, which the boot imports where it is needed (both share the content script's
 *  world, so the probes' globals are the core's too). */
const PATCHES = [
  // Before the bundle's IIFE: the probes' state is global in the content script's world.
  ['content.js', /^/, () => PRELUDE],
  [
    'core.js',
    /await (\w+)\(\{ module_or_path: wasmSource\(\) \}\);/,
    (s) => `__bench.wasmInitStart = performance.now(); ${s} __bench.wasmInitEnd = performance.now();`,
  ],
  ['core.js', 'const scanned = frame.session ? scheduler.firstScan() : null;', (s) => `__bench.scanStart = performance.now(); ${s}`],
  // The first scan's end (its last piece; the only one on an ordinary page).
  ['core.js', 'const finish = () => {', (s) => `${s} if (__bench.firstPass == null) __bench.firstPass = performance.now();`],
  // The scheduler's slice of added nodes (one call per animation frame at most).
  [
    'core.js',
    /\n(\s*)work\(\) \{\n/,
    (s) =>
      s.replace(
        /work\(\) \{\n/,
        'work() { const __t0 = performance.now(); try { return this.__benchWorkInner(); } finally { __benchWork(__t0, performance.now()); } }\n__benchWorkInner() {\n',
      ),
  ],
];

/** Copies dist/chromium to a temp folder and adds the probes; returns {dir, missing}. A patch
 *  point that moved is reported, never fatal: its figures are then absent from the report. */
export function benchExtension(src = process.env.ADSTRIP_BENCH_EXT || join(ROOT, 'dist/chromium')) {
  if (!existsSync(join(src, 'manifest.json'))) throw new Error(`${src} is not built: run make build`);
  const dir = mkdtempSync(join(tmpdir(), 'adstrip-bench-ext-'));
  cpSync(src, dir, { recursive: true });
  // The unpatched scripts, for the size table (dist/ may be rebuilt while the bench runs).
  const files = {};
  for (const f of ['content.js', 'core.js']) {
    if (!existsSync(join(dir, f))) continue;
    files[f] = readFileSync(join(dir, f), 'utf8');
    writeFileSync(join(dir, f.replace('.js', '.orig.js')), files[f]);
  }
  const missing = [];
  for (const [file, needle, f] of PATCHES) {
    const js = files[file] ?? '';
    const m = typeof needle === 'string' ? (js.includes(needle) ? needle : null) : js.match(needle)?.[0];
    if (m != null && file in files) files[file] = js.replace(m, f(m));
    else missing.push(`${file}: ${String(needle).slice(0, 50)}`);
  }
  for (const [f, js] of Object.entries(files)) writeFileSync(join(dir, f), js);
  return { dir, src, missing };
}

export async function launch({ ext = null } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'adstrip-bench-'));
  const args = [...BASE_ARGS];
  if (ext) args.push(`--disable-extensions-except=${ext}`, `--load-extension=${ext}`);
  else args.push('--disable-extensions');
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_BIN,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args,
  });
  // Errors the extension's content script throws in a page (they would make its figures empty).
  const errors = new Set();
  context.on('page', (p) =>
    p.on('pageerror', (e) => {
      if (String(e.stack || '').includes('chrome-extension://')) errors.add(String(e.message || e).slice(0, 200));
    }),
  );
  let sw = null;
  if (ext) sw = context.serviceWorkers()[0] || (await context.waitForEvent('serviceworker', { timeout: 15000 }));
  return {
    context,
    sw,
    errors,
    version: context.browser()?.version() ?? null,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Asks the bench probes of the content script in `page` (a page or one of its frames) for
 *  their figures. */
export async function dumpProbes(page) {
  return page.evaluate(() => {
    document.documentElement.removeAttribute('data-adstrip-bench-out');
    document.dispatchEvent(new Event('adstrip-bench-dump'));
    const s = document.documentElement.getAttribute('data-adstrip-bench-out');
    return s ? JSON.parse(s) : null;
  });
}
