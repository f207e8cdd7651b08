// The self-check page: one tile per WordPress ad or nag family, judged by what the visitor
// would see. A "hide" tile is green when its [data-target] is not rendered (whoever hid it:
// the extension's document_start stylesheet, its wasm core, or the core run from this page);
// a "keep" tile is green only while all of it is rendered.
//
// Modes: with the extension installed, it works on this page as on any other and the tiles
// follow. Without it, "Run the core in this page" (or ?mode=core) loads the detector build
// of the core, scans this very document with a `Session` and hides the findings with the
// extension's own applier (ext/applier.js), as the content script would.

import { MARKER } from '../ext/contract.gen.js';

/** How long to wait for the extension before calling the result final. */
const GRACE_MS = 2000;
const VIS = { checkOpacity: true, checkVisibilityCSS: true };
/** Elements that are never rendered anyway, so their visibility says nothing. */
const NEVER_RENDERED = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'META', 'LINK']);

const $ = (id) => document.getElementById(id);
const tiles = [...document.querySelectorAll('.tile')];
const started = performance.now();
let mode = 'waiting'; // 'waiting' | 'extension' | 'core' | 'none'
let coreNote = '';
let outlined = false;
let core = null;

function rendered(el) {
  return el.isConnected && el.checkVisibility(VIS) && el.getClientRects().length > 0;
}
/** Whether any non-blank text under `root` is still painted. */
function textShown(root) {
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    if (!n.data.trim() || !n.parentElement || !rendered(n.parentElement)) continue;
    const r = document.createRange();
    r.selectNodeContents(n);
    if (r.getClientRects().length > 0) return true;
  }
  return false;
}
/** Whether `root` and every element in it are rendered. */
function wholeShown(root) {
  if (!rendered(root)) return false;
  for (const e of root.querySelectorAll('*')) {
    if (NEVER_RENDERED.has(e.tagName) || e.closest('noscript, template')) continue;
    if (!rendered(e)) return false;
  }
  return true;
}
/** The adstrip marker that explains the tile's state, if the core left one. */
function markerOf(target) {
  const m = target.closest(`[${MARKER}]`) || target.querySelector(`[${MARKER}]`);
  return m ? m.getAttribute(MARKER) : '';
}

function judge(tile) {
  const target = tile.querySelector('[data-target]');
  const keep = tile.dataset.expect === 'keep';
  let ok;
  if (keep) ok = wholeShown(target);
  else if (target.dataset.target === 'text') ok = !textShown(target);
  else ok = !rendered(target);
  return { ok, keep, marker: markerOf(target) };
}

function anyoneAtWork() {
  if (document.querySelector(`[${MARKER}]`)) return true;
  return tiles.some((t) => t.dataset.expect === 'hide' && judge(t).ok);
}

function update() {
  if (outlined) return; // what was hidden is on show: the verdicts stay as they were
  const waited = performance.now() - started;
  if (mode === 'waiting' && anyoneAtWork()) mode = 'extension';
  if (mode === 'waiting' && waited >= GRACE_MS) mode = 'none';
  let good = 0;
  for (const tile of tiles) {
    const { ok, keep, marker } = judge(tile);
    const pending = mode === 'waiting';
    tile.classList.toggle('ok', !pending && ok);
    tile.classList.toggle('bad', !pending && !ok);
    let text;
    if (pending) text = 'waiting...';
    else if (keep) text = ok ? '\u2713 kept' : `\u2717 hidden by mistake${marker ? ` (${marker})` : ''}`;
    else text = ok ? `\u2713 hidden${marker ? ` (${marker})` : ''}` : '\u2717 still visible';
    const status = tile.querySelector('.status');
    if (status.textContent !== text) status.textContent = text;
    if (ok) good++;
  }
  const summary = $('summary');
  const done = mode !== 'waiting';
  // Set only on change: every write is a mutation, and mutations schedule this function.
  const state = !done ? 'waiting' : good === tiles.length ? 'ok' : 'bad';
  if (summary.dataset.mode !== mode) summary.dataset.mode = mode;
  if (summary.dataset.state !== state) summary.dataset.state = state;
  summary.classList.toggle('all-ok', done && good === tiles.length);
  summary.classList.toggle('some-bad', done && good !== tiles.length);
  $('summary-count').textContent = done ? `${good} of ${tiles.length} tiles as expected` : 'Checking...';
  const modeText = {
    waiting: 'Looking for the adstrip extension in this page...',
    extension: 'Mode: the adstrip extension is at work in this page.',
    none: 'The adstrip extension is not active in this page. Install it, or run the core here:',
    core: `Mode: core only. ${coreNote}`,
  }[mode];
  if ($('summary-mode').textContent !== modeText) $('summary-mode').textContent = modeText;
  if ($('run-core').hidden !== (mode !== 'none')) $('run-core').hidden = mode !== 'none';
  if ($('show-hidden').hidden !== (mode !== 'core')) $('show-hidden').hidden = mode !== 'core';
}

async function runCore() {
  $('run-core').disabled = true;
  try {
    const t0 = performance.now();
    const [m, { Applier }] = await Promise.all([import('../pkg/adstrip.js'), import('../ext/applier.js')]);
    await m.default();
    const initMs = performance.now() - t0;
    const session = new m.Session({ ads: true, subscribe: true });
    const report = session.run(document);
    session.free();
    // The core decides; the extension's own applier hides (the same code as the content script).
    core = new Applier();
    core.keep(report.guarded);
    const hid = core.applyFindings(report.findings);
    const ads = hid.filter((f) => f.kind === 'ad').length;
    coreNote = `The core hid ${ads} ads and ${hid.length - ads} nags; ` + `scan ${(report.micros / 1000).toFixed(1)} ms, core start ${initMs.toFixed(1)} ms.`;
    mode = 'core';
  } catch (e) {
    coreNote = `The core could not run here: ${e && e.message ? e.message : e}`;
    mode = 'core';
  } finally {
    $('run-core').disabled = false;
  }
  update();
}

$('run-core').addEventListener('click', runCore);
$('show-hidden').addEventListener('click', () => {
  if (!core) return;
  if (!outlined) update(); // freeze the verdicts as they are now
  outlined = !outlined;
  core.outline(outlined);
  $('show-hidden').setAttribute('aria-pressed', String(outlined));
  $('show-hidden').textContent = outlined ? 'Hide them again' : 'Show what was hidden';
  update();
});

// Re-judge on every change in the page (the extension may act late), at most once a frame.
let queued = false;
const schedule = () => {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    update();
  });
};
new MutationObserver(schedule).observe(document.documentElement, { subtree: true, childList: true, attributes: true });
setTimeout(schedule, GRACE_MS + 50);
update();

if (new URLSearchParams(location.search).get('mode') === 'core') await runCore();
