// Reader mode in the page (top frame only), bundled into the content script with
// content-main.js. Nothing here runs until the user asks for reader mode (popup button,
// Alt+Shift+R through `commands`, the context menu, or a site on the "always" list).
//
//   live page --livePrepass()--> HTML of a clone of the document, without what adstrip hid
//       |                        and what is invisible in the live page, lazy images resolved
//       v
//   reader wasm (pkg-reader/adstrip_bg.wasm, fetched and instantiated on first use; only its
//   small JS glue is bundled here) --readerExtract()--> article
//       \--> wasm refused here (Chromium applies the page's CSP to it): the same HTML goes to
//            the service worker, which runs the same build
//       v
//   ReaderView: the article's sanitised HTML in a closed shadow root on a full-viewport host
//       element appended to <html>. The page underneath is not touched (no attribute, no style,
//       no node of its own is changed), so closing removes the host, restores the scroll
//       position and leaves exactly the page that was there.
//
// Security: only the core's sanitised `content_html` is rendered (no scripts, handlers,
// javascript: URLs, srcdoc or forms survive it); scrub() checks the same again before anything
// is attached, the markup is parsed in an inert DOMParser document, and the shadow root is
// closed so the page's scripts cannot reach into the view. The view's stylesheet is
// constructed (adoptedStyleSheets), which a page's style-src cannot block.

import { parseSettings, readingTime, stepReader, READER_THEMES, READER_FONTS } from './settings.js';
import initReaderWasm, * as readerWasm from './pkg-reader/adstrip.js';

const api = globalThis.browser ?? globalThis.chrome;

export const HOST_TAG = 'adstrip-reader';
const MARKER = 'data-adstrip';
/** Captions are kept whatever the page's styles do to them (hover-only captions, wp-caption). */
const CAPTION_SEL = 'figcaption, .wp-caption-text, .wp-element-caption, .wp-caption-dd, .gallery-caption';
/** What makes a zero-size box worth keeping: it holds media. */
const MEDIA_SEL = 'img, picture, video, audio, svg, iframe, canvas, math';
/** Elements the style checks never look at: not rendered by nature, or kept whole. */
const UNCHECKED = new Set(['head', 'script', 'style', 'noscript', 'template', 'meta', 'link', 'title', 'base', 'br', 'wbr', 'hr', 'source', 'track', 'area', 'map', 'param', 'col', 'colgroup']);
/** Subtrees kept whole: their inner boxes are laid out by other rules (closed details, SVG, MathML). */
const KEEP_WHOLE = new Set(['details', 'svg', 'math', 'picture', 'video', 'audio', 'figure']);
/** Table parts are never dropped for being empty: that would shift the columns. */
const TABLE_PARTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption']);
/** A fixed element holding more than this share of the page's text is the page, not an overlay. */
const FIXED_TEXT_SHARE = 0.5;
/** Attributes lazy loaders keep the real image address in, best first. */
const LAZY_SRC = ['data-src', 'data-lazy-src', 'data-original', 'data-lazy', 'data-url'];
const LAZY_SRCSET = ['data-srcset', 'data-lazy-srcset', 'srcset'];
/** Placeholder images lazy loaders show until a script swaps in the real one. */
const PLACEHOLDER = /(^data:.{0,250}$)|placeholder|blank\.|spacer\.|transparent\.|lazyload|lazy-load|loading\.|pixel\.|1x1\./i;

function isPlaceholder(url) {
  return !url || PLACEHOLDER.test(url.trim());
}

function absolute(u, base) {
  try {
    return new URL(u.trim(), base).href;
  } catch {
    return null;
  }
}

/** The widest candidate of a srcset (by w or x descriptor). */
function bestFromSrcset(v) {
  let best = null, bestN = -1;
  for (const part of v.split(/,\s+/)) {
    const [url, desc = '1x'] = part.trim().split(/\s+/);
    if (!url) continue;
    const n = parseFloat(desc) * (desc.endsWith('w') ? 1 : 1000);
    if (n > bestN) [best, bestN] = [url, n];
  }
  return best;
}

/** The address the live image shows or will show, absolute; null if none is known. */
function liveImageUrl(img, base) {
  const cur = img.currentSrc;
  if (cur && !isPlaceholder(cur)) return cur;
  for (const a of LAZY_SRC) {
    const v = img.getAttribute(a);
    if (v && !isPlaceholder(v)) return absolute(v, base);
  }
  for (const a of LAZY_SRCSET) {
    const v = img.getAttribute(a);
    const u = v && bestFromSrcset(v);
    if (u && !isPlaceholder(u)) return absolute(u, base);
  }
  const src = img.getAttribute('src');
  return src && !isPlaceholder(src) ? absolute(src, base) : null;
}

/**
 * The live-DOM pre-pass: serialises a clone of `doc` without what adstrip hid and what is
 * really invisible in the live page, with lazy images resolved from the live elements.
 * Returns {html, stats}. The live document is only read; nothing of the copy loads or runs.
 */
export function livePrepass(doc = document) {
  const t0 = performance.now();
  const base = doc.baseURI;
  const liveRoot = doc.documentElement;
  // The copy goes into an inert document: a clone owned by the live page would start loading
  // its images (and run their onerror handlers in the page) even while detached.
  const inert = doc.implementation.createHTMLDocument('');
  const clone = inert.importNode(liveRoot, true);
  const live = [...liveRoot.getElementsByTagName('*')];
  const copy = [...clone.getElementsByTagName('*')];
  const stats = { elements: live.length, adstrip: 0, hidden: 0, zeroSize: 0, fixed: 0, images: 0, ms: 0 };
  const drops = [];
  // The clone has the same elements in the same order (a deep clone of the same tree).
  if (live.length === copy.length) {
    const body = doc.body;
    const bodyText = Math.max(1, body?.textContent.length || 0);
    let skip = null; // a live element whose subtree is dropped or kept whole
    const view = doc.defaultView;
    for (let i = 0; i < live.length; i++) {
      const el = live[i];
      if (skip) {
        if (skip.contains(el)) continue;
        skip = null;
      }
      const tag = el.localName;
      const drop = (why) => {
        drops.push(copy[i]);
        stats[why]++;
        skip = el;
      };
      if (tag === HOST_TAG) { drop('adstrip'); continue; }
      if (el.hasAttribute(MARKER)) { drop('adstrip'); continue; }
      if (tag === 'img') {
        const u = liveImageUrl(el, base);
        const c = copy[i];
        if (u) {
          c.setAttribute('src', u);
          stats.images++;
        }
        for (const a of [...LAZY_SRC, ...LAZY_SRCSET, 'sizes', 'loading']) c.removeAttribute(a);
        if (c.parentElement?.localName === 'picture') for (const s of [...c.parentElement.querySelectorAll('source')]) s.remove();
      }
      if (UNCHECKED.has(tag) || el === body || !body?.contains(el)) continue;
      if (el.matches(CAPTION_SEL)) { skip = el; continue; }
      const cs = view.getComputedStyle(el);
      if (cs.display === 'none') { drop('hidden'); continue; }
      if (cs.visibility === 'hidden' || cs.visibility === 'collapse') { drop('hidden'); continue; }
      if (cs.position === 'fixed' && el.textContent.length < bodyText * FIXED_TEXT_SHARE) { drop('fixed'); continue; }
      if (KEEP_WHOLE.has(tag)) { skip = el; continue; }
      if (tag === 'img' || cs.display === 'contents' || TABLE_PARTS.has(tag)) continue;
      const r = el.getBoundingClientRect();
      if ((r.width === 0 || r.height === 0) && !el.querySelector(MEDIA_SEL)) {
        // A zero-size box shows its content only if it lets it overflow.
        const clipped = (r.width === 0 && cs.overflowX !== 'visible') || (r.height === 0 && cs.overflowY !== 'visible');
        if (clipped || !el.textContent.trim()) { drop('zeroSize'); continue; }
      }
    }
  }
  for (const c of drops) c.remove();
  // What never reaches an article, dropped before serialising (JSON-LD stays: metadata).
  for (const c of [...clone.querySelectorAll('script:not([type="application/ld+json"]), style, link[rel~="stylesheet"], template')]) c.remove();
  const html = '<!DOCTYPE html>\n' + clone.outerHTML;
  stats.ms = performance.now() - t0;
  return { html, stats };
}

// ---------------------------------------------------------------------------------------------
// Extraction: the reader wasm in the page, or the service worker.

let inPage = null; // promise of the reader module, or of null when wasm is refused here

function loadInPage() {
  inPage ??= initReaderWasm({ module_or_path: api.runtime.getURL('pkg-reader/adstrip_bg.wasm') }).then(
    () => readerWasm,
    (e) => {
      if (!(e instanceof WebAssembly.CompileError)) console.debug('[adstrip] reader wasm unavailable in this page, using the service worker', e);
      return null;
    },
  );
  return inPage;
}

/** Whether the reader wasm is already instantiated in this page. */
async function loadedInPage() {
  return inPage ? !!(await inPage) : false;
}

function extractError(e) {
  return { error: String(e?.message || e), code: e?.code || 'failed' };
}

/**
 * Extracts the article of the live page. `useSw` forces the service-worker path (the detector
 * already knows wasm is refused here, or a test asks for it). Returns
 * {article, path, timings} or {error, code, path, timings}.
 */
export async function extractLive({ useSw = false } = {}) {
  const t0 = performance.now();
  const { html, stats } = livePrepass(document);
  const url = document.baseURI;
  const core = useSw ? null : await loadInPage();
  const timings = { prepassMs: stats.ms, prepass: stats, htmlBytes: html.length };
  let res;
  if (core) {
    try {
      res = { article: core.readerExtract(html, url, true), path: 'wasm' };
    } catch (e) {
      res = { ...extractError(e), path: 'wasm' };
    }
  } else {
    const r = await api.runtime.sendMessage({ type: 'readerExtract', html, url }).catch((e) => extractError(e));
    res = r?.article ? { article: r.article, path: 'sw' } : { error: r?.error || 'no answer from the service worker', code: r?.code || 'failed', path: 'sw' };
  }
  timings.extractMs = res.article ? res.article.micros / 1000 : null;
  timings.totalMs = performance.now() - t0;
  return { ...res, timings };
}

/** The cheap check for the popup: does the live page look readerable? Uses the reader wasm
 *  only if it is already here; otherwise the service worker answers (so opening the popup
 *  never loads the reader into the page). */
export async function checkLive() {
  const { html } = livePrepass(document);
  if (await loadedInPage()) return (await inPage).readerable(html);
  const r = await api.runtime.sendMessage({ type: 'readerable', html }).catch(() => null);
  return typeof r?.readerable === 'boolean' ? r.readerable : null;
}

// ---------------------------------------------------------------------------------------------
// Defence in depth over the core's sanitiser: what must never be in the view, checked again.

const NEVER_TAGS = 'script, style, link, meta, base, object, embed, applet, form, input, button, textarea, select, frame, frameset, template, noscript, portal';
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'background', 'longdesc', 'xlink:href', 'data', 'ping']);
const SAFE_URL = /^(https?:|mailto:|#)/i;
const SAFE_IMAGE_DATA = /^data:image\/(png|gif|jpeg|webp|avif);/i;

export function scrub(root) {
  for (const el of [...root.querySelectorAll(NEVER_TAGS)]) el.remove();
  for (const el of [...root.querySelectorAll('*')]) {
    if (el.localName === 'iframe' && !el.hasAttribute('sandbox')) {
      el.remove();
      continue;
    }
    for (const a of [...el.attributes]) {
      const name = a.name.toLowerCase();
      const v = a.value.replace(/[\u0000-\u0020]/g, '');
      if (name.startsWith('on') || name === 'srcdoc' || name === 'style' || name === 'srcset' || name === 'is') el.removeAttribute(a.name);
      else if (URL_ATTRS.has(name) && v && !SAFE_URL.test(v) && !(name === 'src' && el.localName === 'img' && SAFE_IMAGE_DATA.test(v))) el.removeAttribute(a.name);
    }
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// The view.

const FONTS = {
  serif: 'Georgia, "Noto Serif", "DejaVu Serif", "Times New Roman", serif',
  sans: 'system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif',
  mono: 'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace',
};

const THEME_VARS = {
  light: '--bg: #ffffff; --fg: #1b1b1f; --muted: #5f6368; --link: #0b57d0; --rule: #dadce0; --bar: #f6f7f8; --code: #f1f3f4;',
  dark: '--bg: #1c1b22; --fg: #e8e6e3; --muted: #a8a6a3; --link: #8ab4f8; --rule: #3c3b44; --bar: #26252d; --code: #2a2931;',
  sepia: '--bg: #f4ecd8; --fg: #5b4636; --muted: #7d6a58; --link: #8b4513; --rule: #d8ccb0; --bar: #ebe1c8; --code: #ebe1c8;',
};

const CSS = `
:host { all: initial; }
.scroller { position: absolute; inset: 0; overflow: auto; overscroll-behavior: contain; outline: none;
  background: var(--bg); color: var(--fg); font-family: var(--font); font-size: var(--fs); line-height: var(--lh);
  -webkit-text-size-adjust: 100%; color-scheme: light; }
.scroller[data-theme="light"], .scroller[data-theme="auto"] { ${THEME_VARS.light} }
.scroller[data-theme="dark"] { ${THEME_VARS.dark} color-scheme: dark; }
.scroller[data-theme="sepia"] { ${THEME_VARS.sepia} }
@media (prefers-color-scheme: dark) { .scroller[data-theme="auto"] { ${THEME_VARS.dark} color-scheme: dark; } }
.bar { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 6px; align-items: center; justify-content: center;
  padding: 6px 10px; background: var(--bar); border-bottom: 1px solid var(--rule);
  font: 13px/1.2 system-ui, sans-serif; }
.bar .group { display: inline-flex; gap: 2px; align-items: center; }
.bar .label { color: var(--muted); margin: 0 4px 0 8px; }
.bar button { font: inherit; color: var(--fg); background: transparent; border: 1px solid var(--rule); border-radius: 4px;
  padding: 3px 8px; cursor: pointer; min-width: 28px; }
.bar button[aria-pressed="true"] { background: var(--fg); color: var(--bg); }
.bar button.close { margin-right: auto; }
.bar .spacer { margin-left: auto; }
.page { box-sizing: border-box; max-width: calc(var(--w) * 1em); margin: 0 auto; padding: 2em 1.2em 4em; }
.site { color: var(--muted); font-size: 0.85em; margin: 0 0 0.3em; }
h1.title { font-size: 1.8em; line-height: 1.2; margin: 0 0 0.4em; }
.meta { color: var(--muted); font-size: 0.85em; margin: 0 0 1.5em; padding-bottom: 1em; border-bottom: 1px solid var(--rule); }
.meta span + span::before { content: " \\00b7 "; }
.content { overflow-wrap: break-word; }
.content a { color: var(--link); }
.content img, .content video, .content iframe { max-width: 100%; height: auto; }
.content iframe { aspect-ratio: 16 / 9; width: 100%; border: 0; }
.content figure { margin: 1.5em 0; }
.content figcaption, .content .wp-caption-text, .content .wp-element-caption { color: var(--muted); font-size: 0.85em; margin-top: 0.4em; }
.content pre, .content code { font-family: ${FONTS.mono}; font-size: 0.9em; background: var(--code); }
.content pre { padding: 0.8em; overflow: auto; line-height: 1.4; }
.content blockquote { margin: 1em 0; padding: 0 1em; border-left: 3px solid var(--rule); color: var(--muted); }
.content table { border-collapse: collapse; max-width: 100%; display: block; overflow: auto; }
.content td, .content th { border: 1px solid var(--rule); padding: 0.3em 0.5em; }
.content hr { border: 0; border-top: 1px solid var(--rule); }
.message { color: var(--muted); }
`;

let sheet = null;
function styleInto(root) {
  try {
    sheet ??= new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Where a constructed sheet cannot be adopted from a content script: a style element.
    const s = document.createElement('style');
    s.textContent = CSS;
    root.append(s);
  }
}

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, v);
  el.append(...children.filter((c) => c != null));
  return el;
}

/** Host element styles: over the whole viewport, above the page, out of the page's reach. */
const HOST_STYLE = {
  all: 'initial',
  display: 'block',
  position: 'fixed',
  inset: '0',
  'z-index': '2147483647',
  margin: '0',
  padding: '0',
  border: '0',
  transform: 'none',
  filter: 'none',
  opacity: '1',
  visibility: 'visible',
  contain: 'strict',
};

/** Events that stop at the host, so the page's own listeners never see what the reader does. */
const CONTAINED_EVENTS = ['keydown', 'keyup', 'keypress', 'click', 'dblclick', 'auxclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'touchstart', 'touchend', 'input', 'focusin', 'focusout'];

export class ReaderView {
  /** `onSetting(key, value)` saves one setting; `onClose()` asks to close. */
  constructor({ settings, onSetting, onClose }) {
    this.settings = settings;
    this.onSetting = onSetting;
    this.onClose = onClose;
    this.host = null;
    this.saved = null;
  }

  get isOpen() {
    return !!this.host;
  }

  /** Shows `article` (or a message when `article` is null). */
  open(article, message) {
    if (this.host) this.close();
    this.saved = { x: window.scrollX, y: window.scrollY, focus: document.activeElement };
    const host = document.createElement(HOST_TAG);
    for (const [k, v] of Object.entries(HOST_STYLE)) host.style.setProperty(k, v, 'important');
    const root = host.attachShadow({ mode: 'closed' });
    styleInto(root);
    for (const t of CONTAINED_EVENTS) host.addEventListener(t, (e) => e.stopPropagation());
    this.scroller = h('div', { class: 'scroller', tabindex: '-1', role: 'document' });
    this.scroller.append(this.toolbar(), article ? this.articleEl(article) : h('div', { class: 'page' }, h('p', { class: 'message' }, message || '')));
    root.append(this.scroller);
    this.scroller.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.onClose();
    });
    this.apply(this.settings);
    document.documentElement.append(host);
    this.host = host;
    this.scroller.focus({ preventScroll: true });
  }

  close() {
    if (!this.host) return;
    this.host.remove();
    this.host = this.scroller = null;
    const s = this.saved;
    this.saved = null;
    if (s) {
      if (s.focus && s.focus !== document.body && s.focus.isConnected) s.focus.focus?.({ preventScroll: true });
      window.scrollTo(s.x, s.y);
    }
  }

  articleEl(a) {
    const rt = readingTime(a.text);
    const doc = new DOMParser().parseFromString(`<!DOCTYPE html><body>${a.content_html}`, 'text/html');
    const content = h('div', { class: 'content' });
    content.append(...scrub(doc.body).childNodes);
    const meta = h('p', { class: 'meta' },
      a.byline ? h('span', { class: 'byline' }, a.byline) : null,
      h('span', { class: 'reading-time', title: `${rt.words} words` }, rt.label));
    return h('article', { class: 'page', lang: a.lang || null, dir: a.dir || null },
      a.site_name ? h('p', { class: 'site' }, a.site_name) : null,
      h('h1', { class: 'title' }, a.title || document.title),
      meta,
      content);
  }

  toolbar() {
    const btn = (label, title, data, onClick) => {
      const b = h('button', { type: 'button', title, 'aria-label': title, ...data }, label);
      b.addEventListener('click', onClick);
      return b;
    };
    const step = (key, dir) => () => {
      const next = stepReader(this.settings, key, dir);
      this.set(key, next[key]);
    };
    const choice = (key, value, label) => btn(label, `${key.replace('reader', '')}: ${value}`, { 'data-key': key, 'data-value': value }, () => this.set(key, value));
    return h('div', { class: 'bar', role: 'toolbar', 'aria-label': 'Reader mode' },
      btn('\u00d7 Close', 'Close reader mode (Esc)', { class: 'close', 'data-action': 'close' }, () => this.onClose()),
      h('span', { class: 'group' },
        btn('A\u2212', 'Smaller text', { 'data-action': 'font-smaller' }, step('readerFontSize', -1)),
        btn('A+', 'Larger text', { 'data-action': 'font-larger' }, step('readerFontSize', 1))),
      h('span', { class: 'group' }, ...READER_FONTS.map((f) => choice('readerFont', f, f[0].toUpperCase() + f.slice(1)))),
      h('span', { class: 'group' }, h('span', { class: 'label' }, 'Width'),
        btn('\u2212', 'Narrower', { 'data-action': 'width-narrower' }, step('readerWidth', -1)),
        btn('+', 'Wider', { 'data-action': 'width-wider' }, step('readerWidth', 1))),
      h('span', { class: 'group' }, h('span', { class: 'label' }, 'Lines'),
        btn('\u2212', 'Tighter lines', { 'data-action': 'lines-tighter' }, step('readerLineHeight', -1)),
        btn('+', 'Looser lines', { 'data-action': 'lines-looser' }, step('readerLineHeight', 1))),
      h('span', { class: 'group' }, ...READER_THEMES.map((t) => choice('readerTheme', t, t[0].toUpperCase() + t.slice(1)))));
  }

  set(key, value) {
    this.apply(parseSettings({ ...this.settings, [key]: value }));
    this.onSetting(key, this.settings[key]);
  }

  /** Applies the reading settings to the open view (also when they change elsewhere). */
  apply(settings) {
    this.settings = settings;
    const sc = this.scroller;
    if (!sc) return;
    sc.dataset.theme = settings.readerTheme;
    sc.dataset.font = settings.readerFont;
    sc.style.setProperty('--font', FONTS[settings.readerFont]);
    sc.style.setProperty('--fs', `${settings.readerFontSize}px`);
    sc.style.setProperty('--lh', String(settings.readerLineHeight));
    sc.style.setProperty('--w', String(settings.readerWidth));
    for (const b of sc.querySelectorAll('button[data-key]')) {
      b.setAttribute('aria-pressed', String(settings[b.dataset.key] === b.dataset.value));
    }
  }
}
