// Reader mode's view: the article's sanitised HTML in a closed shadow root on a full-viewport
// host element appended to <html>. The page underneath is not touched (no attribute, no style,
// no node of its own is changed), so closing removes the host, restores the scroll position and
// leaves exactly the page that was there.
//
// Security: only the core's sanitised `content_html` is rendered (no scripts, handlers,
// javascript: URLs, srcdoc or forms survive it); scrub() checks the same again before anything
// is attached, the markup is parsed in an inert DOMParser document, and the shadow root is
// closed so the page's scripts cannot reach into the view. The view's stylesheet is
// constructed (adoptedStyleSheets), which a page's style-src cannot block.

import { parseSettings, readingTime, stepReader, READER_THEMES } from '../settings.js';
import { HOST_TAG } from './prepass.js';
import { CSS, FONTS } from './view-css.js';
import { toolbar } from './view-bar.js';
import { SpeechControls } from './view-speech.js';
import { PrintLayout } from './view-print.js';
import { toMarkdown, toHtmlFile, fileName, download } from './export.js';
import { keyAction, scrollToEl, focusQuietly, nextHeading, anchorTarget, KEY_HELP } from './view-keys.js';

// Defence in depth over the core's sanitiser: what must never be in the view, checked again.

const NEVER_TAGS = 'script, style, link, meta, base, object, embed, applet, form, input, button, textarea, select, frame, frameset, template, noscript, portal';
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'background', 'longdesc', 'xlink:href', 'data', 'ping']);
const SAFE_URL = /^(https?:|mailto:|#)/i;
const SAFE_IMAGE_DATA = /^data:image\/(png|gif|jpeg|webp|avif);/i;

/**
 * Whether a kept video iframe's `src` is, to the browser's own URL parser, the plain URL it
 * reads as: https, no credentials or port, no escapes in the path, and nothing the parser
 * rewrites (dot segments, `%2e`, `\`, whitespace): the address the frame would load is the
 * one the core's embed check judged by its text. (Which hosts and paths are players is the
 * core's list; this is the second line.)
 */
export function isPlainEmbedUrl(src) {
  let u;
  try {
    u = new URL(src);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port || u.pathname.includes('%')) return false;
  return u.href.toLowerCase() === src.toLowerCase();
}

export function scrub(root) {
  for (const el of [...root.querySelectorAll(NEVER_TAGS)]) el.remove();
  for (const el of [...root.querySelectorAll('*')]) {
    if (el.localName === 'iframe' && (!el.hasAttribute('sandbox') || !isPlainEmbedUrl(el.getAttribute('src') || ''))) {
      el.remove();
      continue;
    }
    for (const a of [...el.attributes]) {
      const name = a.name.toLowerCase();
      const v = a.value.replace(/[\u0000-\u0020]/g, '');
      if (name.startsWith('on') || name === 'srcdoc' || name === 'style' || name === 'srcset' || name === 'is') el.removeAttribute(a.name);
      else if (URL_ATTRS.has(name) && v && !SAFE_URL.test(v) && !(name === 'src' && el.localName === 'img' && SAFE_IMAGE_DATA.test(v)))
        el.removeAttribute(a.name);
    }
  }
  return root;
}

/** The document the view is built in: the page's (the extension), or the playground's
 *  preview frame. Set by open(), which builds the whole view synchronously. */
let doc = globalThis.document;

function styleInto(root) {
  try {
    const sheet = new doc.defaultView.CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // Where a constructed sheet cannot be adopted from a content script: a style element.
    const s = doc.createElement('style');
    s.textContent = CSS;
    root.append(s);
  }
}

function h(tag, attrs = {}, ...children) {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, v);
  el.append(...children.filter((c) => c != null));
  return el;
}

/** Host element styles: over the whole viewport, above the page, out of the page's reach. */
/** Left without !important on the host (see open()). */
const TEXT_SPACING = ['letter-spacing', 'word-spacing', 'line-height'];
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
const CONTAINED_EVENTS = [
  'keydown',
  'keyup',
  'keypress',
  'click',
  'dblclick',
  'auxclick',
  'mousedown',
  'mouseup',
  'pointerdown',
  'pointerup',
  'touchstart',
  'touchend',
  'input',
  'focusin',
  'focusout',
];

/** Separators a site puts between the title and its own name ("Title - Site", "Site | Title"). */
const TITLE_SEPARATORS = [' - ', ' \u2013 ', ' \u2014 ', ' | ', ' :: ', ' \u00bb ', ' \u00b7 '];

/** The title without the site's name at its end or start (when the name is the site's, or its
 *  host); a title that would be left empty or very short is kept whole. */
export function cleanTitle(title, site, host) {
  const t = title.replace(/\s+/g, ' ').trim();
  const names = [site, host, host.replace(/^www\./, '')].map((n) => (n || '').toLowerCase()).filter(Boolean);
  const isName = (part) => {
    const p = part.trim().toLowerCase();
    return names.some((n) => p === n || p.replace(/\s+/g, '') === n.replace(/\s+/g, ''));
  };
  for (const sep of TITLE_SEPARATORS) {
    const end = t.lastIndexOf(sep);
    if (end > 0 && isName(t.slice(end + sep.length)) && end >= 10) return t.slice(0, end).trim();
    const start = t.indexOf(sep);
    if (start > 0 && isName(t.slice(0, start)) && t.length - start - sep.length >= 10) return t.slice(start + sep.length).trim();
  }
  return t;
}

export class ReaderView {
  /** `onSetting(key, value)` saves one setting; `onClose()` asks to close. */
  /** `doc`: where to show it (default: this page); `pageUrl`: the article's address, linked
   *  above the title (default: this page's; null: no link). */
  constructor({ settings, onSetting, onClose, shadowMode = 'closed', doc: where = globalThis.document, pageUrl }) {
    this.doc = where;
    this.pageUrl = pageUrl === undefined ? where.location?.href : pageUrl;
    this.settings = settings;
    this.shadowMode = shadowMode; // 'open' only for the accessibility audits (a test copy, or debugOpenShadow)
    this.onSetting = onSetting;
    this.onClose = onClose;
    this.host = null;
    this.saved = null;
    this.speech = null; // the read-aloud controls of the open view
    this.printing = null; // the print layout of the open view
    this.article = null; // what the open view shows: {title, byline, lang, dir}
  }

  get isOpen() {
    return !!this.host;
  }

  /** Shows `article` (or a message when `article` is null) as a modal dialog: labelled by the
   *  title, Tab and Shift+Tab kept inside, Esc closes (an open "Aa" panel first), focus goes
   *  back where it was on close. */
  open(article, message) {
    if (this.host) this.close();
    doc = this.doc;
    const win = doc.defaultView;
    this.saved = { x: win.scrollX, y: win.scrollY, focus: doc.activeElement };
    const host = doc.createElement(HOST_TAG);
    for (const [k, v] of Object.entries(HOST_STYLE)) host.style.setProperty(k, v, 'important');
    // Text spacing stays open to the reader's own overrides (WCAG 1.4.12); the view sets its
    // own inside, so the page's spacing does not reach the text either way.
    for (const k of TEXT_SPACING) host.style.setProperty(k, 'normal');
    const root = host.attachShadow({ mode: this.shadowMode });
    this.root = root;
    styleInto(root);
    for (const t of CONTAINED_EVENTS) host.addEventListener(t, (e) => e.stopPropagation());
    const body = article ? this.articleEl(article) : h('div', { class: 'page' }, h('p', { class: 'message' }, message || ''));
    const titled = !!body.querySelector('#rv-title');
    this.scroller = h('div', {
      class: 'scroller',
      tabindex: '-1',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': titled ? 'rv-title' : null,
      'aria-label': titled ? null : 'Reader mode',
      'aria-describedby': 'rv-keys',
    });
    this.speech = new SpeechControls(this, h);
    this.scroller.append(toolbar(this, h), h('p', { id: 'rv-keys', class: 'vh' }, `Keys: ${KEY_HELP}`), h('main', { class: 'main' }, body));
    root.append(this.scroller);
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    this.scroller.addEventListener('click', (e) => this.onClick(e));
    this.apply(this.settings);
    doc.documentElement.append(host);
    this.host = host;
    this.printing = new PrintLayout(doc, host);
    this.scroller.focus({ preventScroll: true });
  }

  /** A link to a place in the article (a footnote, a section) scrolls the view, never the page. */
  onClick(e) {
    const a = e.target.closest?.('a[href^="#"]');
    if (!a || !this.root) return;
    e.preventDefault();
    const to = anchorTarget(this.root, a.getAttribute('href'));
    if (!to) return;
    scrollToEl(this.scroller, to);
    focusQuietly(to);
  }

  /** The article as a file: 'markdown' or 'html'. Returns {name, text} (what was saved). */
  exportAs(kind) {
    const content = this.scroller?.querySelector('.main > .page > .content');
    if (!content) return null;
    const a = this.article || {};
    const meta = { title: a.title, byline: a.byline, url: this.pageUrl, lang: a.lang, dir: a.dir };
    const [text, ext, type] = kind === 'markdown' ? [toMarkdown(content, meta), 'md', 'text/markdown'] : [toHtmlFile(content, meta), 'html', 'text/html'];
    const name = fileName(a.title, ext);
    download(this.scroller, name, type, text);
    return { name, text };
  }

  /** Prints the article alone (the print layout follows the browser's print events). */
  print() {
    this.doc.defaultView.print();
  }

  /** What Tab can reach in the view, in order. */
  focusables() {
    return [...this.scroller.querySelectorAll('button, a[href], [tabindex]:not([tabindex="-1"])')].filter((el) => el.getClientRects().length > 0);
  }

  onKey(e) {
    const action = keyAction(e);
    if (action) {
      e.preventDefault();
      this.act(action);
      return;
    }
    if (e.key !== 'Tab') return;
    const items = this.focusables();
    if (!items.length) return;
    const active = this.root.activeElement;
    const i = items.indexOf(active);
    // Wrap around at either end (and from the dialog itself), so focus never reaches the page.
    if (e.shiftKey && i <= 0) {
      e.preventDefault();
      items[items.length - 1].focus();
    } else if (!e.shiftKey && (i === -1 || i === items.length - 1)) {
      e.preventDefault();
      items[0].focus();
    }
  }

  /** Does what a key of the view asks (view-keys.js). */
  act(action) {
    switch (action) {
      case 'close':
        if (this.panelOpen()) this.togglePanel(false, true);
        else this.onClose();
        break;
      case 'next-heading':
      case 'previous-heading': {
        const to = nextHeading(this.scroller, action === 'next-heading' ? 1 : -1);
        if (to) {
          scrollToEl(this.scroller, to);
          focusQuietly(to);
        }
        break;
      }
      case 'larger':
      case 'smaller':
        this.set('readerFontSize', stepReader(this.settings, 'readerFontSize', action === 'larger' ? 1 : -1).readerFontSize);
        break;
      case 'theme':
        this.set('readerTheme', READER_THEMES[(READER_THEMES.indexOf(this.settings.readerTheme) + 1) % READER_THEMES.length]);
        break;
      case 'read-aloud':
        this.speech.toggle();
        break;
    }
  }

  close() {
    if (!this.host) return;
    this.speech?.stop();
    this.printing?.dispose();
    this.speech = this.printing = this.article = null;
    this.host.remove();
    this.host = this.scroller = this.root = null;
    const s = this.saved;
    this.saved = null;
    if (s) {
      if (s.focus && s.focus !== this.doc.body && s.focus.isConnected) s.focus.focus?.({ preventScroll: true });
      this.doc.defaultView?.scrollTo(s.x, s.y);
    }
  }

  articleEl(a) {
    const rt = readingTime(a.text);
    const parsed = new DOMParser().parseFromString(`<!DOCTYPE html><body>${a.content_html}`, 'text/html');
    const content = h('div', { class: 'content' });
    content.append(...scrub(parsed.body).childNodes);
    let url = null;
    try {
      url = this.pageUrl ? new URL(this.pageUrl) : null;
    } catch {
      /* no link */
    }
    if (url && !/^https?:$/.test(url.protocol)) url = null;
    const host = url?.hostname || '';
    const site = (a.site_name || '').trim();
    const title = cleanTitle(a.title || this.doc.title || '', site, host);
    const byline = (a.byline || '').trim();
    this.article = { title, byline, lang: a.lang || '', dir: a.dir || '' };
    const showByline = byline && byline.toLowerCase() !== site.toLowerCase();
    const meta = h(
      'p',
      { class: 'meta' },
      showByline ? h('span', { class: 'byline' }, byline) : null,
      showByline ? ' \u00b7 ' : null,
      h('span', { class: 'reading-time', title: `${rt.words} words` }, rt.label),
      ' read',
    );
    const origin = h(
      'div',
      { class: 'origin' },
      url ? h('a', { class: 'domain', href: url.href }, host) : null,
      site && host && site.toLowerCase() !== host.toLowerCase() ? ' \u00b7 ' : null,
      site && site.toLowerCase() !== host.toLowerCase() ? h('span', { class: 'site' }, site) : null,
    );
    return h(
      'article',
      { class: 'page', lang: a.lang || null, dir: a.dir || null },
      origin.childNodes.length ? origin : null,
      title ? h('h1', { class: 'title', id: 'rv-title' }, title) : null,
      meta,
      content,
    );
  }

  panelOpen() {
    return this.aa?.getAttribute('aria-expanded') === 'true';
  }

  /** The "Aa" panel of text settings (narrow screens; on wide ones the settings are inline). */
  togglePanel(open = !this.panelOpen(), refocus = false) {
    this.aa.setAttribute('aria-expanded', String(open));
    if (open) this.scroller.querySelector('#rv-panel button')?.focus();
    else if (refocus) this.aa.focus();
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
