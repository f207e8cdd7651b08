// Hostile pages (issue 7, point 2) and hostile messages (point 5) against dist/chromium in
// headless Chromium. Each page asserts what a user would check (the ad is not visible, the
// article is) and that adstrip stays within its time: its own time comes from the content
// script's stats (scan, slices, guard), long tasks from a PerformanceObserver in the page
// (tests/e2e/fixtures/hostile-probe.js), compared with the same page without the extension.
// ADSTRIP_HOSTILE_MS sets how long the fighting pages fight (default 3000 ms; the 10 s
// works too).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer } from './server.mjs';
import { launchChromium, setSettings, waitForAdstrip, CHROMIUM_EXT, ROOT } from './helpers.mjs';

const EXT = CHROMIUM_EXT;
const FIGHT_MS = Number(process.env.ADSTRIP_HOSTILE_MS || 3000);
/** A long task is one over 50 ms; adstrip's own synchronous work must stay under that. */
const LONG_TASK_MS = 50;

let server, ctx, plain;
const measured = {};

before(async () => {
  server = await startServer();
  ctx = await launchChromium({ ext: EXT });
});
after(async () => {
  if (Object.keys(measured).length) console.log('hostile: measurements', JSON.stringify(measured, null, 1));
  await ctx?.close();
  await plain?.close();
  await server?.close();
});

/** The same Chromium without the extension, for long-task baselines. */
async function plainBrowser() {
  plain ??= await chromium.launch({ executablePath: process.env.ADSTRIP_CHROMIUM || '/usr/lib/chromium/chromium', headless: true, args: ['--no-sandbox'] });
  return plain;
}

/** The content script's stats and counts in frame `frameId` of the tab (through the worker). */
async function frameStatus(tabId, frameId = 0) {
  return ctx.sw.evaluate(([t, f]) => chrome.tabs.sendMessage(t, { type: 'status' }, { frameId: f }), [tabId, frameId]);
}

/** adstrip's longest synchronous piece of work in ms (a piece of the first scan, a slice of
 *  added nodes or a guard run). */
function longestMs(st) {
  const s = st.stats;
  return Math.max(s.maxFirstStepMicros || 0, s.maxSliceMicros || 0, s.maxGuardMicros || 0) / 1000;
}

/** Total ms adstrip spent after the first scan (slices and guard). */
function afterScanMs(st) {
  return ((st.stats.sliceMicros || 0) + (st.stats.guardMicros || 0)) / 1000;
}

async function open(path, { wait = true } = {}) {
  const page = await ctx.context.newPage();
  const logs = [];
  page.on('console', (m) => {
    if (m.text().includes('[adstrip]')) logs.push(m.text());
  });
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  const url = path.includes('://') ? path : `${server.origin}/fx/${path}`;
  await page.goto(url, { waitUntil: 'load' });
  const status = wait ? await waitForAdstrip(ctx.sw, page, { timeout: 20000 }) : null;
  return { page, status, logs };
}

/** Long tasks of the page without the extension, after `until` holds. */
async function baselineLongTasks(path, until) {
  const b = await plainBrowser();
  const page = await b.newPage();
  await page.goto(`${server.origin}/fx/${path}`, { waitUntil: 'load' });
  if (until) await page.waitForFunction(until, null, { timeout: FIGHT_MS + 20000 });
  await page.waitForTimeout(200);
  const lt = await page.evaluate(() => window.__longtasks);
  await page.close();
  return lt;
}

const adsVisible = () =>
  [...document.querySelectorAll('[data-test-ad]')].filter((e) => e.checkVisibility({ checkVisibilityCSS: true })).map((e) => e.getAttribute('data-test-ad'));

test("an ad re-inserted every 10 ms stays hidden, within adstrip's time budget", async () => {
  await setSettings(ctx.sw, {});
  const { page, status, logs } = await open(`hostile-reinsert.html?ms=${FIGHT_MS}`);
  const seen = [];
  const samples = [];
  while (!(await page.evaluate(() => window.__done))) {
    // What a user would see at that moment, and when (page time, the page's insert count).
    const s = await page.evaluate(() => ({
      visible: [...document.querySelectorAll('[data-test-ad]')]
        .filter((e) => e.checkVisibility({ checkVisibilityCSS: true }))
        .map((e) => e.getAttribute('data-test-ad')),
      at: Math.round(performance.now()),
      inserts: window.__inserts,
    }));
    seen.push(...s.visible);
    if (s.visible.length) samples.push(s);
    await page.waitForTimeout(97);
  }
  await page.waitForTimeout(100);
  const probe = await page.evaluate(() => ({ ...window.__probe, inserts: window.__inserts, longtasks: window.__longtasks }));
  const st = await frameStatus(status.tabId);
  const base = await baselineLongTasks(`hostile-reinsert.html?ms=${FIGHT_MS}`, () => window.__done);
  await page.close();
  const spent = afterScanMs(st);
  measured.reinsert = {
    inserts: probe.inserts,
    frames: probe.frames,
    adVisibleFrames: probe.adVisibleFrames,
    visibleAt: probe.visibleAt,
    adstripMs: +spent.toFixed(1),
    perSecondMs: +(spent / (FIGHT_MS / 1000)).toFixed(1),
    longestMs: +longestMs(st).toFixed(2),
    slices: st.stats.sliceCalls,
    longtasks: probe.longtasks,
    longtasksWithout: base,
  };
  assert.ok(probe.inserts > FIGHT_MS / 20, `the page inserted only ${probe.inserts} ads`);
  assert.deepEqual(seen, [], `an ad was visible when sampled: ${JSON.stringify(samples)}, stats ${JSON.stringify(st.stats)}`);
  assert.ok(
    probe.adVisibleFrames <= 2,
    `an ad was visible in ${probe.adVisibleFrames} of ${probe.frames} frames (page ms, ad): ${JSON.stringify(probe.visibleAt)}`,
  );
  // The budget: 40 ms per second sustained plus a 120 ms burst.
  assert.ok(spent <= 120 + (40 * FIGHT_MS) / 1000 + 20, `adstrip spent ${spent.toFixed(1)} ms in ${FIGHT_MS} ms`);
  assert.ok(longestMs(st) < LONG_TASK_MS, `adstrip's longest piece of work: ${longestMs(st)} ms`);
  assert.deepEqual(logs, []);
});

test('observer storm: 1,000 elements flip class, attribute and style every frame; page responsive', async () => {
  await setSettings(ctx.sw, {});
  const { page, status, logs } = await open(`hostile-storm.html?ms=${FIGHT_MS}`);
  await page.waitForFunction(() => window.__done, null, { timeout: FIGHT_MS + 20000 });
  const probe = await page.evaluate(() => ({ ...window.__probe, flips: window.__flips, longtasks: window.__longtasks }));
  const visible = await page.evaluate(adsVisible);
  const st = await frameStatus(status.tabId);
  const base = await baselineLongTasks(`hostile-storm.html?ms=${FIGHT_MS}`, () => window.__done);
  await page.close();
  measured.storm = {
    flips: probe.flips,
    frames: probe.frames,
    maxFrameGapMs: probe.maxGap,
    adstripMs: +afterScanMs(st).toFixed(2),
    longestMs: +longestMs(st).toFixed(2),
    longtasks: probe.longtasks,
    longtasksWithout: base,
  };
  assert.deepEqual(visible, []);
  assert.ok(probe.flips > (FIGHT_MS / 1000) * 10, `only ${probe.flips} frames of flips in ${FIGHT_MS} ms: the page was not responsive`);
  assert.ok(afterScanMs(st) < 50, `adstrip spent ${afterScanMs(st)} ms during the storm`);
  assert.ok(longestMs(st) < LONG_TASK_MS);
  assert.deepEqual(logs, []);
});

for (const [name, file, check] of [
  ['100,000 elements', 'hostile-huge.html', () => window.__count >= 100000],
  ['5,000-deep nesting', 'hostile-deep.html', () => window.__depth >= 5000],
  ['a 20 MB text node', 'hostile-bigtext.html', () => window.__textLength >= 20e6],
]) {
  test(`${name}: ads hidden, no crash, page responsive`, async () => {
    await setSettings(ctx.sw, {});
    const { page, status, logs } = await open(file);
    assert.ok(await page.evaluate(check), 'the fixture did not build its page');
    await page.waitForTimeout(300);
    const visible = await page.evaluate(adsVisible);
    const story = await page.evaluate(() => [...document.querySelectorAll('p.story')].every((p) => p.checkVisibility()));
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
    const frameMs = Date.now() - t0;
    const probe = await page.evaluate(() => ({ ...window.__probe, longtasks: window.__longtasks }));
    const st = await frameStatus(status.tabId);
    const base = await baselineLongTasks(file);
    await page.close();
    measured[file] = {
      firstScanMs: +(st.stats.firstScanMicros / 1000).toFixed(1),
      firstScanSteps: st.stats.firstScanSteps,
      longestMs: +longestMs(st).toFixed(1),
      nextFrameMs: frameMs,
      longtasks: probe.longtasks,
      longtasksWithout: base,
      ads: status.ads,
    };
    assert.deepEqual(visible, [], 'ads visible');
    assert.ok(story, 'article text hidden');
    assert.ok(frameMs < 1000, `the page took ${frameMs} ms to draw a frame`);
    assert.deepEqual(logs, []);
  });
}

// The first scan of a huge page goes in pieces (a rule's query, a few hundred text nodes, the
// final climb), with the page's own tasks in between: none of adstrip's pieces is a long task.
test("big pages: no piece of adstrip's work is a long task (over 50 ms)", () => {
  const files = ['hostile-huge.html', 'hostile-deep.html', 'hostile-bigtext.html'];
  assert.deepEqual(
    files.filter((f) => !measured[f]),
    [],
    'the big-page tests did not run',
  );
  const over = files.filter((f) => measured[f].longestMs >= LONG_TASK_MS).map((f) => `${f}: ${measured[f].longestMs} ms`);
  assert.deepEqual(over, []);
});

test('an ad with display:block !important, and a page that strips markers, styles and stylesheets: hidden again', async () => {
  await setSettings(ctx.sw, {});
  const { page, status, logs } = await open('hostile-fight.html');
  assert.deepEqual(await page.evaluate(adsVisible), [], 'ads visible before the page fights');
  await page.evaluate(() => window.__fight());
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const afterOnce = await page.evaluate(adsVisible);
  const state = await page.evaluate(() => ({
    off: document.documentElement.getAttribute('data-adstrip-off'),
    sheets: document.querySelectorAll('style').length,
    fought: window.__fought,
  }));
  // Forever: the page's own observer undoes every re-hide at once. adstrip must not loop with it.
  await page.evaluate(() => window.__fightForever());
  await page.waitForTimeout(1500);
  const probe = await page.evaluate(() => ({ ...window.__probe, reverts: window.__reverts, longtasks: window.__longtasks }));
  const st = await frameStatus(status.tabId);
  await page.close();
  measured.fight = {
    rehides: st.stats.rehides,
    pageReverts: probe.reverts,
    guardMs: +(st.stats.guardMicros / 1000).toFixed(2),
    maxGuardMs: +(st.stats.maxGuardMicros / 1000).toFixed(2),
    frames: probe.frames,
    maxFrameGapMs: probe.maxGap,
    longtasks: probe.longtasks,
  };
  assert.deepEqual(afterOnce, [], 'an ad is visible after the page un-hid it once');
  assert.equal(state.fought, 1);
  assert.equal(state.sheets, 0, 'the page removed its stylesheets');
  assert.equal(state.off, null, 'the stylesheet switch on <html> was put back');
  // Bounded: 10 re-hides per element per second, then one per 250 ms (a handful of elements,
  // 1.5 s: well under 100); a loop with the page's observer would be thousands. The page keeps drawing.
  assert.ok(st.stats.rehides < 100 && probe.reverts < 100, `re-hides: ${st.stats.rehides}, page reverts: ${probe.reverts}`);
  assert.ok(probe.maxGap < 500, `a frame took ${probe.maxGap} ms`);
  assert.ok(st.stats.maxGuardMicros / 1000 < LONG_TASK_MS);
  assert.deepEqual(logs, []);
});

test('ads inside about:blank and srcdoc iframes are hidden', async () => {
  await setSettings(ctx.sw, {});
  const { page, logs } = await open('hostile-frames.html');
  await page.waitForTimeout(800);
  const res = {};
  for (const f of page.frames()) {
    if (f === page.mainFrame()) continue;
    res[await f.frameElement().then((e) => e.getAttribute('id'))] = await f.evaluate(() => ({
      url: location.href,
      ads: [...document.querySelectorAll('[data-test-ad]')].map((e) => [e.getAttribute('data-test-ad'), e.checkVisibility({ checkVisibilityCSS: true })]),
      story: [...document.querySelectorAll('p.story')].every((p) => p.checkVisibility()),
    }));
  }
  await page.close();
  measured.frames = res;
  assert.deepEqual(Object.keys(res).sort(), ['blank', 'blank2', 'srcdoc']);
  for (const [id, r] of Object.entries(res)) {
    assert.ok(r.ads.length >= 1, `${id}: the fixture has no ad`);
    assert.deepEqual(
      r.ads.filter(([, v]) => v),
      [],
      `${id} (${r.url}): ads visible`,
    );
    assert.ok(r.story, `${id}: text hidden`);
  }
  assert.deepEqual(logs, []);
});

test('a frame where nothing could be hidden loads no wasm; an ad the page adds later wakes it and is hidden', async () => {
  await setSettings(ctx.sw, {});
  await ctx.sw.evaluate(() => chrome.storage.local.set({ debugFrameReports: true }));
  try {
    const { page, status, logs } = await open('precheck-frames.html');
    const key = `tab:${status.tabId}`;
    const frames = () => ctx.sw.evaluate((k) => chrome.storage.session.get(k).then((r) => r[k]?.frames || {}), key);
    const sub = async () => Object.entries(await frames()).filter(([id]) => id !== '0');
    for (let i = 0; i < 100 && (await sub()).length < 2; i++) await page.waitForTimeout(50);
    const modes = Object.fromEntries((await sub()).map(([id, f]) => [f.mode, Number(id)]));
    assert.deepEqual(Object.keys(modes).sort(), ['idle', 'wasm'], JSON.stringify(await frames()));
    const idle = await frameStatus(status.tabId, modes.idle);
    assert.deepEqual(
      [idle.mode, idle.stats.precheck, idle.stats.wasmLoadAt, idle.stats.coreAt],
      ['idle', 'skipped', null, null],
      'the plain frame loaded no wasm and parsed only the boot, not the core',
    );
    const withAd = await frameStatus(status.tabId, modes.wasm);
    assert.deepEqual([withAd.mode, withAd.stats.precheck, withAd.ads, typeof withAd.stats.coreAt], ['wasm', 'passed', 1, 'number']);
    const top = await frameStatus(status.tabId);
    assert.deepEqual([top.stats.precheck, typeof top.stats.coreAt], ['top frame', 'number']);

    // The page adds an Ad Inserter block to the plain frame: the core comes and hides it.
    const plain = page.frames().find((f) => f.name() === 'plain');
    const markup = await page.evaluate(() => window.adMarkup.adInserter('late-in-plain'));
    await plain.evaluate((m) => document.body.insertAdjacentHTML('beforeend', m), markup);
    await plain.waitForFunction(() => document.querySelector('[data-test-ad="late-in-plain"]').hasAttribute('data-adstrip'), null, { timeout: 10000 });
    const woken = await frameStatus(status.tabId, modes.idle);
    assert.deepEqual([woken.mode, woken.stats.precheck, woken.ads], ['wasm', 'woken', 1]);
    assert.equal(typeof woken.stats.wasmReadyAt, 'number');
    assert.equal(typeof woken.stats.coreAt, 'number', 'the core came with the ad');
    assert.equal(await plain.evaluate(() => document.querySelector('p.story').checkVisibility()), true, "the frame's text stays");
    await page.close();
    assert.deepEqual(logs, []);
  } finally {
    await ctx.sw.evaluate(() => chrome.storage.local.remove('debugFrameReports'));
  }
});

test('a page that replaces querySelectorAll, MutationObserver, appendChild, setAttribute: adstrip still works', async () => {
  await setSettings(ctx.sw, {});
  const { page, status, logs } = await open('hostile-overrides.html');
  await page.waitForFunction(() => window.__late);
  await page.waitForTimeout(200);
  const visible = await page.evaluate(() => {
    // The page broke querySelectorAll in its own world: walk the tree instead.
    const out = [];
    const w = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    for (let n = w.nextNode(); n; n = w.nextNode())
      if (n.hasAttribute('data-test-ad') && n.checkVisibility({ checkVisibilityCSS: true })) out.push(n.getAttribute('data-test-ad'));
    return out;
  });
  const calls = await page.evaluate(() => window.__calls);
  const st = await frameStatus(status.tabId);
  await page.close();
  measured.overrides = { mode: st.mode, ads: st.ads, pageCalls: calls };
  assert.equal(st.mode, 'wasm');
  assert.deepEqual(visible, []);
  assert.ok(st.ads >= 2, `ads counted: ${st.ads}`);
  assert.deepEqual(
    logs.filter((l) => !l.startsWith('pageerror')),
    [],
  );
});

test('an article full of "subscribe" and "advertisement" with class="ad" images: nothing of it hidden', async () => {
  await setSettings(ctx.sw, {});
  const { page, status, logs } = await open('hostile-article.html');
  await page.waitForTimeout(200);
  const r = await page.evaluate(() => ({
    keep: [...document.querySelectorAll('[data-test-keep]')]
      .filter((e) => !e.checkVisibility({ checkVisibilityCSS: true }))
      .map((e) => e.getAttribute('data-test-keep')),
    hiddenText: [...document.querySelectorAll('article p, article h2, article figcaption, article li, article blockquote')]
      .filter((e) => !e.checkVisibility({ checkVisibilityCSS: true }))
      .map((e) => e.textContent.slice(0, 40)),
    markers: [...document.querySelectorAll('[data-adstrip]')].map((e) => `${e.getAttribute('data-adstrip')} ${e.localName}.${e.className}`),
  }));
  await page.close();
  assert.deepEqual(r.keep, []);
  assert.deepEqual(r.hiddenText, []);
  assert.deepEqual(r.markers, []);
  assert.equal(status.ads + status.subscribe, 0);
  assert.deepEqual(logs, []);
});

test('an XHTML page (application/xhtml+xml): ads hidden, text kept', async () => {
  await setSettings(ctx.sw, {});
  const { page, status, logs } = await open('hostile-xhtml.xhtml');
  await page.waitForTimeout(200);
  const ct = await page.evaluate(() => document.contentType);
  const visible = await page.evaluate(adsVisible);
  const story = await page.evaluate(() => [...document.querySelectorAll('p.story')].every((p) => p.checkVisibility()));
  await page.close();
  measured.xhtml = { contentType: ct, mode: status.mode, ads: status.ads };
  assert.equal(ct, 'application/xhtml+xml');
  assert.deepEqual(visible, []);
  assert.ok(story);
  assert.deepEqual(logs, []);
});

test('a file:// page: ads hidden (Chromium grants file access to an extension loaded with --load-extension)', async () => {
  await setSettings(ctx.sw, {});
  const url = pathToFileURL(join(ROOT, 'tests/e2e/fixtures/hostile-fight.html')).href;
  const { page, status, logs } = await open(url);
  const visible = await page.evaluate(adsVisible);
  await page.close();
  measured.file = { mode: status.mode, ads: status.ads };
  assert.equal(status.mode, 'wasm');
  assert.deepEqual(visible, []);
  assert.ok(status.ads >= 2);
  assert.deepEqual(logs, []);
});

test('an SVG document: nothing breaks, nothing hidden', async () => {
  await setSettings(ctx.sw, {});
  const { page, logs } = await open('hostile-svg.svg', { wait: false });
  await page.waitForTimeout(500);
  const r = await page.evaluate(() => ({
    type: document.contentType,
    root: document.documentElement.localName,
    markers: document.querySelectorAll('[data-adstrip]').length,
    label: document.getElementById('label').getBBox().width > 0,
  }));
  await page.close();
  measured.svg = r;
  assert.equal(r.root, 'svg');
  assert.equal(r.markers, 0);
  assert.ok(r.label, 'the SVG text is not drawn');
  assert.deepEqual(logs, []);
});

test('messages: malformed or foreign messages are dropped without errors; web pages cannot reach the extension', async () => {
  await setSettings(ctx.sw, {});
  // A real tab, so valid and invalid counts can be told apart in storage.session.
  const { page, status } = await open('hostile-article.html');
  const before = await ctx.sw.evaluate(() => ({ ...globalThis.adstripMessageStats }));
  const swErrors = [];
  ctx.sw.on?.('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') swErrors.push(m.text());
  });
  const ext = await ctx.context.newPage();
  await ext.goto(`chrome-extension://${ctx.extId}/options.html`);
  const bad = [
    null,
    42,
    'counts',
    [],
    {},
    { type: 42 },
    { type: 'nope' },
    { type: '__proto__' },
    { type: 'constructor' },
    { type: 'toString' },
    { type: 'tabStatus' },
    { type: 'tabStatus', tabId: -1 },
    { type: 'tabStatus', tabId: '1' },
    { type: 'tabStatus', tabId: 1.5 },
    // Content-script messages from an extension page: wrong sender kind.
    { type: 'counts', docId: 'x', top: true, url: 'http://evil/', host: 'evil', mode: 'wasm', ads: 99, subscribe: 0, byRule: {} },
    { type: 'scanHtml', html: '<p>x</p>' },
    { type: 'readerExtract', html: '<p>x</p>' },
    { type: 'readerable', html: 42 },
  ];
  const answers = await ext.evaluate(async (msgs) => {
    const out = [];
    for (const m of msgs) {
      try {
        out.push(['answer', await chrome.runtime.sendMessage(m)]);
      } catch (e) {
        out.push(['no answer', String(e.message || e)]);
      }
    }
    // A valid one from the same page still works.
    out.push(['valid', await chrome.runtime.sendMessage({ type: 'tabStatus', tabId: 0 })]);
    return out;
  }, bad);
  const after = await ctx.sw.evaluate(() => ({ ...globalThis.adstripMessageStats }));
  const session = await ctx.sw.evaluate(() => chrome.storage.session.get(null));
  // The web page: no chrome.runtime to send with (no externally_connectable).
  const web = await page.evaluate(() => ({ runtime: typeof globalThis.chrome?.runtime?.sendMessage, connect: typeof globalThis.chrome?.runtime?.connect }));
  const manifest = await ctx.sw.evaluate(() => chrome.runtime.getManifest());
  await ext.close();
  await page.close();
  measured.messages = { dropped: after.dropped - before.dropped, accepted: after.accepted - before.accepted, lastDropped: after.lastDropped };
  assert.equal(after.dropped - before.dropped, bad.length, 'every bad message dropped');
  for (const [kind, v] of answers.slice(0, -1)) assert.ok(kind === 'no answer' || v === undefined, `a bad message got an answer: ${JSON.stringify(v)}`);
  assert.equal(answers.at(-1)[0], 'valid');
  assert.equal(typeof answers.at(-1)[1], 'object');
  assert.ok(
    !Object.values(session).some((t) => t.host === 'evil' || Object.values(t.frames || {}).some((f) => f.ads === 99)),
    'a spoofed count reached the badge',
  );
  assert.ok(status.tabId >= 0);
  assert.deepEqual(web, { runtime: 'undefined', connect: 'undefined' });
  assert.equal(manifest.externally_connectable, undefined);
  assert.deepEqual(swErrors, []);
});

test('settings: corrupted values and a whole-page selector are refused with a message; a 10,000-site list is saved and honoured', async () => {
  // Bad settings as an old version or a hand edit might leave them.
  await ctx.sw.evaluate(async () => {
    await chrome.storage.sync.clear();
    await chrome.storage.local.remove('disabledSites');
    await chrome.storage.sync.set({ enabled: 'garbage', ads: 'true', disabledSites: '["a.com",', extraSelectors: ['body', 'div[', 'p.story:first-of-type'] });
  });
  const { page, status } = await open('hostile-article.html');
  const pageState = await page.evaluate(() => ({
    body: document.body.checkVisibility(),
    article: document.querySelector('article').checkVisibility(),
    hiddenFirst: !document.querySelector('p.story').checkVisibility(),
    markers: [...document.querySelectorAll('[data-adstrip]')].map((e) => e.getAttribute('data-adstrip')),
  }));
  const opts = await ctx.context.newPage();
  await opts.goto(`chrome-extension://${ctx.extId}/options.html`);
  await opts.waitForFunction(() => document.getElementById('problems').textContent.length > 0);
  const problems = await opts.evaluate(() => document.getElementById('problems').textContent);
  const selectors = await opts.evaluate(() => [...document.querySelectorAll('#selectors li span')].map((e) => e.textContent));
  // 10,000 sites, saved the way the options page saves, then a page on one of them.
  const sites = Array.from({ length: 9999 }, (_, i) => `site-${i}.example.com`).concat('127.0.0.1');
  const saved = await opts.evaluate(async (list) => {
    const m = await import('./settings.js');
    const t0 = performance.now();
    await m.saveSettings(chrome, m.parseSettings({ disabledSites: list, subscribe: false }));
    const saveMs = performance.now() - t0;
    return { saveMs, syncBytes: await chrome.storage.sync.getBytesInUse(null), flag: (await chrome.storage.sync.get('disabledSitesIn')).disabledSitesIn };
  }, sites);
  // A fresh options page: how long until it lists all 10,000, then one load on its own.
  await opts.close();
  const opts2 = await ctx.context.newPage();
  const t0 = Date.now();
  await opts2.goto(`chrome-extension://${ctx.extId}/options.html`);
  await opts2.waitForFunction(() => document.querySelectorAll('#sites li').length === 10000, null, { timeout: 20000 });
  saved.optionsPageMs = Date.now() - t0;
  await opts2.waitForTimeout(300);
  Object.assign(
    saved,
    await opts2.evaluate(async () => {
      const m = await import('./settings.js');
      const t1 = performance.now();
      const back = await m.loadSettings(chrome);
      return { loadMs: performance.now() - t1, n: back.disabledSites.length, subscribe: back.subscribe };
    }),
  );
  await opts2.close();
  await page.close();
  const off = await open('hostile-reinsert.html?ms=200');
  const offState = await frameStatus(off.status.tabId);
  await off.page.close();
  await setSettings(ctx.sw, {});
  await ctx.sw.evaluate(() => chrome.storage.local.remove('disabledSites'));
  measured.settings = { ...saved, problems };
  assert.equal(status.mode, 'wasm', 'adstrip runs with the bad parts at their defaults');
  assert.deepEqual(pageState.markers, ['ad:user-selector'], 'only the valid user selector applied');
  assert.ok(pageState.body && pageState.article && pageState.hiddenFirst);
  assert.match(problems, /enabled: "garbage" is not on\/off/);
  assert.match(problems, /Refused: "body" would hide the whole page/);
  assert.match(problems, /Not a valid CSS selector: div\[/);
  assert.deepEqual(selectors, ['p.story:first-of-type']);
  assert.equal(saved.n, 10000);
  assert.equal(saved.subscribe, false);
  assert.equal(saved.flag, 'local');
  assert.ok(saved.syncBytes < 8192, `sync holds ${saved.syncBytes} bytes`);
  assert.ok(saved.saveMs < 5000 && saved.loadMs < 500, `save ${saved.saveMs} ms, load ${saved.loadMs} ms`);
  assert.equal(offState.active, false, 'adstrip is off on a site of the 10,000');
});
