// adstrip's core in the content script: what a frame runs once boot.js (the part every frame
// parses) has decided it needs it. In Chromium the module dist/chromium/core.js, imported by the
// content script; in Firefox bundled into content.js (see extension/tools/build.mjs).
//
//   manifest stylesheet (generated from rules/rules.toml): known containers hidden before paint
//        |
//   boot.js: settings, the stylesheet lifted for kinds that are off, the pre-check (precheck.js)
//        |   for frames other than the top one; idle frames watched until something comes
//   main.js (this file) ---- api.js: browser shim, settings (settings.js)
//     |  activate/deactivate per the settings and the site; counts to the service worker;
//     |  messages from the popup and the worker (messages.js: the one protocol table)
//     |
//     +-- scheduler.js ---- wasm Session (pkg/): begin/beginAdded + step(budget) decide;
//     |     first scan in pieces, MutationObserver queue of added nodes in budgeted slices
//     |        \-- wasm refused (Chromium, page CSP without 'wasm-unsafe-eval'):
//     |            sw-path.js: the page's HTML to the service worker, rows back
//     |
//     +-- applier.js ------ the one place that changes the page: hides findings, rows and the
//     |     user's selectors; marks what the guard keeps; outlines; undoes exactly
//     +-- tamper.js ------- re-hides what the page un-hides, rate-limited
//     +-- scroll-lock.js -- lifts the scroll lock of a hidden subscribe modal
//     +-- reader/loader.js  reader mode (top frame); imports dist/*/reader.js on first use
//     +-- answers.js ------ the popup's and the worker's questions to the frame
//
// Never break a page: every entry point is wrapped; the first error is logged once ("[adstrip]")
// and the page keeps the stylesheet alone. A wasm trap gets a fresh instance and session and the
// scan starts again, at most MAX_RESETS times in a page (../sw/wasm-instance.js).

import * as detectorGlue from 'adstrip-wasm:detector';
import { api, loadStored, isSettingsChange } from '../api.js';
import { parseSettings, effectiveOptions, selectorsFor } from '../settings.js';
import { Applier } from '../applier.js';
import { Scheduler } from './scheduler.js';
import { Tamper } from './tamper.js';
import { SwPath } from './sw-path.js';
import { ScrollLock } from './scroll-lock.js';
import { siteHost, domReady } from './site.js';
import { newStats } from './stats.js';
import { offValue, markOff } from './off.js';
import { ReaderLoader } from '../reader/loader.js';
import { answerer } from './answers.js';
import { isTrap } from '../sw/wasm-instance.js';

const { default: initDetector, Session } = detectorGlue;

/** How often the tab's counts are sent to the service worker (badge, popup). */
const REPORT_DELAY_MS = 100;
/** Fresh wasm instances a page may get after traps; then it keeps the stylesheet alone. */
const MAX_RESETS = 2;

let loggedError = false;
function logOnce(what, err) {
  if (loggedError) return;
  loggedError = true;
  console.warn(`[adstrip] ${what}; the page keeps the stylesheet alone.`, err);
}

/** Runs fn; an exception is logged once and returns `fallback`. A wasm trap on the wasm path
 *  starts the recovery instead (the session is dropped at once, so nothing calls it again). */
function guarded(what, fn, fallback) {
  try {
    return fn();
  } catch (e) {
    if (isTrap(e) && frame.session) recover(what, e);
    else logOnce(what, e);
    return fallback;
  }
}

/** This frame. */
const frame = {
  settings: null,
  opts: null, // {ads, subscribe} while active, null while off
  mode: 'css', // 'wasm' | 'sw' | 'css' (stylesheet alone) | 'idle' (a frame the pre-check let be)
  session: null, // the wasm Session while active on the wasm path
  wasmReady: null, // promise of true (wasm usable here) / false
  waking: null, // an idle frame's wake, while the wasm loads
  counts: { ads: 0, subscribe: 0, byRule: {} },
  outlined: false,
  reportTimer: 0,
  docId: Math.random().toString(36).slice(2),
  stats: newStats(),
  resets: 0,
  debug: { path: null, failScan: false, openShadow: false, frames: false },
  mayHold: () => true, // boot.js's pre-check, handed over in run()
  wasm: null, // promise of the wasm module boot.js compiled, handed over in run()
};

const tamper = new Tamper({
  active: () => !!frame.opts && !frame.outlined,
  offValue: () => offValue(frame.opts),
  markOff: () => markOff(frame.opts),
  stats: frame.stats,
  guarded,
});
const applier = new Applier({ onHide: (el) => tamper.watch(el) });
const scrollLock = new ScrollLock({ applier, active: () => !!frame.opts, guarded });

function report() {
  const top = window === window.top;
  api.runtime
    .sendMessage({
      type: 'counts',
      docId: frame.docId,
      top,
      url: top ? location.href : undefined,
      since: top ? performance.timeOrigin : undefined, // when this top document began loading
      host: siteHost(),
      mode: frame.opts ? frame.mode : 'off',
      ads: frame.counts.ads,
      subscribe: frame.counts.subscribe,
      byRule: frame.counts.byRule,
    })
    .catch(() => {});
}

function scheduleReport() {
  if (frame.reportTimer) return;
  frame.reportTimer = setTimeout(() => {
    frame.reportTimer = 0;
    report();
  }, REPORT_DELAY_MS);
}

/** Counts what changed the page ({kind, rule} each), for the badge and the popup. */
function counted(found) {
  const c = frame.counts;
  for (const f of found) {
    if (f.kind === 'ad') c.ads++;
    else if (f.kind === 'subscribe') c.subscribe++;
    c.byRule[f.rule] = (c.byRule[f.rule] || 0) + 1;
  }
  if (found.length) scheduleReport();
  scrollLock.noteFindings(found);
}

/** A wasm scan's report: its findings hidden, what the guard refused kept. */
function onReport(rep) {
  applier.keep(rep.guarded);
  counted(applier.applyFindings(rep.findings));
}

/** The user's own selectors (options page), hidden as ads in both paths. */
function applyUserSelectors(roots) {
  const sels = frame.settings ? selectorsFor(frame.settings, siteHost()) : [];
  if (!sels.length || !frame.opts?.ads) return;
  const n = applier.applySelectors(sels, roots);
  counted(Array.from({ length: n }, () => ({ kind: 'ad', rule: 'user-selector' })));
}

/** A wasm trap stand-in, switched on only by the tests (storage.local debugFailScan: true for
 *  every call, a number for that many calls). */
function trap() {
  const n = frame.debug.failScan;
  if (n === true || n > 0) {
    if (n !== true) frame.debug.failScan = n - 1;
    throw new WebAssembly.RuntimeError('unreachable (debugFailScan)');
  }
}

/** After a trap: drops the session, re-instantiates the detector and scans the page again. */
function recover(what, err) {
  const old = frame.session;
  frame.session = null;
  try {
    old?.__destroy_into_raw?.(); // never into the broken instance (no free())
  } catch {
    /* nothing to forget */
  }
  const opts = frame.opts;
  if (!opts || frame.resets >= MAX_RESETS || typeof detectorGlue.__wbg_reset_state !== 'function') {
    logOnce(what, err);
    return;
  }
  frame.resets++;
  frame.stats.resets = frame.resets;
  // After the current call stack has unwound (the scheduler is still in its step).
  setTimeout(() => {
    if (frame.opts !== opts || frame.session) return;
    try {
      detectorGlue.__wbg_reset_state();
      frame.session = new Session({ ads: opts.ads, subscribe: opts.subscribe });
    } catch (e) {
      logOnce(what, e);
      return;
    }
    scheduler.firstScan();
  }, 0);
}

const swPath = new SwPath({
  applier,
  opts: () => (frame.mode === 'sw' ? frame.opts : null),
  onApplied: counted,
  stats: frame.stats,
  logOnce,
});

const scheduler = new Scheduler({
  frame,
  onReport,
  onAdded: (els) => applyUserSelectors(els),
  swRescan: () => swPath.schedule(),
  trap,
  stats: frame.stats,
  guarded,
  idle: { mayHold: (nodes) => frame.mayHold(document, nodes, siteHost()), wake: () => wake() },
});

/** What the detector's wasm is made from: the module boot.js compiled meanwhile (once), else its
 *  address. */
function wasmSource() {
  const compiled = frame.wasm;
  frame.wasm = null;
  return compiled ?? api.runtime.getURL('pkg/adstrip_bg.wasm');
}

function loadWasm() {
  frame.wasmReady ??= (async () => {
    if (frame.debug.path === 'sw') return false;
    frame.stats.wasmLoadAt ??= Math.round(performance.now());
    try {
      await initDetector({ module_or_path: wasmSource() });
      return true;
    } catch (e) {
      // Chromium applies the page's CSP to wasm compiled here (a CompileError with an empty
      // message); any other load failure takes the same way out.
      if (!(e instanceof WebAssembly.CompileError)) console.debug('[adstrip] wasm unavailable in this page, using the service worker', e);
      return false;
    }
  })().then((ok) => ((frame.stats.wasmReadyAt ??= Math.round(performance.now())), ok));
  return frame.wasmReady;
}

/** The core for this frame once its wasm has loaded (`usable`) or not: the wasm session, else
 *  the service worker's path; the scroll-lock record and the re-hiding watch start with it. */
function startCore(opts, usable) {
  if (usable) frame.session = guarded('the scan failed', () => new Session({ ads: opts.ads, subscribe: opts.subscribe }), null);
  frame.mode = frame.session ? 'wasm' : 'sw';
  scrollLock.record();
  tamper.start();
}

/** A frame (not the top one) in which nothing the core could hide stands loads no wasm: its
 *  added nodes are watched, and the first that may hold something wakes it (`wake`). */
async function idleFrame(opts) {
  if (window === window.top) return false;
  await domReady();
  if (frame.opts !== opts || guarded('the pre-check failed', () => frame.mayHold(document, null, siteHost()), true)) return false;
  frame.mode = 'idle';
  frame.stats.precheck = 'skipped';
  guarded('your selectors failed', () => applyUserSelectors([document]));
  scheduler.start();
  if (frame.debug.frames) report();
  return true;
}

/** The core for an idle frame once the page added something it may hide: the whole frame is
 *  scanned then, as at the start. */
function wake() {
  if (frame.mode !== 'idle' || frame.waking) return;
  const opts = frame.opts;
  frame.stats.precheck = 'woken';
  frame.waking = (async () => {
    const usable = await loadWasm();
    if (frame.opts !== opts || frame.mode !== 'idle') return;
    startCore(opts, usable);
    scrollLock.observe();
    await (frame.session ? scheduler.firstScan() : swPath.scan());
    if (frame.debug.frames && frame.opts === opts) report();
  })().finally(() => {
    frame.waking = null;
  });
}

/** Starts the core with `opts`; `decided`: boot.js has made the pre-check already (the frame
 *  is the top one, or may hold something). */
async function activate(opts, decided = false) {
  frame.opts = opts;
  markOff(opts);
  if (!decided && (await idleFrame(opts))) return;
  if (frame.opts !== opts) return;
  frame.stats.precheck ??= window === window.top ? 'top frame' : 'passed';
  const [usable] = await Promise.all([loadWasm(), domReady()]);
  if (frame.opts !== opts) return; // switched off or changed meanwhile
  startCore(opts, usable);
  // On a huge page the first scan goes on in pieces after this; what the page adds meanwhile
  // is queued by the observer and worked after it.
  const scanned = frame.session ? scheduler.firstScan() : null;
  guarded('your selectors failed', () => applyUserSelectors([document]));
  scheduler.start();
  scrollLock.observe();
  if (frame.mode === 'sw') await swPath.scan();
  await scanned;
  if (frame.opts !== opts) return; // switched off meanwhile (that reported already)
  if (window === window.top || frame.debug.frames) report();
}

function deactivate() {
  frame.opts = null;
  tamper.stop();
  scheduler.stop();
  scrollLock.stop();
  swPath.stop();
  guarded('undo failed', () => frame.session?.free());
  frame.session = null;
  guarded('undo failed', () => applier.undo());
  frame.counts = { ads: 0, subscribe: 0, byRule: {} };
  frame.outlined = false;
  markOff(null);
  report();
}

function setOutline(on) {
  frame.outlined = on;
  guarded('outline failed', () => applier.outline(on));
}

async function onSettingsChanged(changes, area) {
  if (!isSettingsChange(changes, area)) return;
  frame.settings = parseSettings((await loadStored()).raw);
  reader.onSettings(frame.settings, changes);
  const next = effectiveOptions(frame.settings, siteHost());
  const cur = frame.opts;
  if (cur && next && cur.ads === next.ads && cur.subscribe === next.subscribe && !('extraSelectors' in changes)) return;
  if (cur) deactivate();
  if (next) await activate(next);
}

const shadowMode = () => (frame.debug.openShadow ? 'open' : 'closed');
const reader = new ReaderLoader({
  settings: () => frame.settings,
  useSw: async () => frame.debug.path === 'sw' || (frame.wasmReady ? (await frame.wasmReady) === false : false),
  logOnce,
  host: siteHost,
  shadowMode,
});

const onMessage = answerer({ frame, reader, applier, setOutline, guarded, logOnce, shadowMode });

/**
 * Takes the frame over from boot.js. `init`: {raw, local} as boot.js read them from storage,
 * its `stats` and `docId` (the frame's reports go on under the same id), `outlined` (the popup's
 * outlines were asked for meanwhile), `decided` (the pre-check is made: the core starts at once),
 * `mayHold`, the pre-check for later activations, and `wasm`, the detector's module compiling
 * since before the core came (or null).
 */
export function run(init) {
  try {
    Object.assign(frame.stats, init.stats, { coreAt: Math.round(performance.now()) });
    frame.docId = init.docId;
    frame.mayHold = init.mayHold;
    frame.wasm = init.wasm ?? null;
    api.runtime.onMessage.addListener(onMessage);
    api.storage.onChanged.addListener((c, a) => onSettingsChanged(c, a).catch((e) => logOnce('settings change failed', e)));
    const local = init.local;
    frame.debug.path = local.debugForcePath || null;
    frame.debug.openShadow = local.debugOpenShadow === true; // the picker's and reader's shadow roots, for tests
    frame.debug.frames = local.debugFrameReports === true; // every frame reports its mode, for tests
    frame.debug.failScan = local.debugFailScan === true || (Number.isSafeInteger(local.debugFailScan) && local.debugFailScan > 0 ? local.debugFailScan : false);
    frame.settings = parseSettings(init.raw);
    const opts = effectiveOptions(frame.settings, siteHost());
    reader.auto();
    if (opts) {
      activate(opts, init.decided)
        .then(() => init.outlined && frame.opts === opts && setOutline(true))
        .catch((e) => logOnce('could not start', e));
    } else {
      markOff(null);
      if (window === window.top) report();
    }
  } catch (e) {
    logOnce('could not start', e);
  }
}
