// The playground: any page, the same wasm core as the extension, and the core's reasons.
//
// How it works: the chosen HTML becomes the `srcdoc` of an <iframe sandbox="allow-same-origin">.
// The sandbox keeps the page's scripts, forms and popups off; allow-same-origin lets this
// script reach the frame's document, which the core scans with a `Session` (`run(doc)`). The
// core only decides; the extension's own applier (ext/applier.js, the same file the content
// script runs) marks what it hides (`data-adstrip="KIND:RULE"` + `data-adstrip-reason`, inline
// `display:none !important`, bare text runs wrapped in a marked span) and `undo()` restores
// the document exactly. The frame inherits this page's CSP: nothing it references on other
// hosts is fetched.
//
// The three views: "as adstrip shows it" (the applier's hiding), "outlined" (`outline(true)`:
// hidden findings shown in place with a dashed outline, plus our label stylesheet), and
// "untouched" (`undo()`; switching back scans again, which gives the same findings).

import init, { Session } from '../pkg/adstrip.js';
import { Applier } from '../ext/applier.js';
import { MARKER } from '../ext/contract.gen.js';

/** Largest page we take: the biggest real page in the corpus is about 1.2 MB. */
const MAX_BYTES = 8 * 1024 * 1024;
/** Bytes looked at to tell binary data from text. */
const SNIFF_BYTES = 64 * 1024;
/** Share of control characters above which a text is treated as binary. */
const BINARY_SHARE = 0.01;
/** A frame that never fires `load` (it should, since nothing remote loads) is scanned anyway. */
const LOAD_TIMEOUT_MS = 8000;
/** Id of the stylesheet we put into the frame for labels and the current-row highlight. */
const STYLE_ID = 'adstrip-playground-style';
const FOCUS_ATTR = `${MARKER}-playground-current`;

const $ = (id) => document.getElementById(id);
const frame = $('frame');

const readerFrame = $('reader-frame');

const state = {
  html: '', // the page as opened, for reader view
  mode: 'outlined',
  applied: false, // the core's changes are in the frame now
  findings: [],
  targets: [], // the element of each finding, by index (null when it was not found)
  busy: false,
};

// ---- the core and the applier ------------------------------------------------
// The core checks nodes by type, not by `instanceof`, so it works on the frame's nodes,
// which belong to the frame's own JS realm.
// One applier for the page's life: whatever it changed (in this document or an earlier one) is
// undone before the next scan, so no change is ever left behind.
const applier = new Applier();

/** One whole scan of `doc`, its findings applied: the report with its kind counts. */
function scanDocument(doc, opts) {
  applier.undo();
  const session = new Session(opts);
  let report;
  try {
    report = session.run(doc);
  } finally {
    session.free();
  }
  applier.keep(report.guarded);
  applier.applyFindings(report.findings);
  const count = (kind) => report.findings.filter((f) => f.kind === kind).length;
  return { ...report, ads: count('ad'), subscribe: count('subscribe') };
}
const undo = () => applier.undo();
const outline = (on) => applier.outline(on);

const initStart = performance.now();
const ready = init().then(() => {
  $('stat-init').textContent = ms(performance.now() - initStart);
});
ready.catch((e) => say(`The adstrip core could not start in this browser: ${e && e.message ? e.message : e}`, 'error'));

// ---- helpers ----------------------------------------------------------------
function ms(v) {
  return v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(1)} ms`;
}
function size(bytes) {
  if (bytes >= 1024 * 1024) return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
function say(text, kind = 'info') {
  const m = $('message');
  m.textContent = text;
  m.className = text ? kind : '';
  m.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}
function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
}
document.querySelectorAll('.max-size').forEach((e) => {
  e.textContent = size(MAX_BYTES);
});

/** Why this input cannot be scanned, or null. `bytes` is a Uint8Array prefix when we have one. */
function problem(text, totalBytes, what, bytes) {
  if (totalBytes > MAX_BYTES) {
    return (
      `${what} is ${size(totalBytes)}: too large. The playground scans pages up to ${size(MAX_BYTES)}; ` +
      'save the page as "HTML only" (without images and scripts) or paste the part you care about.'
    );
  }
  if (bytes && bytes.subarray(0, SNIFF_BYTES).includes(0)) return binary(what);
  if (text !== null && !text.trim()) return `Nothing to scan: ${what} is empty.`;
  if (text !== null && looksBinary(text)) return binary(what);
  return null;
}
function binary(what) {
  return `${what} is not HTML: it holds binary data (an image, a PDF, an archive...). ` + "Open the page's .html file instead.";
}
function looksBinary(text) {
  const head = text.slice(0, SNIFF_BYTES);
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13) || c === 0xfffd) odd++;
  }
  return odd > head.length * BINARY_SHARE;
}
/** The encoding a saved page declares in its first bytes (utf-8 when it declares none). */
function declaredCharset(bytes) {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const m = head.match(/<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i);
  if (!m) return 'utf-8';
  try {
    return new TextDecoder(m[1]).encoding;
  } catch {
    return 'utf-8';
  }
}

// ---- loading a page ---------------------------------------------------------
async function open(html, name, bytes) {
  if (state.busy) return;
  state.busy = true;
  try {
    await ready;
    say(`Rendering ${name}...`);
    // Leave the old document as it was before the new one.
    if (state.applied) undo();
    state.applied = false;
    state.findings = [];
    state.targets = [];
    const loaded = new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        frame.removeEventListener('load', done);
        resolve();
      };
      const timer = setTimeout(done, LOAD_TIMEOUT_MS);
      frame.addEventListener('load', done);
    });
    const t0 = performance.now();
    state.html = html;
    frame.srcdoc = html;
    await loaded;
    $('stat-load').textContent = ms(performance.now() - t0);
    $('stat-size').textContent = size(bytes);
    $('page-name').textContent = name;
    document.title = `${name}: adstrip playground`;
    scanFrame();
    if (state.mode === 'reader') await showReader();
    const n = state.findings.length;
    say(n ? `${name}: ${n} finding${n === 1 ? '' : 's'}.` : `${name}: nothing to hide here.`);
  } catch (e) {
    say(`Could not scan ${name}: ${e && e.message ? e.message : e}`, 'error');
  } finally {
    state.busy = false;
  }
}

/** Runs the core over the frame's document and shows the result in the current view. */
function scanFrame() {
  const doc = frame.contentDocument;
  if (!doc) throw new Error('the frame has no document');
  doc.getElementById(STYLE_ID)?.remove();
  // Every detector, as the CLI and the extension run them.
  const report = scanDocument(doc, { ads: true, subscribe: true, generic: true });
  state.applied = true;
  state.findings = report.findings;
  state.targets = report.findings.map(targetOf);
  addFrameStyle(doc);
  if (state.mode === 'outlined') outline(true);
  $('stat-scan').textContent = ms(report.micros / 1000);
  $('stat-findings').textContent = `${report.findings.length} (${report.ads} ad${report.ads === 1 ? '' : 's'}, ${report.subscribe} subscribe)`;
  renderTable(report.findings);
  renderGuarded(report.guarded);
}

/** What shows a finding in the page: its element, or for a text run the span that wraps it
 *  (its parent when the run was not wrapped, e.g. inside something hidden already). */
function targetOf(f) {
  if (f.target !== 'text') return f.element || null;
  const mark = `${f.kind}:${f.rule}`;
  const spans = [...(f.element?.children || [])].filter((e) => e.localName === 'span' && e.getAttribute(MARKER) === mark);
  return spans.find((e) => e.textContent === f.text) || spans[0] || f.element || null;
}

function addFrameStyle(doc) {
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = `
    [${MARKER}]::before {
      content: "adstrip \\2022  " attr(${MARKER}) !important;
      display: block !important; width: max-content !important; max-width: 100% !important;
      font: 600 12px/1.5 system-ui, sans-serif !important; color: #fff !important;
      background: #b3261e !important; padding: 0 6px !important; margin: 0 0 2px !important;
      border-radius: 3px !important; text-transform: none !important; float: none !important;
      position: static !important; visibility: visible !important;
    }
    span[${MARKER}]::before { display: inline-block !important; margin-right: 4px !important; }
    [${FOCUS_ATTR}] { box-shadow: 0 0 0 4px #0b57d0 !important; scroll-margin: 48px !important; }`;
  (doc.head || doc.documentElement).append(style);
}

// ---- reader view ----------------------------------------------------------------
// The reader weight of the core (article extraction and its sanitiser) is loaded the first
// time the view is asked for, as the extension does. The article is shown by the extension's
// own view (ext/reader/view.js: the same toolbar, type and sanitising check) in a frame whose
// sandbox allows no script: nothing in the article can run, even if the sanitiser missed
// something. The view's few listeners run in this page.
let readerCore = null;
async function loadReader() {
  if (!readerCore) {
    const m = await import('../pkg-reader/adstrip.js');
    await m.default({ module_or_path: new URL('../pkg-reader/adstrip_bg.wasm', import.meta.url) });
    readerCore = new m.Reader();
  }
  return readerCore;
}

let viewModules = null;
function loadView() {
  viewModules ??= Promise.all([import('../ext/reader/view.js'), import('../ext/settings.js')]);
  return viewModules;
}

/** The reader settings of this preview (changed from its own toolbar, kept for the visit). */
let readerSettings = null;

/** A fresh, empty document in the reader frame. */
function blankReaderFrame() {
  return new Promise((resolve) => {
    readerFrame.addEventListener('load', () => resolve(readerFrame.contentDocument), { once: true });
    readerFrame.srcdoc = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reader view</title></head><body></body></html>';
  });
}

/** The page as the extension's reader gets it: the frame's document without what adstrip found
 *  (the marked elements and text runs), scanned first if the view shows the page untouched. */
function preparedHtml() {
  if (!state.applied) scanFrame();
  const copy = frame.contentDocument.documentElement.cloneNode(true);
  copy.querySelectorAll(`[${MARKER}], #${STYLE_ID}`).forEach((e) => e.remove());
  return `<!doctype html>${copy.outerHTML}`;
}

async function showReader() {
  const [r, [{ ReaderView }, { parseSettings }]] = await Promise.all([loadReader(), loadView()]);
  const doc = await blankReaderFrame();
  // The page's own title, where the extractor finds none (the extension's view falls back to
  // the page's document.title the same way).
  doc.title = new DOMParser().parseFromString(state.html, 'text/html').title || $('page-name').textContent;
  readerSettings ??= parseSettings({});
  let a;
  try {
    a = r.extract(preparedHtml(), null);
  } catch (e) {
    a = null;
    say(`Reader view: no article found in this page (${e.message}).`, 'error');
  }
  const view = new ReaderView({
    settings: readerSettings,
    onSetting: (key, value) => (readerSettings = parseSettings({ ...readerSettings, [key]: value })),
    onClose: () => setMode('outlined'),
    doc,
    pageUrl: null, // a sample or a pasted page has no address of its own
    shadowMode: 'open',
  });
  view.open(a, 'No article found in this page.');
  if (a) say(`Reader view: ${a.title || doc.title} (${(a.micros / 1000).toFixed(1)} ms to extract).`);
}

// ---- the views --------------------------------------------------------------
function setMode(mode) {
  if (mode === state.mode && (mode === 'untouched') === !state.applied) return;
  const doc = frame.contentDocument;
  state.mode = mode;
  const radio = document.querySelector(`input[name="mode"][value="${mode}"]`);
  if (radio) radio.checked = true;
  if (!doc || !frame.srcdoc) return;
  frame.hidden = mode === 'reader';
  readerFrame.hidden = mode !== 'reader';
  if (mode === 'reader') {
    showReader().catch((e) => say(`Reader view failed: ${e && e.message ? e.message : e}`, 'error'));
    return;
  }
  if (mode === 'untouched') {
    if (state.applied) undo();
    state.applied = false;
    doc.getElementById(STYLE_ID)?.remove();
    return;
  }
  if (!state.applied) {
    scanFrame(); // outlines itself when mode is 'outlined'
    return;
  }
  outline(mode === 'outlined');
}
document.querySelectorAll('input[name="mode"]').forEach((r) => {
  r.addEventListener('change', () => {
    if (r.checked) setMode(r.value);
  });
});

// ---- the findings table -----------------------------------------------------
function renderTable(findings) {
  const body = $('findings').tBodies[0];
  body.replaceChildren();
  if (!findings.length) {
    body.append(el('tr', {}, el('td', { class: 'empty', colspan: '5' }, 'No ads or subscribe nags found in this page.')));
    return;
  }
  findings.forEach((f, i) => {
    const show = el('button', { type: 'button', 'aria-label': `Show finding ${i + 1} in the page` }, String(i + 1));
    const tr = el(
      'tr',
      { 'data-index': String(i), 'data-rule': f.rule, 'data-kind': f.kind },
      el('td', {}, show),
      el('td', {}, el('span', { class: `kind ${f.kind}` }, f.kind)),
      el('td', { class: 'rule' }, el('code', {}, f.rule)),
      el('td', {}, f.reason),
      el('td', { class: 'text' }, f.text ? clip(f.text) : f.target === 'element' ? '(no text: an empty slot)' : ''),
    );
    tr.addEventListener('click', () => reveal(i));
    body.append(tr);
  });
}
function clip(text) {
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
function renderGuarded(guarded) {
  const box = $('guarded');
  const list = $('guarded-list');
  list.replaceChildren(...guarded.map((g) => el('li', {}, el('code', {}, g.rule), `: ${g.why}`)));
  box.hidden = guarded.length === 0;
  box.querySelector('summary').textContent = `Kept by the article guard (${guarded.length})`;
}

/** Scrolls the frame to finding `i` and highlights it (switching a hidden view to outlined). */
function reveal(i) {
  const rows = $('findings').tBodies[0].rows;
  for (const r of rows) r.classList.toggle('current', r.dataset.index === String(i));
  const doc = frame.contentDocument;
  if (!doc) return;
  if (state.mode === 'hidden') {
    setMode('outlined');
    say('Switched to the outlined view to show the finding.');
  }
  doc.querySelectorAll(`[${FOCUS_ATTR}]`).forEach((e) => e.removeAttribute(FOCUS_ATTR));
  let target = state.targets[i];
  if (target && !target.isConnected) target = null;
  if (target && state.applied) {
    target.setAttribute(FOCUS_ATTR, '');
    target.scrollIntoView({ block: 'center', behavior: 'instant' });
    if (target.hasAttribute(`${MARKER}-empty`)) say(`Finding ${i + 1} is an empty slot: it takes no room in the page; its label marks where it is.`);
    return;
  }
  // Untouched view: element findings are still there without their marker; a text run
  // was unwrapped again, so find its text and select it.
  if (target && state.findings[i].target === 'element') {
    target.setAttribute(FOCUS_ATTR, '');
    target.scrollIntoView({ block: 'center', behavior: 'instant' });
    return;
  }
  const needle = (state.findings[i].text || '').split('\n')[0].trim();
  if (!needle || !doc.body) return;
  const walk = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const at = n.data.indexOf(needle);
    if (at < 0) continue;
    const range = doc.createRange();
    range.setStart(n, at);
    range.setEnd(n, at + needle.length);
    const sel = frame.contentWindow.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    n.parentElement?.scrollIntoView({ block: 'center', behavior: 'instant' });
    const rect = range.getBoundingClientRect();
    frame.contentWindow.scrollBy(0, rect.top - frame.clientHeight / 2);
    return;
  }
}
// Links in the scanned page would navigate the frame away from it: keep it in place.
frame.addEventListener('load', () => {
  frame.contentDocument?.addEventListener('click', (e) => {
    if (e.target.closest && e.target.closest('a[href]')) e.preventDefault();
  });
});

// ---- the three sources ------------------------------------------------------
let samples = [];
async function loadSampleList() {
  const sel = $('sample');
  try {
    const res = await fetch('samples/index.json');
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    samples = await res.json();
    sel.replaceChildren(...samples.map((s) => el('option', { value: s.slug }, `${s.title} (${size(s.bytes)})`)));
  } catch (e) {
    sel.replaceChildren(el('option', { value: '' }, '(no samples: serve the site with make serve)'));
    $('load-sample').disabled = true;
  }
}
async function openSample(slug) {
  const s = samples.find((x) => x.slug === slug);
  if (!s) return;
  say(`Loading ${s.title}...`);
  try {
    const res = await fetch(`samples/${s.file}`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const html = await res.text();
    $('sample').value = slug;
    history.replaceState(null, '', `#sample=${encodeURIComponent(slug)}`);
    await open(html, s.title, s.bytes);
  } catch (e) {
    say(`Could not load the sample ${s.title}: ${e.message}`, 'error');
  }
}
$('load-sample').addEventListener('click', () => openSample($('sample').value));

$('file').addEventListener('change', async () => {
  const file = $('file').files[0];
  if (!file) return;
  const what = `The file ${file.name}`;
  // Too large: refuse before reading a byte of it.
  let why = problem(null, file.size, what, null);
  if (!why) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    why = problem(null, bytes.length, what, bytes);
    if (!why) {
      const html = new TextDecoder(declaredCharset(bytes)).decode(bytes);
      why = problem(html, bytes.length, what, null);
      if (!why) {
        history.replaceState(null, '', location.pathname);
        await open(html, file.name, bytes.length);
        return;
      }
    }
  }
  say(why, 'error');
});

$('scan-paste').addEventListener('click', async () => {
  const html = $('paste').value;
  // A character is at least one byte: check the cheap bound before encoding.
  const bytes = html.length > MAX_BYTES ? html.length : new TextEncoder().encode(html).length;
  const why = problem(html, bytes, 'The pasted text', null);
  if (why) {
    say(why, 'error');
    return;
  }
  history.replaceState(null, '', location.pathname);
  await open(html, 'Pasted HTML', bytes);
});

// ---- start ------------------------------------------------------------------
await loadSampleList();
const wanted = new URLSearchParams(location.hash.slice(1)).get('sample');
const first = samples.find((s) => s.slug === wanted) || samples[0];
if (first) await openSample(first.slug);
