// adstrip content script, in every frame from document_start: the small part every frame parses
// (bundled by esbuild into the classic script dist/*/content.js). It reads the settings, lifts
// the stylesheet for the kinds that are off, and decides whether this frame needs the core
// (main.js: scheduler, applier, the detector's wasm glue, reader mode), which comes from
// `adstrip-core:load` (extension/tools/build.mjs resolves it per browser: in Chromium the module
// dist/chromium/core.js imported here, in Firefox bundled in).
//
//   top frame ............................ the core, always (reader mode, the popup's lists)
//   site switched off .................... nothing but the stylesheet lifted
//   the user's selectors for the site ..... the core (it applies them)
//   pre-check (precheck.js) says "may hold" the core, which scans the frame
//   otherwise: idle ...................... added nodes watched (IdleWatch); the first that may
//                                          hold something brings the core in, which then
//                                          scans the whole frame ('woken')
//
// Never break a page: every entry point is wrapped; the first error is logged once ("[adstrip]")
// and the page keeps the stylesheet alone.

import { api, loadStored, isSettingsChange } from '../api.js';
import { parseHidingSettings, effectiveOptions, selectorsFor } from '../settings.js';
import { checkContentShape } from '../messages.js';
import { mayHold } from './precheck.js';
import { siteHost, domReady } from './site.js';
import { newStats } from './stats.js';
import { markOff } from './off.js';
import { worthALook, watchShadowRoots } from './added.js';
import { loadCore } from 'adstrip-core:load';

/** storage.local keys only the tests set (see main.js). */
const DEBUG_KEYS = ['debugForcePath', 'debugFailScan', 'debugOpenShadow', 'debugFrameReports'];
/** How long one look at added nodes may take before the rest waits for the next task. */
const IDLE_SLICE_MS = 4;
const isTop = window === window.top;

const boot = {
  stored: null, // {raw, local} as read at the start (or at the last settings change)
  opts: null,
  state: 'starting', // 'starting' | 'off' | 'idle' | 'core' (the core has taken over)
  watch: null, // the IdleWatch while idle
  outlined: false,
  docId: Math.random().toString(36).slice(2),
  stats: newStats(),
  core: null, // promise of the core module (the top frame asks for it at once)
  wasm: null, // promise of the detector's compiled wasm, made while the core loads
  logged: false,
};

function logOnce(what, err) {
  if (boot.logged) return;
  boot.logged = true;
  console.warn(`[adstrip] ${what}; the page keeps the stylesheet alone.`, err);
}

/** The frame's mode for the service worker's counts (tests only: `debugFrameReports`). */
function report(mode) {
  if (boot.stored?.local.debugFrameReports !== true) return;
  api.runtime.sendMessage({ type: 'counts', docId: boot.docId, top: false, host: siteHost(), mode, ads: 0, subscribe: 0, byRule: {} }).catch(() => {});
}

/**
 * Watches what the page adds to an idle frame (the document and every open shadow root) and
 * calls `wake()` for the first added nodes the pre-check says may hold something. Its looks run
 * in slices of IDLE_SLICE_MS, the first in the observer's callback (a microtask), so a late ad
 * brings the core in before the next paint.
 */
class IdleWatch {
  constructor(wake) {
    this.wake = wake;
    this.queue = [];
    this.roots = new WeakSet();
    this.timer = 0;
    this.observer = new MutationObserver((recs) => this.guard(() => this.onMutations(recs)));
    this.observer.observe(document, { childList: true, subtree: true });
    this.guard(() => this.watchShadowRoots(document));
  }

  guard(fn) {
    try {
      fn();
    } catch (e) {
      // When in doubt, the core decides.
      logOnce('the pre-check failed', e);
      this.stop();
      this.wake();
    }
  }

  onMutations(records) {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (worthALook(n)) this.queue.push(n);
      }
    }
    if (this.queue.length) this.work();
  }

  watchShadowRoots(root) {
    watchShadowRoots(root, this.roots, this.observer, (sr) => this.queue.push(...[...sr.children].filter(worthALook)));
  }

  work() {
    if (!this.observer) return;
    const t0 = performance.now();
    while (this.queue.length && performance.now() - t0 < IDLE_SLICE_MS) {
      const batch = this.queue.splice(0, 64).filter((n) => n.isConnected);
      if (!batch.length) continue;
      if (mayHold(document, batch, siteHost())) {
        this.stop();
        this.wake();
        return;
      }
      for (const n of batch) if (n.nodeType === 1) this.watchShadowRoots(n);
    }
    if (this.queue.length && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = 0;
        this.guard(() => this.work());
      }, 0);
    }
  }

  stop() {
    this.observer?.disconnect();
    this.observer = null;
    this.queue = [];
    clearTimeout(this.timer);
  }
}

/** The detector's wasm, fetched and compiled while the core's script loads (the core would start
 *  it only once it runs), for a frame that hands over with hiding on. A page whose CSP forbids wasm here rejects it with the CompileError the
 *  core takes for "use the service worker". */
function compileWasm() {
  boot.stats.wasmLoadAt ??= Math.round(performance.now());
  const p = fetch(api.runtime.getURL('pkg/adstrip_bg.wasm'))
    .then((r) => r.arrayBuffer())
    .then((b) => WebAssembly.compile(b));
  p.catch(() => {}); // the core awaits it and decides
  return p;
}

/** Hands the frame to the core: `precheck` is how it got there ('top frame', 'passed', 'woken',
 *  or null when the core is to make the pre-check itself, as for a site with the user's own
 *  selectors). The boot's listeners go; the core's come. */
async function handOver(precheck) {
  boot.state = 'core';
  boot.watch?.stop();
  boot.watch = null;
  if (precheck) boot.stats.precheck = precheck;
  // Not on a site where adstrip is off (the top frame loads the core there all the same).
  if (precheck && boot.opts && boot.stored.local.debugForcePath !== 'sw') boot.wasm ??= compileWasm();
  try {
    const core = await (boot.core ??= loadCore());
    api.runtime.onMessage.removeListener(onMessage);
    api.storage.onChanged.removeListener(onChanged);
    core.run({ ...boot.stored, stats: boot.stats, docId: boot.docId, outlined: boot.outlined, decided: !!precheck, mayHold, wasm: boot.wasm });
  } catch (e) {
    logOnce('could not load its core', e);
  }
}

/** What this frame needs, from the settings just read. */
async function decide() {
  const settings = parseHidingSettings(boot.stored.raw);
  const opts = effectiveOptions(settings, siteHost());
  boot.opts = opts;
  markOff(opts);
  if (isTop) return handOver('top frame');
  if (!opts) {
    boot.state = 'off';
    return;
  }
  if (selectorsFor(settings, siteHost()).length || boot.stored.local.debugForcePath) return handOver(null);
  await domReady();
  if (boot.opts !== opts || boot.state === 'core') return; // changed meanwhile
  let may = true;
  try {
    may = mayHold(document, null, siteHost());
  } catch (e) {
    logOnce('the pre-check failed', e);
  }
  if (may) return handOver('passed');
  boot.state = 'idle';
  boot.stats.precheck = 'skipped';
  boot.watch = new IdleWatch(() => {
    boot.stats.precheck = 'woken';
    handOver('woken');
  });
  report('idle');
}

async function onChanged(changes, area) {
  if (!isSettingsChange(changes, area) || boot.state === 'core') return;
  try {
    boot.stored = await loadStored(DEBUG_KEYS);
    if (boot.state === 'core') return;
    boot.watch?.stop();
    boot.watch = null;
    await decide();
  } catch (e) {
    logOnce('settings change failed', e);
  }
}

/** The popup's questions to a frame the core has not taken (nothing hidden here). */
function onMessage(msg, _sender, sendResponse) {
  if (!checkContentShape(msg) || boot.state === 'core') return false;
  if (msg.type === 'status') {
    const active = !!boot.opts && boot.state === 'idle';
    sendResponse({ host: siteHost(), active, mode: active ? 'idle' : 'off', ads: 0, subscribe: 0, byRule: {}, outlined: boot.outlined, stats: boot.stats });
  } else if (msg.type === 'outline') {
    boot.outlined = !!msg.on;
    sendResponse({ ok: true });
  } else if (msg.type === 'findings') sendResponse({ findings: [] });
  else if (msg.type === 'jump') sendResponse({ ok: false });
  return false;
}

async function start() {
  try {
    if (isTop) {
      // The top frame always runs the core: its script comes while the settings are read.
      boot.core = loadCore();
      boot.core.catch(() => {}); // a failure is logged where it is awaited (handOver)
    }
    api.runtime.onMessage.addListener(onMessage);
    api.storage.onChanged.addListener(onChanged);
    boot.stored = await loadStored(DEBUG_KEYS);
    await decide();
  } catch (e) {
    logOnce('could not start', e);
  }
}

// One instance per frame, even if the script is injected twice.
if (!globalThis.__adstripLoaded) {
  globalThis.__adstripLoaded = true;
  start();
}
