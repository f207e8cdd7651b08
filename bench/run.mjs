// adstrip benchmarks in headless Chromium (Debian's), all comparisons measured in the same run.
//   node bench/run.mjs [--smoke] [--out DIR] [--criterion DIR]
// Writes DIR/report.md and DIR/bench.json (DIR: target/bench, or target/bench/smoke). `--smoke`
// runs every section once on one page with no timing claims, so `make test` keeps this code
// working. A benchmark is not a test: nothing here fails on a slow figure; it fails only when
// the code itself breaks.
import { readFileSync, readdirSync, statSync, existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, basename } from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { startServer, ROOT } from './lib/server.mjs';
import { launch, benchExtension, dumpProbes } from './lib/browser.mjs';
import { adstripCss, highConfidenceSelectors, filterList } from './lib/lists.mjs';
import { summary, median, quantile, round } from './lib/stats.mjs';
import { writeReport } from './lib/report.mjs';

const argv = process.argv.slice(2);
const SMOKE = argv.includes('--smoke');
const argOf = (k, d) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : d);
const OUT = argOf('--out', join(ROOT, SMOKE ? 'target/bench/smoke' : 'target/bench'));
const CRITERION = argOf('--criterion', join(ROOT, 'target/criterion'));
const ONLY = argOf('--only', null)?.split(',');

/** Rounds and page sets: enough for stable medians, a full run under ~10 minutes on 2 cores. */
const CFG = SMOKE
  ? { firstPassRounds: 1, scaling: [[1000, 1]], scrollNodes: 500, pageCostPages: 1, pageCostRounds: 1, readerRounds: 1, readerPages: 1, startupPages: 1 }
  : {
      firstPassRounds: 11,
      scaling: [
        [1000, 11],
        [10000, 7],
        [100000, 3],
      ],
      scrollNodes: 10000,
      pageCostPages: 18,
      pageCostRounds: 2,
      readerRounds: 5,
      readerPages: 53,
      startupPages: 53,
    };

const LONDON = 'londonglossypost';
const CORPUS_DIR = join(ROOT, 'tests/fixtures/corpus/pages');
const allSlugs = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.html'))
  .map((f) => basename(f, '.html'))
  .sort();
const slugs = SMOKE ? [LONDON] : allSlugs;
/** An evenly spread subset of the corpus that always holds the London Glossy Post page. */
function spread(n) {
  if (n >= allSlugs.length) return allSlugs;
  const step = allSlugs.length / n;
  const out = new Set([LONDON]);
  for (let i = 0; out.size < n; i++) out.add(allSlugs[Math.floor(i * step) % allSlugs.length]);
  return [...out].sort();
}
const log = (...a) => console.log('[bench]', ...a);
const want = (s) => !ONLY || ONLY.includes(s);
const settle = (ms) => new Promise((r) => setTimeout(r, ms));

const results = { smoke: SMOKE, started: new Date().toISOString(), machine: machine(), notes: [] };

function machine() {
  const cpus = os.cpus();
  let rustc = null;
  try {
    rustc = execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    /* not on PATH */
  }
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memGiB: round(os.totalmem() / 2 ** 30, 1),
    loadavg: os.loadavg().map((x) => round(x, 2)),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    rustc,
  };
}

// ---- 1. size -----------------------------------------------------------------------------------
function sizeOf(p) {
  if (!existsSync(p)) return null;
  const b = readFileSync(p);
  return { bytes: b.length, gzip: gzipSync(b, { level: 9 }).length };
}
function sizes(extDir) {
  const pkg = (w, f) => sizeOf(join(ROOT, 'target/pkg', w, f));
  return {
    detectorWasm: pkg('detector', 'adstrip_bg.wasm'),
    detectorGlue: pkg('detector', 'adstrip.js'),
    contentScript: sizeOf(join(extDir, 'content.orig.js')),
    coreScript: sizeOf(join(extDir, 'core.orig.js')),
    stylesheet: sizeOf(join(extDir, 'adstrip.css')),
    measuredExtensionWasm: sizeOf(join(extDir, 'pkg/adstrip_bg.wasm')),
    swWasm: pkg('sw', 'adstrip_bg.wasm'),
    readerWasm: pkg('reader', 'adstrip_bg.wasm'),
    readerGlue: pkg('reader', 'adstrip.js'),
    zipChromium: existsSync(join(ROOT, 'dist/adstrip-chromium.zip')) ? { bytes: statSync(join(ROOT, 'dist/adstrip-chromium.zip')).size } : null,
    zipFirefox: existsSync(join(ROOT, 'dist/adstrip-firefox.zip')) ? { bytes: statSync(join(ROOT, 'dist/adstrip-firefox.zip')).size } : null,
  };
}

// ---- 3. first pass: core vs bare querySelectorAll vs a filter list's generic stylesheet -------
/** Runs in the page. Every round times, in a rotating order: the core's whole scan (`Session.run`:
 *  it decides and changes nothing, so nothing is undone),
 *  one querySelectorAll per stylesheet rule, the same selectors as one union query, and three
 *  stylesheets adopted the way a blocker injects its cosmetic rules, each followed by a forced
 *  style recalc + layout: a one-rule sheet that matches nothing (the cost of any sheet change),
 *  adstrip's document_start sheet, and the filter list's generic rules. */
async function firstPassInPage({ rounds, sels, adstripCss, listCss }) {
  const m = await import(location.origin + '/pkg/detector/adstrip.js');
  await m.default({ module_or_path: location.origin + '/pkg/detector/adstrip_bg.wasm' });
  const session = new m.Session({});
  const layout = () => document.documentElement.getBoundingClientRect().height + (document.body?.offsetHeight ?? 0);
  const sheet = (css) => {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    return s;
  };
  const t = performance.now();
  const listSheet = listCss ? sheet(listCss) : null;
  const listParseMs = performance.now() - t;
  const sheets = { cssEmpty: sheet('#adstrip-bench-nothing { color: red }'), cssAdstrip: sheet(adstripCss), cssList: listSheet };
  const union = sels.join(', ');
  let found = 0,
    hits = 0,
    unionHits = 0;
  const micros = [];
  const tasks = {
    scan: () => {
      const t0 = performance.now();
      const rep = session.run(document);
      const dt = performance.now() - t0;
      found = rep.findings.length;
      micros.push(rep.micros);
      return dt;
    },
    qsa: () => {
      const t0 = performance.now();
      let n = 0;
      for (const s of sels) n += document.querySelectorAll(s).length;
      const dt = performance.now() - t0;
      hits = n;
      return dt;
    },
    qsaUnion: () => {
      const t0 = performance.now();
      unionHits = document.querySelectorAll(union).length;
      return performance.now() - t0;
    },
  };
  for (const [k, s] of Object.entries(sheets)) {
    if (!s) continue;
    tasks[k] = () => {
      const t0 = performance.now();
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
      layout();
      const dt = performance.now() - t0;
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((x) => x !== s);
      return dt;
    };
  }
  const names = Object.keys(tasks);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  // The first scan() after instantiation runs lazily compiled baseline code (what a content
  // script meets on every page load): kept apart as "cold". Then warm-up rounds, untimed.
  layout();
  const cold = tasks.scan();
  for (let w = 0; w < 3; w++)
    for (const k of names) {
      layout();
      tasks[k]();
    }
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const k = names[(i + r) % names.length];
      layout();
      times[k].push(tasks[k]());
    }
  }
  return {
    times,
    cold,
    found,
    hits,
    unionHits,
    coreMicros: micros.slice(-rounds),
    elements: document.getElementsByTagName('*').length,
    isolated: self.crossOriginIsolated,
    listParseMs,
  };
}

async function firstPass(browser, origin) {
  const css = adstripCss();
  const sels = highConfidenceSelectors(css);
  const list = filterList();
  if (!list) results.notes.push('bench/node_modules/@adguard/dnr-rulesets is missing: the filter-list column is empty (run npm ci in bench/).');
  // A blocker drops a selector the browser cannot parse; so do we, before timing.
  const page = await browser.context.newPage();
  await page.goto(`${origin}/b/blank.html`);
  const valid = list
    ? await page.evaluate(
        (ss) =>
          ss.filter((s) => {
            try {
              document.createDocumentFragment().querySelector(s);
              return true;
            } catch {
              return false;
            }
          }),
        list.selectors,
      )
    : [];
  await page.close();
  const listCss = valid.length
    ? chunk(valid, 1000)
        .map((c) => `${c.join(',\n')} { display: none !important; }`)
        .join('\n')
    : null;
  results.filterList = list && {
    title: list.title,
    version: list.version,
    source: `@adguard/dnr-rulesets ${list.ruleset}`,
    genericRules: list.selectors.length,
    valid: valid.length,
  };
  results.highConfidenceRules = sels.length;
  const pages = [];
  for (const slug of slugs) {
    const p = await browser.context.newPage();
    try {
      await p.goto(`${origin}/corpus/${slug}.html?coi=1&csp=1`, { waitUntil: 'load', timeout: 30000 });
      await settle(100);
      const r = await p.evaluate(firstPassInPage, { rounds: CFG.firstPassRounds, sels, adstripCss: css, listCss });
      const s = Object.fromEntries(Object.entries(r.times).map(([k, v]) => [k, summary(v)]));
      pages.push({
        slug,
        elements: r.elements,
        found: r.found,
        qsaHits: r.hits,
        isolated: r.isolated,
        listParseMs: round(r.listParseMs),
        coldScan: round(r.cold),
        coreMicros: summary(r.coreMicros),
        ...s,
        ratioQsa: s.scan.median / s.qsa.median,
      });
      log(
        'first pass',
        slug,
        r.elements,
        'elements',
        `scan ${s.scan.median?.toFixed(2)} ms, qsa ${s.qsa.median?.toFixed(2)} ms, list css ${s.cssList?.median?.toFixed(2)} ms`,
      );
    } catch (e) {
      pages.push({ slug, error: String(e.message || e).slice(0, 200) });
      log('first pass', slug, 'ERROR', e.message);
    } finally {
      await p.close();
    }
  }
  const ok = pages.filter((p) => !p.error);
  const sumOf = (k) => ok.reduce((a, p) => a + (p[k]?.median ?? 0), 0);
  return {
    rounds: CFG.firstPassRounds,
    pages,
    corpus: {
      pages: ok.length,
      ratioQsaMedian: median(ok.map((p) => p.ratioQsa)),
      ratioQsaMin: Math.min(...ok.map((p) => p.ratioQsa)),
      ratioQsaMax: Math.max(...ok.map((p) => p.ratioQsa)),
      ratioQsaTotal: sumOf('scan') / sumOf('qsa'),
      scanTotal: sumOf('scan'),
      coldScanMedian: median(ok.map((p) => p.coldScan)),
      qsaTotal: sumOf('qsa'),
      qsaUnionTotal: sumOf('qsaUnion'),
      cssEmptyTotal: sumOf('cssEmpty'),
      cssAdstripTotal: sumOf('cssAdstrip'),
      cssListTotal: sumOf('cssList'),
      ratioListToScanMedian: median(ok.filter((p) => p.cssList).map((p) => p.cssList.median / p.scan.median)),
    },
  };
}
function chunk(a, n) {
  const out = [];
  for (let i = 0; i < a.length; i += n) out.push(a.slice(i, i + n));
  return out;
}

// ---- 4a. scaling ---------------------------------------------------------------------------------
async function scalingInPage({ rounds }) {
  const m = await import(location.origin + '/pkg/detector/adstrip.js');
  const heap0 = performance.memory?.usedJSHeapSize ?? null;
  const w = await m.default({ module_or_path: location.origin + '/pkg/detector/adstrip_bg.wasm' });
  const mem0 = w.memory.buffer.byteLength;
  const session = new m.Session({});
  const times = [];
  let found = 0,
    mem1 = null,
    heap1 = null;
  let cold = null;
  const warm = Math.min(3, rounds);
  for (let r = 0; r < rounds + warm; r++) {
    const t0 = performance.now();
    const rep = session.run(document);
    const dt = performance.now() - t0;
    found = rep.findings.length;
    if (r === 0) {
      cold = dt;
      mem1 = w.memory.buffer.byteLength;
      heap1 = performance.memory?.usedJSHeapSize ?? null;
    }
    if (r >= warm) times.push(dt);
  }
  return { times, cold, found, elements: document.getElementsByTagName('*').length, wasmMem0: mem0, wasmMem1: mem1, heap0, heap1 };
}
async function scaling(browser, origin) {
  const out = [];
  for (const [n, rounds] of CFG.scaling) {
    const p = await browser.context.newPage();
    await p.goto(`${origin}/synth.html?n=${n}&coi=1`, { waitUntil: 'load', timeout: 60000 });
    const r = await p.evaluate(scalingInPage, { rounds });
    await p.close();
    const s = summary(r.times);
    out.push({
      n,
      elements: r.elements,
      found: r.found,
      rounds,
      scan: s,
      coldScan: r.cold,
      msPer1k: s.median / (r.elements / 1000),
      wasmMemoryBytes: r.wasmMem1,
      wasmMemoryGrowth: r.wasmMem1 - r.wasmMem0,
      jsHeapGrowth: r.heap1 != null ? r.heap1 - r.heap0 : null,
    });
    log('scaling', n, `${s.median?.toFixed(2)} ms`, `wasm memory ${r.wasmMem1}`);
  }
  return out;
}

// ---- 2 + 6 + 4b + 5: with the extension ------------------------------------------------------
/** Page load CPU with and without the extension: CDP Performance metrics of the page's renderer
 *  (every load on a site of its own, so each gets a fresh renderer process), plus the start-up
 *  probes of the bench content script. The extension's service worker runs in another process
 *  and is not counted (it does no work per page on the wasm path). */
async function pageCostAndStartup(bare, ext, port) {
  const pages = SMOKE ? [LONDON] : spread(CFG.pageCostPages);
  const startupSlugs = SMOKE ? [LONDON] : spread(CFG.startupPages);
  const rows = {};
  let seq = 0;
  const load = async (browser, slug, withExt) => {
    const p = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(p);
    await cdp.send('Performance.enable');
    const host = `s${++seq}-${withExt ? 'ext' : 'bare'}.test`;
    await p.goto(`http://${host}:${port}/corpus/${slug}.html?csp=1`, { waitUntil: 'load', timeout: 30000 });
    await settle(SMOKE ? 300 : 600);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const mm = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    const probes = withExt ? await dumpProbes(p) : null;
    const nav = await p.evaluate(() => {
      const e = performance.getEntriesByType('navigation')[0];
      return { dcl: e?.domContentLoadedEventEnd, load: e?.loadEventEnd };
    });
    await p.close();
    return {
      task: mm.TaskDuration * 1000,
      script: mm.ScriptDuration * 1000,
      style: mm.RecalcStyleDuration * 1000,
      layout: mm.LayoutDuration * 1000,
      probes,
      nav,
    };
  };
  const all = [...new Set([...pages, ...startupSlugs])].sort();
  for (const slug of all) {
    const inCost = pages.includes(slug);
    const rounds = inCost ? CFG.pageCostRounds : 1;
    const row = (rows[slug] = { bare: [], ext: [], startup: [] });
    for (let r = 0; r < rounds; r++) {
      const order = (r + seq) % 2 ? ['ext', 'bare'] : ['bare', 'ext'];
      for (const which of order) {
        if (which === 'bare' && !inCost) continue;
        const res = await load(which === 'ext' ? ext : bare, slug, which === 'ext');
        row[which].push(res);
        if (which === 'ext' && res.probes) row.startup.push(res.probes);
      }
    }
    if (inCost)
      log('page cost', slug, `bare ${median(row.bare.map((x) => x.task)).toFixed(0)} ms, with adstrip ${median(row.ext.map((x) => x.task)).toFixed(0)} ms`);
  }
  const cost = pages.map((slug) => {
    const r = rows[slug];
    const b = summary(r.bare.map((x) => x.task)),
      e = summary(r.ext.map((x) => x.task));
    return {
      slug,
      bareTask: b,
      extTask: e,
      bareScript: summary(r.bare.map((x) => x.script)),
      extScript: summary(r.ext.map((x) => x.script)),
      extraPct: (e.median / b.median - 1) * 100,
    };
  });
  const startup = all.flatMap((slug) => rows[slug].startup.map((p) => ({ slug, ...p }))).filter((p) => p.csStart != null);
  const per = (f) => summary(startup.map(f).filter((x) => x != null && x >= 0));
  const london = startup.filter((p) => p.slug === LONDON);
  const st = (set) => ({
    loads: set.length,
    wasmInit: summary(set.map((p) => (p.wasmInitEnd != null ? p.wasmInitEnd - p.wasmInitStart : null))),
    firstScan: summary(set.map((p) => (p.firstPass != null ? p.firstPass - p.scanStart : null))),
    startToFirstPass: summary(set.map((p) => (p.firstPass != null ? p.firstPass - p.csStart : null))),
    documentStartAt: summary(set.map((p) => p.csStart)),
  });
  void per;
  return {
    pageCost: {
      rounds: CFG.pageCostRounds,
      pages: cost,
      extraPctMedian: median(cost.map((c) => c.extraPct)),
      extraPctMin: Math.min(...cost.map((c) => c.extraPct)),
      extraPctMax: Math.max(...cost.map((c) => c.extraPct)),
      extraPctTotal: (cost.reduce((a, c) => a + c.extTask.median, 0) / cost.reduce((a, c) => a + c.bareTask.median, 0) - 1) * 100,
    },
    startup: { corpus: st(startup), london: st(london) },
  };
}

/** Infinite scroll: the page appends `total` elements in bursts, one burst per animation frame;
 *  the bench probes add up the content script's mutation work per animation frame. Each burst
 *  is one added <article>, as themes append a page of posts. */
async function infiniteScrollOnce(ext, origin, burst) {
  const p = await ext.context.newPage();
  await p.goto(`${origin}/b/scroll.html`, { waitUntil: 'load' });
  // Feed only once the content script has done its first pass and observes mutations.
  let ready = false;
  for (let i = 0; i < 200 && !ready; i++) {
    ready = (await dumpProbes(p))?.firstPass != null;
    if (!ready) await settle(50);
  }
  if (!ready) results.notes.push('infinite scroll: the content script never finished its first pass (see the errors note); its figures are empty.');
  await settle(200);
  await p.evaluate(() => document.dispatchEvent(new Event('adstrip-bench-frames')));
  const t0 = Date.now();
  const fed = await p.evaluate(([total, b]) => window.feed(total, b), [CFG.scrollNodes, burst]);
  // Wait for the queue to drain: every ad marked (or 10 s).
  let marked = 0;
  for (let i = 0; i < 200; i++) {
    marked = await p.evaluate(() => document.querySelectorAll('.wpcnt[data-adstrip]').length);
    if (marked >= fed.ads) break;
    await settle(50);
  }
  const drainMs = Date.now() - t0;
  const probes = await dumpProbes(p);
  await p.close();
  return { fed, marked, drainMs, probes, frames: Object.values(probes?.frames || {}) };
}
async function infiniteScroll(ext, origin) {
  const out = [];
  for (const burst of SMOKE ? [200] : [200, 1000]) {
    const runs = [];
    for (let r = 0; r < (SMOKE ? 1 : 3); r++) runs.push(await infiniteScrollOnce(ext, origin, burst));
    const frames = runs.flatMap((x) => x.frames);
    const first = runs.map((x) => x.frames.find((v) => v > 0) ?? null);
    const fed = runs[0].fed;
    const row = {
      nodes: fed.elements,
      bursts: fed.bursts,
      burstElements: burst,
      runs: runs.length,
      ads: fed.ads,
      adsHidden: Math.min(...runs.map((x) => x.marked)),
      feedMs: summary(runs.map((x) => x.fed.ms)),
      drainMs: summary(runs.map((x) => x.drainMs)),
      framesWithWork: frames.length,
      perFrame: summary(frames),
      p95: quantile(frames, 0.95),
      overBudgetFrames: frames.filter((x) => x > 4).length,
      firstFrame: summary(first),
      afterFirstMax: Math.max(...runs.map((x) => Math.max(0, ...x.frames.slice(x.frames.findIndex((v) => v > 0) + 1)))),
      totalMs: summary(runs.map((x) => x.probes?.workMs)),
      calls: runs[0].probes?.workCalls ?? null,
      maxCallMs: Math.max(...runs.map((x) => x.probes?.maxWorkMs ?? 0)),
      msPer1k: median(runs.map((x) => (x.probes ? x.probes.workMs / (x.fed.elements / 1000) : null))),
      frames: runs.map((x) => x.frames.map((v) => round(v, 2))),
    };
    log('infinite scroll', `bursts of ${burst}: per frame max ${row.perFrame.max?.toFixed(1)} ms, ${row.overBudgetFrames}/${frames.length} frames over 4 ms`);
    out.push(row);
  }
  return out;
}

/** Counts, from the first animation frame on, the frames in which an ad (data-test-ad) or a
 *  registered nag text had a visible box. Injected into the page's main world at document start. */
function flashCounter() {
  window.__flash = { frames: 0, flashFrames: 0, byAd: {} };
  const vis = (el) => {
    const r = el.getBoundingClientRect();
    return r.width * r.height > 0 && el.checkVisibility({ checkVisibilityCSS: true });
  };
  const textVis = (t) => {
    if (!t.isConnected || !t.parentElement?.checkVisibility({ checkVisibilityCSS: true })) return false;
    const range = document.createRange();
    range.selectNodeContents(t);
    const r = range.getBoundingClientRect();
    return r.width * r.height > 0;
  };
  const frame = () => {
    window.__flash.frames++;
    let any = false;
    for (const el of document.querySelectorAll('[data-test-ad]')) {
      if (vis(el)) {
        any = true;
        const id = el.getAttribute('data-test-ad');
        window.__flash.byAd[id] = (window.__flash.byAd[id] || 0) + 1;
      }
    }
    for (const t of window.__testTexts || [])
      if (textVis(t)) {
        any = true;
        window.__flash.byAd['text'] = (window.__flash.byAd['text'] || 0) + 1;
      }
    if (any) window.__flash.flashFrames++;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function flash(bare, ext, origin) {
  const scenarios = [
    { name: 'parse-time ads (body streamed in 7 chunks)', url: '/stream.html' },
    {
      name: 'late ads (timer + first scroll)',
      url: '/fx/late.html',
      act: async (p) => {
        await settle(1300);
        await p.mouse.wheel(0, 400);
        await settle(400);
      },
    },
    {
      name: 'infinite scroll (Jetpack-style posts)',
      url: '/fx/infinite.html',
      act: async (p) => {
        for (let i = 0; i < 6; i++) {
          await p.mouse.wheel(0, 20000);
          await settle(250);
        }
      },
    },
    { name: 'subscribe modal (shown after 800 ms)', url: '/fx/modal.html?after=800', act: async () => settle(1200) },
  ];
  const out = [];
  for (const sc of SMOKE ? scenarios.slice(0, 2) : scenarios) {
    const row = { scenario: sc.name, url: sc.url };
    for (const [which, browser] of [
      ['bare', bare],
      ['ext', ext],
    ]) {
      const p = await browser.context.newPage();
      await p.addInitScript(flashCounter);
      await p.goto(origin + sc.url, { waitUntil: 'load', timeout: 30000 });
      await settle(300);
      if (sc.act) await sc.act(p);
      await settle(200);
      const f = await p.evaluate(() => ({ ...window.__flash, ads: document.querySelectorAll('[data-test-ad]').length }));
      await p.close();
      row[which] = f;
    }
    log('flash', sc.name, `without adstrip ${row.bare.flashFrames}/${row.bare.frames} frames, with ${row.ext.flashFrames}/${row.ext.frames}`);
    out.push(row);
  }
  return out;
}

/* global Readability -- loaded into the bench page from bench/node_modules */
// ---- 8. reader --------------------------------------------------------------------------------
async function readerInPage({ slug, rounds, hasWasm }) {
  const html = await (await fetch(`${location.origin}/corpus/${slug}.html`)).text();
  const url = `https://example.org/${slug}`;
  const out = { readability: [], readabilityParseOnly: [], wasm: [], readabilityChars: 0, wasmChars: 0 };
  let wasm = null;
  if (hasWasm) {
    wasm = await import(location.origin + '/pkg/reader/adstrip.js');
    await wasm.default({ module_or_path: location.origin + '/pkg/reader/adstrip_bg.wasm' });
    wasm = new wasm.Reader();
  }
  const runs = [
    () => {
      // Readability from the HTML string: DOMParser + parse(), as reader mode has to
      const t0 = performance.now();
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const a = new Readability(doc).parse();
      out.readability.push(performance.now() - t0);
      out.readabilityChars = a?.textContent?.length ?? 0;
    },
    () => {
      // Readability on a document already parsed (parse untimed)
      const doc = new DOMParser().parseFromString(html, 'text/html');
      const t0 = performance.now();
      new Readability(doc).parse();
      out.readabilityParseOnly.push(performance.now() - t0);
    },
  ];
  if (wasm)
    runs.push(() => {
      const t0 = performance.now();
      let a = null;
      // The extension extracts from its pre-passed copy, the detector already run: `prepared`.
      try {
        a = wasm.extract(html, url);
      } catch {
        a = null;
      }
      out.wasm.push(performance.now() - t0);
      out.wasmChars = a?.textContent?.length ?? a?.text?.length ?? a?.length ?? 0;
    });
  for (const f of runs) f(); // warm-up
  for (let r = 0; r < rounds; r++) for (let i = 0; i < runs.length; i++) runs[(i + r) % runs.length]();
  return out;
}
async function reader(browser, origin) {
  const hasWasm = existsSync(join(ROOT, 'target/pkg/reader/adstrip_bg.wasm'));
  if (!hasWasm) results.notes.push('target/pkg/reader is not built: the browser reader column is empty; the native reader (criterion) stands in.');
  const p = await browser.context.newPage();
  await p.goto(`${origin}/b/reader.html?coi=1`, { waitUntil: 'load' });
  const rows = [];
  for (const slug of SMOKE ? [LONDON] : allSlugs.slice(0, CFG.readerPages)) {
    try {
      const r = await p.evaluate(readerInPage, { slug, rounds: CFG.readerRounds, hasWasm });
      rows.push({
        slug,
        readability: summary(r.readability),
        readabilityParseOnly: summary(r.readabilityParseOnly),
        wasm: summary(r.wasm),
        readabilityChars: r.readabilityChars,
        wasmChars: r.wasmChars,
      });
    } catch (e) {
      rows.push({ slug, error: String(e.message || e).slice(0, 200) });
    }
  }
  await p.close();
  log('reader', rows.length, 'pages');
  return {
    rounds: CFG.readerRounds,
    hasWasm,
    pages: rows,
    readabilityVersion: JSON.parse(readFileSync(join(ROOT, 'bench/node_modules/@mozilla/readability/package.json'), 'utf8')).version,
  };
}

// ---- 7. native (criterion output of `cargo bench --bench core`) --------------------------------
function criterion() {
  if (!existsSync(CRITERION)) return null;
  const read = (dir) => {
    const f = join(dir, 'new', 'sample.json');
    if (!existsSync(f)) return null;
    const s = JSON.parse(readFileSync(f, 'utf8'));
    const per = s.iters.map((n, i) => s.times[i] / n / 1e6); // ms per iteration
    return summary(per);
  };
  const group = (g) => {
    const d = join(CRITERION, g);
    if (!existsSync(d)) return [];
    const out = [];
    for (const fn of readdirSync(d)) {
      const fd = join(d, fn);
      if (!statSync(fd).isDirectory() || fn === 'report') continue;
      for (const id of readdirSync(fd)) {
        if (id === 'report') continue;
        const s = read(join(fd, id));
        if (s) out.push({ fn, id, ...s });
      }
    }
    return out.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
  };
  return { firstPass: group('first-pass'), scaling: group('scaling'), stages: group('stages'), reader: group('reader') };
}

// ---- main ------------------------------------------------------------------------------------------
/** Frames: every corpus page and every Readability page loaded as the iframe of a plain page,
 *  with the extension: which frames load the core's wasm (the pre-check lets the others be), and
 *  that the core hid something only in frames that loaded it. Top pages always load it. */
async function frames(ext, port) {
  const READ_DIR = join(ROOT, 'tests/fixtures/readability');
  const readSlugs = readdirSync(READ_DIR)
    .filter((d) => existsSync(join(READ_DIR, d, 'source.html')))
    .sort();
  const list = SMOKE
    ? [`/corpus/${LONDON}.html`, `/readability/${readSlugs[0]}/source.html`]
    : [...allSlugs.map((x) => `/corpus/${x}.html`), ...readSlugs.map((x) => `/readability/${x}/source.html`)];
  const rows = [];
  let seq = 0;
  for (const src of list) {
    const p = await ext.context.newPage();
    try {
      await p.goto(`http://f${++seq}.test:${port}/frame.html?src=${encodeURIComponent(src)}`, { waitUntil: 'load', timeout: 30000 });
      await settle(SMOKE ? 300 : 500);
      const f = p.frames().find((x) => x !== p.mainFrame());
      const probes = await dumpProbes(f);
      const hidden = await f.evaluate(() => document.querySelectorAll('[data-adstrip]').length);
      rows.push({ src, probed: !!probes, loaded: probes?.wasmInitStart != null, hidden });
    } catch (e) {
      rows.push({ src, error: String(e.message || e).slice(0, 200) });
    } finally {
      await p.close();
    }
  }
  const ok = rows.filter((r) => r.probed);
  const out = {
    frames: ok.length,
    errors: rows.length - ok.length,
    loaded: ok.filter((r) => r.loaded).length,
    hiddenByCore: ok.filter((r) => r.hidden > 0).length,
    hiddenWithoutWasm: ok.filter((r) => r.hidden > 0 && !r.loaded).map((r) => r.src),
    skipped: ok.filter((r) => !r.loaded).map((r) => r.src),
  };
  log('frames', `${out.loaded} of ${out.frames} frames loaded the wasm; the core hid something in ${out.hiddenByCore}`);
  return out;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const server = await startServer();
  const t0 = Date.now();
  const bare = await launch();
  results.browser = `Chromium ${bare.version ?? execFileSync('/usr/lib/chromium/chromium', ['--version'], { encoding: 'utf8' }).trim()} (headless, Debian)`;
  const ext = benchExtension();
  results.extension = ext.src;
  results.sizes = sizes(ext.dir);
  if (ext.missing.length) results.notes.push(`content.js probes not placed (the content script changed): ${ext.missing.join(' | ')}`);
  const withExt = await launch({ ext: ext.dir });
  try {
    if (want('first')) results.firstPass = await firstPass(bare, server.origin);
    if (want('scaling')) results.scaling = await scaling(bare, server.origin);
    if (want('scroll')) results.infiniteScroll = await infiniteScroll(withExt, server.origin);
    if (want('flash')) results.flash = await flash(bare, withExt, server.origin);
    if (want('cost')) Object.assign(results, await pageCostAndStartup(bare, withExt, server.port));
    if (want('frames')) results.frames = await frames(withExt, server.port);
    if (want('reader')) results.reader = await reader(bare, server.origin);
  } finally {
    if (withExt.errors.size)
      results.notes.push(`the extension's content script threw in pages (its figures are then missing or wrong): ${[...withExt.errors].join(' | ')}`);
    await withExt.close();
    await bare.close();
    await server.close();
    rmSync(ext.dir, { recursive: true, force: true });
  }
  results.native = SMOKE ? null : criterion();
  // bench/hostile.mjs ran just before (scripts/bench.sh): its figures join the report.
  const hostile = join(ROOT, 'target/bench/hostile.json');
  results.hostile = !SMOKE && existsSync(hostile) ? JSON.parse(readFileSync(hostile, 'utf8')) : null;
  results.seconds = Math.round((Date.now() - t0) / 1000);
  writeFileSync(join(OUT, 'bench.json'), JSON.stringify(results, null, 1));
  writeFileSync(join(OUT, 'report.md'), writeReport(results, CFG));
  log(`wrote ${join(OUT, 'report.md')} and bench.json in ${results.seconds} s`);
}

/** `--report-only`: rewrites report.md from bench.json and the criterion samples as they are. */
function reportOnly() {
  const R = JSON.parse(readFileSync(join(OUT, 'bench.json'), 'utf8'));
  if (!R.smoke) R.native = criterion();
  writeFileSync(join(OUT, 'bench.json'), JSON.stringify(R, null, 1));
  writeFileSync(join(OUT, 'report.md'), writeReport(R, CFG));
  log(`rewrote ${join(OUT, 'report.md')}`);
}

(argv.includes('--report-only') ? Promise.resolve().then(reportOnly) : main()).catch((e) => {
  console.error('[bench] failed:', e);
  process.exit(1);
});
