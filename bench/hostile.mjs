// `make bench`, hostile pages: how long the native CLI takes on pages built to hurt it, and the
// extension's figures under a hostile strict-CSP tab (the scenario of
// tests/e2e/hardening.test.mjs, run here with its measurements written out). Writes
// target/bench/hostile.json; bench/run.mjs puts it in the report. Never fails on a slow figure.
// Usage: node bench/hostile.mjs [--no-browser] [--smoke]  (--smoke: one case, no browser, output
// in target/bench/smoke/: make test runs it so the code cannot rot; its figures mean nothing)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SMOKE = process.argv.includes('--smoke');
const OUT = join(ROOT, SMOKE ? 'target/bench/smoke' : 'target/bench');
const PAGES = join(OUT, 'hostile-pages');
const BIN = join(ROOT, 'target/release/adstrip');
/** The CLI's own limit is 20 s; past this the case is reported as killed. */
const KILL_MS = 60000;

const deep = (n, tag = 'div') => `<!doctype html><body><p>${'Article text. '.repeat(40)}</p>${`<${tag}>`.repeat(n)}x${`</${tag}>`.repeat(n)}</body>`;
const CASES = [
  ['divs nested 5,000 deep', () => deep(5000)],
  ['divs nested 20,000 deep', () => deep(20000)],
  ['divs nested 100,000 deep', () => deep(100000)],
  ['30,000 nested <table><tr><td>', () => `<!doctype html><body>${'<table><tr><td>'.repeat(30000)}x</body>`],
  ['2,000,000 &amp; (10 MB)', () => `<!doctype html><body><p>${'&amp;'.repeat(2000000)}</p></body>`],
  ['100,000 elements', () => `<!doctype html><body>${'<div class="widget"><span>item</span></div>'.repeat(50000)}</body>`],
];

function run(cmd, file) {
  const t0 = performance.now();
  const r = spawnSync(BIN, [cmd, file], { timeout: KILL_MS, maxBuffer: 1 << 30, encoding: 'buffer' });
  const ms = performance.now() - t0;
  const err = r.stderr?.toString().trim().split('\n').pop() || '';
  return { ms: Math.round(ms), exit: r.status, killed: r.signal != null || r.error != null, message: r.status === 0 ? '' : err.slice(0, 160) };
}

function native() {
  rmSync(PAGES, { recursive: true, force: true });
  mkdirSync(PAGES, { recursive: true });
  const rows = [];
  (SMOKE ? CASES.slice(0, 1) : CASES).forEach(([name, make], i) => {
    const file = join(PAGES, `case${i}.html`);
    writeFileSync(file, make());
    const row = { case: name };
    for (const cmd of ['scan', 'clean', 'read']) row[cmd] = run(cmd, file);
    rows.push(row);
    console.log(`[hostile] ${name}: ${['scan', 'clean', 'read'].map((c) => `${c} ${row[c].ms} ms (exit ${row[c].exit})`).join(', ')}`);
  });
  return rows;
}

function browser() {
  const file = join(OUT, 'hostile-browser.json');
  rmSync(file, { force: true });
  const r = spawnSync('node', ['--test', '--test-timeout=180000', 'tests/e2e/hardening.test.mjs'], {
    cwd: ROOT,
    env: { ...process.env, ADSTRIP_MEASURE_OUT: file },
    encoding: 'utf8',
    timeout: 600000,
  });
  if (!existsSync(file)) return { error: `the hardening scenario wrote no figures (exit ${r.status})` };
  const m = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: r.status === 0, otherTab: m.otherTab ?? null, hugeTab: m.hugeTab ?? null, readerThroughWorker: m.readerThroughWorker ?? null };
}

if (!existsSync(BIN)) execFileSync('cargo', ['build', '-q', '--release'], { cwd: ROOT, stdio: 'inherit' });
mkdirSync(OUT, { recursive: true });
const results = { native: native(), browser: SMOKE || process.argv.includes('--no-browser') ? null : browser() };
writeFileSync(join(OUT, 'hostile.json'), JSON.stringify(results, null, 1));
console.log(`[hostile] wrote ${join(OUT, 'hostile.json')}`);
