// adstrip content script, in every frame from document_start. Written as an ES module;
// extension/tools/bundle.mjs makes it (with settings.js and the wasm glue) the classic script
// dist/*/content.js, since content scripts cannot be modules.
//
// What runs when:
//
//   document_start  manifest stylesheet (generated from rules/rules.toml) hides known containers
//        |          content.js imports this module; settings are read from storage.sync
//        v
//   DOM ready  ---> wasm core: scanBegin() + scanStep() over the document (and open shadow
//        |          roots): an ordinary page in the first piece of FIRST_STEP_MS, a huge one in
//        |          pieces of STEP_MS with the page's tasks in between; the core applies the
//        |          findings itself (data-adstrip="KIND:RULE", inline display:none !important)
//        |     \--> wasm compile refused (Chromium, page CSP without 'wasm-unsafe-eval'):
//        |          the page's HTML goes to the service worker, whose core build (scanHtml)
//        |          returns rows {kind, rule, selector, target, text}; applied here by Applier
//        v
//   MutationObserver: added nodes are queued (script/style/link/meta skipped) and worked in
//        slices of SLICE_MS: the first slice right in the observer callback (a microtask, so a
//        late ad is hidden before the next paint), the rest one slice per animation frame, all
//        under a token-bucket BUDGET so a page that mutates forever costs little. A big added
//        subtree is scanned in pieces too (scanAddedBegin + scanStep, resumed next frame).
//
//   Guard: a page that un-hides what adstrip hid (removes the marker, rewrites the style, sets
//        display:block !important, flips the stylesheet's off switch on <html>) gets it hidden
//        again. Only the hidden elements themselves (and that one attribute of <html>) are
//        watched, never the page's other attribute changes; re-hiding an element is limited to
//        GUARD_MAX_PER_SECOND, beyond that it is retried once per GUARD_RETRY_MS, so a page that
//        fights back forever (its own observer undoing ours) costs little and never loops.
//
// Reader mode (reader.js) is separate: nothing of it runs until the user asks for it; its wasm
// (pkg-reader/adstrip_bg.wasm) is fetched and instantiated on first use, or the service worker
// extracts on strict-CSP pages.
//
// Never break a page: every entry point is wrapped; the first error is logged once with the
// "[adstrip]" prefix and the page keeps the stylesheet alone.

import initCore, * as core from './pkg/adstrip.js';
import { parseSettings, joinStored, effectiveOptions, isReaderSite, READER_KEYS } from './settings.js';
import { ReaderView, extractLive, checkLive } from './reader.js';

const api = globalThis.browser ?? globalThis.chrome;

/** One slice of queued mutations: about what uBlock Origin spends per animation frame. */
const SLICE_MS = 4;
/** Sustained budget for mutation work (ms of scanning per second of page life). */
const BUDGET_MS_PER_SECOND = 40;
/** Burst allowance: how much unspent budget may accumulate. */
const BUDGET_BURST_MS = 120;
/** Nodes handed to the core in one scan of added nodes. */
const NODES_PER_CALL = 64;
/** The first scan's first piece (ms): an ordinary page is done in it, before its first paint. */
const FIRST_STEP_MS = 20;
/** Each later piece of a first scan that did not fit (a huge page). */
const STEP_MS = 8;
/** A scan of added nodes gets at least this long in one piece, so an ordinary insert (an ad
 *  slot, an article appended by infinite scroll) is done before the next paint even on a busy
 *  machine; only a big subtree is left for later frames. */
const MIN_STEP_MS = 8;
/** Elements that never hold anything to hide. */
const SKIP_TAGS = new Set(['script', 'style', 'link', 'meta', 'noscript', 'template', 'title', 'base']);
/** Strict-CSP path: how long added nodes wait before the page is sent again to the worker. */
const SW_RESCAN_DELAY_MS = 150;
/** Rules whose nag locks the page's scrolling while it is shown. */
const SCROLL_LOCKERS = /modal|overlay|popup|boxzilla|optin/;
/** How often the tab's counts are sent to the service worker (badge, popup). */
const REPORT_DELAY_MS = 100;

/** Re-hides of one element per second before the guard slows down to one per GUARD_RETRY_MS. */
const GUARD_MAX_PER_SECOND = 10;
const GUARD_RETRY_MS = 250;
/** At most this many hidden elements are guarded (a page with more is not a normal page). */
const GUARD_MAX_ELEMENTS = 5000;

const MARKER = 'data-adstrip';
const REASON = 'data-adstrip-reason';
const OUTLINE = '2px dashed #d33';

let loggedError = false;
function logOnce(what, err) {
  if (loggedError) return;
  loggedError = true;
  console.warn(`[adstrip] ${what}; the page keeps the stylesheet alone.`, err);
}

/** Runs fn; an exception is logged once and returns `fallback`. */
function guarded(what, fn, fallback) {
  try {
    return fn();
  } catch (e) {
    logOnce(what, e);
    return fallback;
  }
}

// ---------------------------------------------------------------------------------------------
// Applier: the JS twin of the core's apply/undo, for rows from the service worker, the user's
// own selectors and the scroll-lock fix. Records what every change replaced so undo is exact.

class Applier {
  constructor() {
    this.changes = [];
    this.outlined = false;
  }

  static hideStyle(el) {
    if (el.style) el.style.setProperty('display', 'none', 'important');
    else el.setAttribute('style', 'display: none !important');
  }

  isHiddenByUs(el) {
    return this.changes.some((c) => (c.type === 'hide' && c.el.contains(el)) || (c.type === 'wrap' && c.span === el));
  }

  hide(el, marker, reason) {
    if (!el || el.nodeType !== 1 || el === document.documentElement || el === document.body || el === document.head) return false;
    if (el.hasAttribute(MARKER) || this.isHiddenByUs(el)) return false;
    this.changes.push({ type: 'hide', el, style: el.getAttribute('style'), title: el.getAttribute('title') });
    el.setAttribute(MARKER, marker);
    el.setAttribute(REASON, reason);
    Applier.hideStyle(el);
    if (this.outlined) this.showOutlined(el, reason);
    guardElement(el);
    return true;
  }

  wrapText(textNode, marker, reason) {
    const parent = textNode.parentNode;
    if (!parent || (parent.nodeType === 1 && parent.hasAttribute(MARKER))) return false;
    const span = document.createElement('span');
    span.setAttribute(MARKER, marker);
    span.setAttribute(REASON, reason);
    Applier.hideStyle(span);
    parent.insertBefore(span, textNode);
    span.appendChild(textNode);
    this.changes.push({ type: 'wrap', span });
    if (this.outlined) this.showOutlined(span, reason);
    guardElement(span);
    return true;
  }

  /** Sets inline style properties on el (scroll-lock fix), remembering the old attribute. */
  setStyle(el, props) {
    if (!this.changes.some((c) => c.type === 'style' && c.el === el)) {
      this.changes.push({ type: 'style', el, style: el.getAttribute('style') });
    }
    for (const [k, v] of Object.entries(props)) el.style.setProperty(k, v, 'important');
  }

  showOutlined(el, reason) {
    el.style?.setProperty('display', 'revert', 'important');
    el.style?.setProperty('outline', OUTLINE, 'important');
    el.setAttribute('title', `adstrip: ${reason}`);
  }

  outline(on) {
    this.outlined = on;
    for (const c of this.changes) {
      const el = c.type === 'hide' ? c.el : c.type === 'wrap' ? c.span : null;
      if (!el) continue;
      if (on) {
        this.showOutlined(el, el.getAttribute(REASON) || '');
      } else {
        el.style?.removeProperty('outline');
        if (c.type === 'hide' && c.title != null) el.setAttribute('title', c.title);
        else el.removeAttribute('title');
        Applier.hideStyle(el);
      }
    }
  }

  undo() {
    const n = this.changes.length;
    const restoreAttr = (el, name, v) => (v == null ? el.removeAttribute(name) : el.setAttribute(name, v));
    for (const c of this.changes.splice(0).reverse()) {
      if (c.type === 'hide') {
        c.el.removeAttribute(MARKER);
        c.el.removeAttribute(REASON);
        restoreAttr(c.el, 'title', c.title);
        restoreAttr(c.el, 'style', c.style);
      } else if (c.type === 'wrap') {
        const p = c.span.parentNode;
        if (p) while (c.span.firstChild) p.insertBefore(c.span.firstChild, c.span);
        c.span.remove();
      } else if (c.type === 'style') {
        restoreAttr(c.el, 'style', c.style);
      }
    }
    this.outlined = false;
    return n;
  }
}

// ---------------------------------------------------------------------------------------------
// State of this frame.

const state = {
  settings: null,
  opts: null, // {ads, subscribe} while active, null while off
  mode: 'css', // 'wasm' | 'sw' | 'css' (stylesheet alone)
  wasmReady: null, // promise of true (wasm usable here) / false
  applier: new Applier(),
  counts: { ads: 0, subscribe: 0, byRule: {} },
  observer: null,
  lockObserver: null,
  observedRoots: new WeakSet(),
  queue: [],
  queued: new Set(),
  rafPending: false,
  budget: BUDGET_BURST_MS,
  budgetAt: performance.now(),
  scrollBaseline: null,
  lockerHidden: false,
  outlined: false,
  swTimer: 0,
  swBusy: false,
  reportTimer: 0,
  docId: Math.random().toString(36).slice(2),
  guard: null, // MutationObserver over the hidden elements
  guarded: new WeakMap(), // el -> {marker, reason, times: [ms], retry}
  guardCount: 0,
  scanning: false, // the first scan is in progress (in pieces)
  scanGen: 0, // which first scan is the current one
  added: false, // a scan of added nodes is in progress (in pieces)
  stats: { scans: 0, scanMicros: 0, firstScanMicros: null, firstScanSteps: 0, maxFirstStepMicros: 0, sliceCalls: 0, sliceMicros: 0, maxSliceMicros: 0, rehides: 0, guardMicros: 0, maxGuardMicros: 0 },
  debugPath: null,
  debugFailScan: false,
};

/** The site this frame belongs to: its own host, or for about:blank/srcdoc frames and
 *  cross-origin ad frames the top page's host where the browser tells it. */
function siteHost() {
  const anc = location.ancestorOrigins;
  if (window !== window.top && anc && anc.length) {
    try { return new URL(anc[anc.length - 1]).hostname; } catch { /* fall through */ }
  }
  if (location.hostname) return location.hostname;
  try { return window.top.location.hostname; } catch { /* cross-origin */ }
  try { return new URL(document.referrer).hostname; } catch { return ''; }
}

function countFindings(findings) {
  for (const f of findings) {
    if (f.kind === 'ad') state.counts.ads++;
    else if (f.kind === 'subscribe') state.counts.subscribe++;
    state.counts.byRule[f.rule] = (state.counts.byRule[f.rule] || 0) + 1;
    if (f.kind === 'subscribe' && SCROLL_LOCKERS.test(f.rule)) state.lockerHidden = true;
  }
  if (findings.length) {
    scheduleReport();
    if (state.lockerHidden) fixScrollLock();
  }
}

function scheduleReport() {
  if (state.reportTimer) return;
  state.reportTimer = setTimeout(() => {
    state.reportTimer = 0;
    report();
  }, REPORT_DELAY_MS);
}

function report() {
  const msg = {
    type: 'counts',
    docId: state.docId,
    top: window === window.top,
    url: window === window.top ? location.href : undefined,
    host: siteHost(),
    mode: state.opts ? state.mode : 'off',
    ads: state.counts.ads,
    subscribe: state.counts.subscribe,
    byRule: state.counts.byRule,
  };
  api.runtime.sendMessage(msg).catch(() => {});
}

// ---------------------------------------------------------------------------------------------
// Scroll lock: a subscribe modal that locks scrolling (overflow:hidden on html/body) is hidden,
// so the lock is lifted back to what the page had before the nag appeared.

function overflowY(el) {
  return el ? getComputedStyle(el).overflowY : 'visible';
}

function recordScrollBaseline() {
  state.scrollBaseline = { html: overflowY(document.documentElement), body: overflowY(document.body) };
}

function fixScrollLock() {
  if (!state.lockerHidden || !state.scrollBaseline || !state.opts) return;
  for (const [key, el] of [['html', document.documentElement], ['body', document.body]]) {
    if (!el) continue;
    const was = state.scrollBaseline[key];
    const now = overflowY(el);
    if ((now === 'hidden' || now === 'clip') && was !== now) {
      state.applier.setStyle(el, { 'overflow-y': was });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The user's own selectors (options page), hidden as ads by the Applier in both paths.

function applyUserSelectors(roots) {
  const sels = state.settings?.extraSelectors || [];
  if (!sels.length || !state.opts?.ads) return;
  const found = [];
  for (const sel of sels) {
    for (const root of roots) {
      let els;
      try {
        els = [];
        if (root.nodeType === 1 && root.matches(sel)) els.push(root);
        if (root.querySelectorAll) els.push(...root.querySelectorAll(sel));
      } catch {
        continue; // an invalid selector slipped through (old settings): skip it
      }
      for (const el of els) {
        if (state.applier.hide(el, 'ad:user-selector', `your own selector: ${sel}`)) {
          found.push({ kind: 'ad', rule: 'user-selector' });
        }
      }
    }
  }
  countFindings(found);
}

// ---------------------------------------------------------------------------------------------
// The wasm path.

function loadWasm() {
  if (!state.wasmReady) {
    state.wasmReady = (async () => {
      if (state.debugPath === 'sw') return false;
      try {
        await initCore({ module_or_path: api.runtime.getURL('pkg/adstrip_bg.wasm') });
        return true;
      } catch (e) {
        // Chromium applies the page's CSP to wasm compiled here (a CompileError with an empty
        // message); any other load failure takes the same way out.
        if (!(e instanceof WebAssembly.CompileError)) console.debug('[adstrip] wasm unavailable in this page, using the service worker', e);
        return false;
      }
    })();
  }
  return state.wasmReady;
}

/** A wasm trap stand-in, switched on only by the tests (storage.local debugFailScan). */
function debugTrap() {
  if (state.debugFailScan) throw new WebAssembly.RuntimeError('unreachable (debugFailScan)');
}

/**
 * The first scan, in pieces: the first piece at once (FIRST_STEP_MS, enough for an ordinary
 * page to be done before it is painted), the rest in pieces of STEP_MS with the page's own
 * tasks (input, rendering) in between, so a huge page never sees a long task of adstrip's.
 * Added nodes wait in the queue until it is done. Resolves when it is.
 */
function wasmScan() {
  const gen = ++state.scanGen;
  const current = () => state.scanGen === gen && state.opts;
  const done = () => {
    if (state.scanGen !== gen) return;
    state.scanning = false;
    if (state.opts && state.queue.length) work();
  };
  return new Promise((resolve) => {
    const step = (budget) => {
      const more = guarded('the scan failed', () => {
        if (!current()) return false; // switched off (or started again) meanwhile
        debugTrap();
        const t0 = performance.now();
        const rep = core.scanStep(budget);
        const us = (performance.now() - t0) * 1000;
        state.stats.firstScanSteps++;
        state.stats.maxFirstStepMicros = Math.max(state.stats.maxFirstStepMicros, us);
        if (!rep.done) return true;
        state.stats.scans++;
        state.stats.scanMicros += rep.micros;
        if (state.stats.firstScanMicros == null) state.stats.firstScanMicros = rep.micros;
        countFindings(rep.findings || []);
        if (rep.findings?.length) guardAround([document.documentElement]);
        return false;
      }, false);
      if (more) {
        setTimeout(() => step(STEP_MS), 0);
        return;
      }
      done();
      resolve();
    };
    state.scanning = true;
    guarded('the scan failed', () => {
      debugTrap();
      core.scanBegin(state.opts);
    });
    step(FIRST_STEP_MS);
  });
}

// ---------------------------------------------------------------------------------------------
// The service-worker path (strict CSP): send the page, apply the rows here.

function normText(s) {
  return s.replace(/\s+/g, ' ').trim();
}

function applyRows(rows) {
  const found = [];
  for (const r of rows) {
    if ((r.kind === 'ad' && !state.opts.ads) || (r.kind === 'subscribe' && !state.opts.subscribe)) continue;
    let el;
    try { el = document.querySelector(r.selector); } catch { el = null; }
    if (!el) continue;
    const marker = `${r.kind}:${r.rule}`;
    if (r.target === 'text') {
      const want = normText(r.text || '');
      if (!want) continue;
      for (const n of [...el.childNodes]) {
        if (n.nodeType === 3 && normText(n.data).includes(want)) {
          if (state.applier.wrapText(n, marker, r.reason)) found.push(r);
          break;
        }
      }
    } else if (state.applier.hide(el, marker, r.reason)) {
      found.push(r);
    }
  }
  countFindings(found);
}

async function swScan() {
  if (state.swBusy) {
    scheduleSwScan();
    return;
  }
  state.swBusy = true;
  try {
    const html = document.documentElement.outerHTML;
    const t0 = performance.now();
    const res = await api.runtime.sendMessage({ type: 'scanHtml', html });
    if (!state.opts) return;
    if (!res || !Array.isArray(res.rows)) throw new Error(res?.error || 'no answer from the service worker');
    applyRows(res.rows);
    state.stats.scans++;
    state.stats.scanMicros += (performance.now() - t0) * 1000;
    if (state.stats.firstScanMicros == null) state.stats.firstScanMicros = (performance.now() - t0) * 1000;
  } catch (e) {
    logOnce('the service worker scan failed', e);
  } finally {
    state.swBusy = false;
  }
}

function scheduleSwScan() {
  if (state.swTimer) return;
  state.swTimer = setTimeout(() => {
    state.swTimer = 0;
    if (state.opts && state.mode === 'sw') swScan();
  }, SW_RESCAN_DELAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Guard: hidden stays hidden. Watches only what adstrip hid, and the stylesheet's switch.

function isHiddenInline(el) {
  const st = el.style;
  return !!st && st.getPropertyValue('display') === 'none' && st.getPropertyPriority('display') === 'important';
}

function guardFix(el, info) {
  if (info.root) {
    markOff(state.opts);
    return;
  }
  if (el.getAttribute(MARKER) !== info.marker) el.setAttribute(MARKER, info.marker);
  if (info.reason && el.getAttribute(REASON) !== info.reason) el.setAttribute(REASON, info.reason);
  if (!isHiddenInline(el)) Applier.hideStyle(el);
}

function guardNeedsFix(el, info) {
  if (info.root) return (el.getAttribute('data-adstrip-off') || '') !== offValue(state.opts);
  return el.getAttribute(MARKER) !== info.marker || !isHiddenInline(el);
}

/** Re-hides el if the page un-hid it, at most GUARD_MAX_PER_SECOND times a second. */
function guardCheck(el, info, now) {
  // A retry left over from before an undo (switched off, then on) belongs to no guard now.
  if (!state.opts || state.outlined || state.guarded.get(el) !== info || !el.isConnected || !guardNeedsFix(el, info)) return;
  info.times = info.times.filter((t) => now - t < 1000);
  if (info.times.length >= GUARD_MAX_PER_SECOND) {
    if (!info.retry) {
      info.retry = setTimeout(() => {
        info.retry = 0;
        guarded('re-hiding failed', () => guardCheck(el, info, performance.now()));
      }, GUARD_RETRY_MS);
    }
    return;
  }
  info.times.push(now);
  state.stats.rehides++;
  guardFix(el, info);
}

function onGuardRecords(records) {
  const t0 = performance.now();
  const seen = new Set();
  for (const r of records) {
    const el = r.target;
    if (seen.has(el)) continue;
    seen.add(el);
    const info = state.guarded.get(el);
    if (info) guardCheck(el, info, t0);
  }
  const us = (performance.now() - t0) * 1000;
  state.stats.guardMicros += us;
  state.stats.maxGuardMicros = Math.max(state.stats.maxGuardMicros, us);
}

function guardStart() {
  if (state.guard) return;
  state.guard = new MutationObserver((recs) => guarded('the guard failed', () => onGuardRecords(recs)));
  const root = document.documentElement;
  if (root) {
    state.guarded.set(root, { root: true, times: [], retry: 0 });
    state.guard.observe(root, { attributes: true, attributeFilter: ['data-adstrip-off'] });
  }
}

/** Starts guarding one element adstrip hid (its marker tells how). */
function guardElement(el) {
  if (!state.guard || state.guarded.has(el) || state.guardCount >= GUARD_MAX_ELEMENTS) return;
  const marker = el.getAttribute(MARKER);
  if (!marker || !isHiddenInline(el)) return;
  state.guarded.set(el, { marker, reason: el.getAttribute(REASON), times: [], retry: 0 });
  state.guardCount++;
  state.guard.observe(el, { attributes: true, attributeFilter: ['style', MARKER] });
}

/** Guards what adstrip hid in or around these nodes (after a scan that found something). */
function guardAround(nodes) {
  if (!state.guard) return;
  for (const n of nodes) {
    const el = n.nodeType === 1 ? n : n.parentElement;
    if (!el) continue;
    const up = el.closest(`[${MARKER}]`);
    if (up) guardElement(up);
    for (const d of el.querySelectorAll(`[${MARKER}]`)) guardElement(d);
  }
}

function guardStop() {
  state.guard?.disconnect();
  state.guard = null;
  state.guarded = new WeakMap();
  state.guardCount = 0;
}

// ---------------------------------------------------------------------------------------------
// Mutation queue.

function refillBudget() {
  const now = performance.now();
  state.budget = Math.min(BUDGET_BURST_MS, state.budget + ((now - state.budgetAt) * BUDGET_MS_PER_SECOND) / 1000);
  state.budgetAt = now;
}

function enqueue(node) {
  if (state.queued.has(node)) return;
  if (node.nodeType === 1) {
    if (SKIP_TAGS.has(node.localName) || node.hasAttribute(MARKER)) return;
  } else if (node.nodeType === 3) {
    if (!node.data.trim() || (node.parentNode?.nodeType === 1 && node.parentNode.hasAttribute(MARKER))) return;
  } else {
    return;
  }
  state.queued.add(node);
  state.queue.push(node);
}

function onMutations(records) {
  if (!state.opts) return;
  for (const r of records) for (const n of r.addedNodes) enqueue(n);
  if (!state.queue.length) return;
  // First slice now: the observer's callback is a microtask, so what it hides is never painted.
  work();
}

function watchShadowRoots(root) {
  const els = root.nodeType === 1 ? [root, ...root.querySelectorAll('*')] : [...root.querySelectorAll('*')];
  for (const el of els) {
    const sr = el.shadowRoot;
    if (sr && !state.observedRoots.has(sr)) {
      state.observedRoots.add(sr);
      state.observer.observe(sr, { childList: true, subtree: true });
      // What the shadow root already holds is scanned like added nodes.
      for (const child of sr.children) enqueue(child);
      watchShadowRoots(sr);
    }
  }
}

function work() {
  if (!state.opts || state.scanning) return; // the first scan's end calls work()
  refillBudget();
  if (state.budget <= 0) {
    // Over budget: come back when the bucket has refilled a slice.
    setTimeout(work, (SLICE_MS * 1000) / BUDGET_MS_PER_SECOND);
    return;
  }
  const t0 = performance.now();
  guarded('scanning added nodes failed', () => {
    while ((state.queue.length || state.added) && performance.now() - t0 < SLICE_MS) {
      if (!state.added) {
        const batch = state.queue.splice(0, NODES_PER_CALL);
        for (const n of batch) state.queued.delete(n);
        const live = batch.filter((n) => n.isConnected);
        if (!live.length) continue;
        const els = live.filter((n) => n.nodeType === 1);
        if (state.mode === 'wasm') {
          debugTrap();
          core.scanAddedBegin(live, state.opts);
          state.added = live;
        } else if (state.mode === 'sw') {
          scheduleSwScan();
        }
        applyUserSelectors(els);
        for (const el of els) if (el.querySelector) watchShadowRoots(el);
        if (!state.added) continue;
      }
      // A big added subtree is worked in pieces like the first scan: the core stops when the
      // slice's time is up and goes on from there in the next frame.
      debugTrap();
      const c0 = performance.now();
      const rep = core.scanStep(Math.max(MIN_STEP_MS, SLICE_MS - (c0 - t0)));
      const us = (performance.now() - c0) * 1000;
      state.stats.sliceCalls++;
      state.stats.sliceMicros += us;
      state.stats.maxSliceMicros = Math.max(state.stats.maxSliceMicros, us);
      if (!rep.done) break;
      const nodes = state.added;
      state.added = false;
      countFindings(rep.findings || []);
      if (rep.findings?.length) guardAround(nodes);
    }
  });
  state.budget -= performance.now() - t0;
  if ((state.queue.length || state.added) && !state.rafPending) {
    state.rafPending = true;
    const next = () => {
      state.rafPending = false;
      work();
    };
    // Animation frames stop in background tabs; a timer keeps the queue moving there.
    if (document.hidden) setTimeout(next, 50);
    else requestAnimationFrame(next);
  }
}

function startObserving() {
  if (state.observer) return;
  state.observer = new MutationObserver((recs) => guarded('the mutation observer failed', () => onMutations(recs)));
  state.observer.observe(document, { childList: true, subtree: true });
  guarded('watching shadow roots failed', () => watchShadowRoots(document));
  // A nag that locks scrolling does it with a class or style on html/body.
  state.lockObserver = new MutationObserver(() => guarded('scroll fix failed', fixScrollLock));
  const opts = { attributes: true, attributeFilter: ['class', 'style'] };
  state.lockObserver.observe(document.documentElement, opts);
  if (document.body) state.lockObserver.observe(document.body, opts);
}

function stopObserving() {
  state.observer?.disconnect();
  state.lockObserver?.disconnect();
  state.observer = state.lockObserver = null;
  state.observedRoots = new WeakSet();
  state.queue = [];
  state.queued.clear();
}

// ---------------------------------------------------------------------------------------------
// Activation.

function domReady() {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
}

// Lifts the document_start stylesheet at once for the kinds that are off (it is gated on this
// attribute of the root element), without a reload.
function offValue(opts) {
  return opts ? [opts.ads ? '' : 'ad', opts.subscribe ? '' : 'subscribe'].filter(Boolean).join(' ') : 'ad subscribe';
}

function markOff(opts) {
  const root = document.documentElement;
  if (!root) return;
  const off = offValue(opts);
  if (off) root.setAttribute('data-adstrip-off', off);
  else root.removeAttribute('data-adstrip-off');
}

async function activate(opts) {
  state.opts = opts;
  markOff(opts);
  const [usable] = await Promise.all([loadWasm(), domReady()]);
  if (state.opts !== opts) return; // switched off or changed meanwhile
  state.mode = usable ? 'wasm' : 'sw';
  recordScrollBaseline();
  guardStart();
  // On a huge page the first scan goes on in pieces after this; what the page adds meanwhile
  // is queued by the observer and worked after it.
  const scanned = state.mode === 'wasm' ? wasmScan() : null;
  guarded('your selectors failed', () => applyUserSelectors([document]));
  startObserving();
  if (state.mode === 'sw') await swScan();
  await scanned;
  if (state.opts !== opts) return; // switched off meanwhile (that reported already)
  if (window === window.top) report();
}

function deactivate() {
  state.opts = null;
  state.scanGen++; // a first scan still in pieces stops at its next piece
  state.scanning = false;
  state.added = false;
  guardStop();
  stopObserving();
  clearTimeout(state.swTimer);
  state.swTimer = 0;
  // The core's changes first: it may have re-hidden something the Applier changed before.
  if (state.mode === 'wasm') guarded('undo failed', () => core.undo());
  guarded('undo failed', () => state.applier.undo());
  state.counts = { ads: 0, subscribe: 0, byRule: {} };
  state.lockerHidden = false;
  state.outlined = false;
  markOff(null);
  report();
}

function setOutline(on) {
  state.outlined = on;
  if (state.mode === 'wasm') guarded('outline failed', () => core.outline(on));
  guarded('outline failed', () => state.applier.outline(on));
}

async function onSettingsChanged(changes, area) {
  if (area !== 'sync' && !(area === 'local' && 'disabledSites' in changes)) return;
  const [raw, local] = await Promise.all([api.storage.sync.get(null), api.storage.local.get('disabledSites')]);
  state.settings = parseSettings(joinStored(raw, local));
  if (reader.view?.isOpen && READER_KEYS.some((k) => k in changes)) reader.view.apply(state.settings);
  const next = effectiveOptions(state.settings, siteHost());
  const cur = state.opts;
  if (cur && next && cur.ads === next.ads && cur.subscribe === next.subscribe && !('extraSelectors' in changes)) return;
  if (cur) deactivate();
  if (next) await activate(next);
}

// ---------------------------------------------------------------------------------------------
// Reader mode (top frame only): the toggle, from the popup, the shortcut and the context menu
// (both through the service worker) or the per-site "always" list.

const reader = {
  view: null,
  busy: null, // the toggle in progress
  last: null, // {path, timings, readerable, title} of the last extraction
};

function readerView() {
  reader.view ??= new ReaderView({
    settings: state.settings || parseSettings({}),
    onSetting: (key, value) => api.storage.sync.set({ [key]: value }).catch((e) => logOnce('saving a reader setting failed', e)),
    onClose: () => closeReader(),
  });
  return reader.view;
}

function closeReader() {
  reader.view?.close();
  return { ok: true, open: false };
}

/** Opens reader mode. Without `force`, a page that does not look like an article is left
 *  alone ({ok: false, reason: 'not-readerable'}); with it, a page without any article shows
 *  a message in the view instead. */
async function openReader(force) {
  const useSw = state.debugPath === 'sw' || (state.wasmReady ? (await state.wasmReady) === false : false);
  const r = await extractLive({ useSw });
  reader.last = { path: r.path, timings: r.timings, readerable: r.article?.readerable ?? null, title: r.article?.title ?? null, error: r.error || null };
  if (r.article && !r.article.readerable && !force) return { ok: false, open: false, reason: 'not-readerable', path: r.path };
  const view = readerView();
  view.apply(state.settings || parseSettings({}));
  if (r.article) view.open(r.article);
  else if (force) view.open(null, `adstrip found no article on this page (${r.error}).`);
  else return { ok: false, open: false, reason: r.code || 'failed', error: r.error, path: r.path };
  return { ok: true, open: true, path: r.path, timings: r.timings, readerable: r.article?.readerable ?? false };
}

function toggleReader(action, force) {
  if (reader.busy) return reader.busy;
  const open = reader.view?.isOpen;
  if (action === 'close' || (action !== 'open' && open)) return Promise.resolve(closeReader());
  if (open) return Promise.resolve({ ok: true, open: true });
  reader.busy = openReader(!!force).finally(() => {
    reader.busy = null;
  });
  return reader.busy;
}

function readerStatus(check) {
  const base = { open: !!reader.view?.isOpen, last: reader.last };
  if (!check || base.open) return Promise.resolve({ ...base, readerable: reader.last?.readerable ?? null });
  return checkLive().then((readerable) => ({ ...base, readerable }));
}

/** Opens reader mode on sites of the "always" list once the page has loaded. */
function autoReader() {
  if (window !== window.top || !state.settings || !isReaderSite(state.settings, siteHost())) return;
  const go = () => toggleReader('open', false).catch((e) => logOnce('reader mode failed', e));
  if (document.readyState === 'complete') go();
  else window.addEventListener('load', go, { once: true });
}

function onMessage(msg, _sender, sendResponse) {
  if (!msg || typeof msg !== 'object') return false;
  if (msg.type === 'readerToggle' || msg.type === 'readerStatus') {
    if (window !== window.top) return false;
    const p = msg.type === 'readerToggle' ? toggleReader(msg.action, msg.force) : readerStatus(!!msg.check);
    p.then(sendResponse, (e) => {
      logOnce('reader mode failed', e);
      sendResponse({ ok: false, error: String(e?.message || e) });
    });
    return true;
  }
  if (msg.type === 'status') {
    sendResponse({
      host: siteHost(),
      active: !!state.opts,
      mode: state.opts ? state.mode : 'off',
      ads: state.counts.ads,
      subscribe: state.counts.subscribe,
      byRule: state.counts.byRule,
      outlined: state.outlined,
      stats: state.stats,
    });
    return false;
  }
  if (msg.type === 'outline') {
    setOutline(!!msg.on);
    sendResponse({ ok: true });
    return false;
  }
  return false;
}

export async function start() {
  try {
    api.runtime.onMessage.addListener(onMessage);
    api.storage.onChanged.addListener((c, a) => onSettingsChanged(c, a).catch((e) => logOnce('settings change failed', e)));
    const [raw, local] = await Promise.all([api.storage.sync.get(null), api.storage.local.get(['debugForcePath', 'debugFailScan', 'disabledSites'])]);
    state.debugPath = local?.debugForcePath || null;
    state.debugFailScan = local?.debugFailScan === true;
    state.settings = parseSettings(joinStored(raw, local));
    const opts = effectiveOptions(state.settings, siteHost());
    autoReader();
    if (opts) await activate(opts);
    else {
      markOff(null);
      if (window === window.top) report();
    }
  } catch (e) {
    logOnce('could not start', e);
  }
}
