// The element picker: the user points at something on the page (or walks to it with the
// keyboard), sees what a selector for it would hide, and hides it on this site. The choice is a
// site-scoped user selector (`site##selector` in the settings), so it stays hidden on every
// later visit, shows in the options page, and one click on Undo takes it back.
//
// The panel and the outline live in a shadow root on a host element appended to <html>; the
// page's clicks and keys are held back while the picker is open, so picking a link does not
// follow it. Nothing of the page is changed until the user hides something, and then only
// through the settings (the applier hides user selectors, and undoes them when they go).

import { wouldHidePage } from '../page-guard.js';
import { loadSettings, saveSettings } from '../api.js';
import { addSiteSelector } from '../settings.js';

export const PICKER_TAG = 'adstrip-picker';

const HOST_STYLE = {
  all: 'initial',
  display: 'block',
  position: 'fixed',
  inset: '0',
  'z-index': '2147483647',
  'pointer-events': 'none',
};

const PICKER_CSS = `
:host { color-scheme: light dark; }
.box { position: fixed; box-sizing: border-box; border: 2px solid #b3261e; background: rgba(179, 38, 30, .12);
  pointer-events: none; display: none; }
.panel { position: fixed; left: 50%; bottom: 16px; transform: translateX(-50%); width: min(560px, calc(100vw - 24px));
  box-sizing: border-box; pointer-events: auto; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  background: #fff; color: #1c1b22; border: 1px solid #767676; border-radius: 10px; padding: 12px 14px;
  box-shadow: 0 6px 24px rgba(0, 0, 0, .25); }
.panel:focus { outline: none; }
.panel:focus-visible, button:focus-visible { outline: 3px solid #0b57d0; outline-offset: 2px; }
h2 { font-size: 16px; margin: 0 0 4px; }
p { margin: 4px 0; }
.keys { color: #4d4d4d; font-size: 14px; }
code { display: block; font: 13px/1.4 ui-monospace, monospace; background: #f2f2f2; color: #1c1b22; padding: 4px 6px;
  border-radius: 4px; overflow-wrap: anywhere; max-height: 4.2em; overflow: auto; }
.error { color: #b3261e; font-weight: 600; }
.row { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 8px; }
button { font: inherit; font-size: 14px; padding: 6px 12px; border-radius: 6px; border: 1px solid #767676;
  background: #fff; color: #1c1b22; cursor: pointer; }
button.primary { background: #0b57d0; border-color: #0b57d0; color: #fff; }
button:disabled { opacity: .55; cursor: default; }
@media (prefers-color-scheme: dark) {
  .panel { background: #2b2a33; color: #fbfbfe; border-color: #8f8f9d; }
  .keys { color: #cfcfd8; }
  code { background: #1c1b22; color: #fbfbfe; }
  .error { color: #ff9aa2; }
  button { background: #2b2a33; color: #fbfbfe; border-color: #8f8f9d; }
  button.primary { background: #8ab4f8; border-color: #8ab4f8; color: #1c1b22; }
}
`;

/** Classes and ids that look generated (long digit runs, hashes): they change between visits. */
const UNSTABLE = /\d{3,}|^[a-z]{1,3}-[a-z0-9]{5,}$|[A-Z0-9]{6,}/;
const SIMPLE_NAME = /^-?[A-Za-z_][\w-]*$/;
/** Longest selector the picker builds (the settings take at most 300 characters). */
const MAX_SELECTOR = 280;

function stableClasses(el) {
  return [...el.classList].filter((c) => SIMPLE_NAME.test(c) && !UNSTABLE.test(c)).slice(0, 3);
}

/** One step of a selector path: `tag#id`, or `tag.class…` with `:nth-of-type` when siblings
 *  look the same. */
function step(el) {
  const tag = el.localName;
  if (el.id && SIMPLE_NAME.test(el.id) && !UNSTABLE.test(el.id)) return { part: `${tag}#${CSS.escape(el.id)}`, anchored: true };
  const classes = stableClasses(el);
  let part = tag + classes.map((c) => '.' + CSS.escape(c)).join('');
  const parent = el.parentElement;
  if (parent) {
    const sameTag = [...parent.children].filter((c) => c.localName === tag);
    const alike = sameTag.filter((c) => classes.every((k) => c.classList.contains(k)));
    if (alike.length > 1) part += `:nth-of-type(${sameTag.indexOf(el) + 1})`;
  }
  return { part, anchored: false };
}

/** A selector that selects `el`: the shortest path of steps up from it that selects nothing
 *  else in the page (an id ends the path), or the longest one that fits. */
export function selectorFor(el) {
  const doc = el.ownerDocument;
  const parts = [];
  let best = null;
  for (let cur = el; cur && cur.nodeType === 1 && cur !== doc.body && cur !== doc.documentElement; cur = cur.parentElement) {
    const { part, anchored } = step(cur);
    parts.unshift(part);
    const sel = parts.join(' > ');
    if (sel.length > MAX_SELECTOR) break;
    best = sel;
    let n;
    try {
      n = doc.querySelectorAll(sel).length;
    } catch {
      break;
    }
    if (n === 1 || anchored) return sel;
  }
  return best || el.localName;
}

function h(tag, attrs = {}, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) el.setAttribute(k, v);
  el.append(...kids);
  return el;
}

/** Page events the picker holds back while it is open. */
const HELD = ['click', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'auxclick', 'dblclick', 'contextmenu'];

export class Picker {
  /**
   * `host`: the site the choice is saved for; `save(selector)` resolves to {entry} or {error};
   * `undo(entry)` takes a saved choice back; `onClose()` when the picker is gone.
   */
  constructor({ doc = globalThis.document, host, save, undo, onClose, shadowMode = 'closed' }) {
    Object.assign(this, { doc, site: host, save, undo, onClose, shadowMode });
    this.el = null; // the element pointed at or chosen
    this.smaller = []; // the way back down after "larger"
    this.mode = 'point'; // 'point' | 'chosen' | 'saved'
    this.entry = null;
    this.listeners = [];
  }

  get isOpen() {
    return !!this.hostEl;
  }

  open() {
    if (this.hostEl) return;
    const doc = this.doc;
    const hostEl = doc.createElement(PICKER_TAG);
    for (const [k, v] of Object.entries(HOST_STYLE)) hostEl.style.setProperty(k, v, 'important');
    const root = hostEl.attachShadow({ mode: this.shadowMode });
    const style = h('style');
    style.textContent = PICKER_CSS;
    this.box = h('div', { class: 'box' });
    this.panel = h('div', { class: 'panel', role: 'dialog', 'aria-label': 'Hide an element', tabindex: '-1' });
    root.append(style, this.box, this.panel);
    this.panel.addEventListener('keydown', (e) => this.onKey(e));
    doc.documentElement.append(hostEl);
    this.hostEl = hostEl;
    const win = doc.defaultView;
    this.listen(win, 'mousemove', (e) => this.onMove(e));
    for (const t of HELD) this.listen(win, t, (e) => this.onPageClick(e));
    this.listen(win, 'keydown', (e) => this.onPageKey(e));
    this.listen(win, 'scroll', () => this.outline(), true);
    this.listen(win, 'resize', () => this.outline());
    // The keyboard's start: what is in the middle of the window.
    this.point(this.pageElementAt(win.innerWidth / 2, win.innerHeight / 2));
    this.render();
    this.panel.focus({ preventScroll: true });
  }

  close() {
    if (!this.hostEl) return;
    for (const [t, type, fn, capture] of this.listeners) t.removeEventListener(type, fn, capture);
    this.listeners = [];
    this.hostEl.remove();
    this.hostEl = null;
    this.onClose?.();
  }

  listen(target, type, fn, passive = false) {
    const capture = true;
    const wrapped = (e) => fn(e);
    target.addEventListener(type, wrapped, { capture, passive });
    this.listeners.push([target, type, wrapped, capture]);
  }

  /** The page's element at a point (never the picker itself, html or body). */
  pageElementAt(x, y) {
    for (const el of this.doc.elementsFromPoint(x, y)) {
      if (el === this.hostEl || el === this.doc.documentElement || el === this.doc.body) continue;
      return el;
    }
    return null;
  }

  point(el) {
    this.el = el;
    this.smaller = [];
    this.outline();
  }

  outline() {
    const r = this.el?.isConnected ? this.el.getBoundingClientRect() : null;
    if (!r) {
      this.box.style.display = 'none';
      return;
    }
    Object.assign(this.box.style, { display: 'block', left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`, height: `${r.height}px` });
  }

  onMove(e) {
    if (this.mode !== 'point') return;
    const el = this.pageElementAt(e.clientX, e.clientY);
    if (el && el !== this.el) {
      this.point(el);
      this.render();
    }
  }

  onPageClick(e) {
    if (e.target === this.hostEl) return; // the panel's own buttons
    e.preventDefault();
    e.stopImmediatePropagation();
    if (e.type !== 'click' || this.mode === 'saved') return;
    const el = this.pageElementAt(e.clientX, e.clientY);
    if (el) this.choose(el);
  }

  /** Keys while the page has the focus: Esc closes; the rest go to the panel. */
  onPageKey(e) {
    if (e.target === this.hostEl) return; // handled in the panel
    e.preventDefault();
    e.stopImmediatePropagation();
    this.onKey(e);
    this.panel.focus({ preventScroll: true });
  }

  onKey(e) {
    const onButton = e.composedPath?.()[0]?.localName === 'button';
    if (e.key === 'Escape') this.close();
    else if (e.key === 'Tab') {
      // Focus stays in the panel (its buttons and the panel itself).
      const stops = [this.panel, ...this.panel.querySelectorAll('button:not(:disabled)')];
      const at = stops.indexOf(this.panel.getRootNode().activeElement);
      stops[(at + (e.shiftKey ? -1 : 1) + stops.length) % stops.length].focus();
    } else if (e.key === 'ArrowUp') this.larger();
    else if (e.key === 'ArrowDown') this.smallerStep();
    else if (e.key === 'Enter' && !onButton) {
      if (this.mode === 'point' && this.el) this.choose(this.el);
      else if (this.mode === 'chosen') this.hide();
      else if (this.mode === 'saved') this.close();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  }

  choose(el) {
    this.mode = 'chosen';
    this.point(el);
    this.render();
  }

  larger() {
    const up = this.el?.parentElement;
    if (this.mode === 'saved' || !up || up === this.doc.body || up === this.doc.documentElement) return;
    const back = this.smaller.concat(this.el);
    this.el = up;
    this.smaller = back;
    this.outline();
    this.render();
  }

  smallerStep() {
    if (this.mode === 'saved' || !this.smaller.length) return;
    const back = this.smaller.slice(0, -1);
    this.el = this.smaller[this.smaller.length - 1];
    this.smaller = back;
    this.outline();
    this.render();
  }

  /** The chosen element's selector, what it selects, and whether hiding that is allowed. */
  verdict() {
    const selector = selectorFor(this.el);
    let els = [];
    try {
      els = [...this.doc.querySelectorAll(selector)];
    } catch {
      /* refused below */
    }
    const refused = !els.length ? 'This element cannot be selected' : wouldHidePage(els, this.doc) ? 'Refused: this would hide the page itself' : null;
    return { selector, count: els.length, refused };
  }

  async hide() {
    const v = this.verdict();
    if (v.refused) return;
    const r = await this.save(v.selector);
    if (r?.error) {
      this.error = r.error;
      this.render();
      return;
    }
    this.entry = r.entry;
    this.mode = 'saved';
    this.box.style.display = 'none';
    this.render();
  }

  async undoSaved() {
    if (this.entry) await this.undo(this.entry);
    this.entry = null;
    this.close();
  }

  button(label, onClick, attrs = {}) {
    const b = h('button', { type: 'button', ...attrs }, label);
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      onClick();
    });
    return b;
  }

  render() {
    const p = this.panel;
    const site = this.site || 'this site';
    const keys = (t) => h('p', { class: 'keys' }, t);
    p.replaceChildren();
    if (this.mode === 'point') {
      p.append(
        h('h2', {}, 'Hide an element'),
        h('p', {}, `Point at what to hide on ${site} and click it.`),
        keys('Keys: ↑ larger, ↓ smaller, Enter choose, Esc cancel.'),
        h(
          'div',
          { class: 'row' },
          this.button('Cancel', () => this.close()),
        ),
      );
      return;
    }
    if (this.mode === 'saved') {
      p.append(
        h('h2', {}, `Hidden on ${site}`),
        h('p', { role: 'status' }, 'It stays hidden on your next visits. You can remove it in the options.'),
        h(
          'div',
          { class: 'row' },
          this.button('Undo', () => this.undoSaved()),
          this.button('Done', () => this.close(), { class: 'primary' }),
        ),
      );
      p.querySelector('button.primary').focus();
      return;
    }
    const v = this.verdict();
    const what = v.refused || `${v.count} element${v.count === 1 ? '' : 's'} will be hidden on ${site}.`;
    p.append(
      h('h2', {}, 'Hide this?'),
      h('code', {}, v.selector),
      h('p', { role: 'status', class: v.refused || this.error ? 'error' : null }, this.error || what),
      keys('Keys: ↑ larger, ↓ smaller, Enter hide, Esc cancel. Or click another element.'),
      h(
        'div',
        { class: 'row' },
        this.button(`Hide on ${site}`, () => this.hide(), { class: 'primary', ...(v.refused ? { disabled: '' } : {}) }),
        this.button('Larger', () => this.larger()),
        this.button('Smaller', () => this.smallerStep(), this.smaller.length ? {} : { disabled: '' }),
        this.button('Cancel', () => this.close()),
      ),
    );
    this.error = null;
  }
}

/** Saves a site-scoped selector in the settings (the content script applies it when the
 *  settings change); resolves to {entry} or {error}. */
export async function saveSiteSelector(host, selector, doc = globalThis.document) {
  const settings = await loadSettings();
  const r = addSiteSelector(settings, host, selector, (s) => doc.querySelector(s));
  if (r.error) return r;
  if (r.settings !== settings) await saveSettings(r.settings);
  return { entry: r.entry };
}

/** Takes a saved selector out of the settings again. */
export async function removeSelector(entry) {
  const settings = await loadSettings();
  if (!settings.extraSelectors.includes(entry)) return;
  await saveSettings({ ...settings, extraSelectors: settings.extraSelectors.filter((s) => s !== entry) });
}

/** The page's one picker (the popup's "Hide an element"): what the user picks is saved as a
 *  selector for `host`. Returns true once it is open. */
let current = null;
export function openPicker(host, shadowMode = 'closed') {
  if (current?.isOpen) return true;
  current = new Picker({ host, shadowMode, save: (sel) => saveSiteSelector(host, sel), undo: removeSelector, onClose: () => (current = null) });
  current.open();
  return true;
}
