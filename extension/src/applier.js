// The applier: the only code that changes a page for adstrip. The wasm core decides (its
// findings), the service worker decides on strict-CSP pages (rows with a CSS selector), the user
// decides (their own selectors); this hides what they name, marks what the article guard
// protects, shows it outlined on request, and undoes all of it exactly. Every change records
// what it replaced (attributes, inline style, title, the text node it wrapped), so undo puts back
// the very DOM the page had. It never hides html, head or body, whatever asks; what is already
// hidden (by it, or inside something it hid) is left as it is.
//
// Used by the content script and by the www playground and self-check page (one code path).

import { MARKER, REASON, KEEP, OPEN, STRUCTURE_TAGS } from './contract.gen.js';
import { wouldHidePage } from './page-guard.js';
import { changed, restoreAttr, revert } from './change-record.js';

/** The rule id of the user's own selectors; their reason in the page never names the selector. */
export const USER_RULE = 'user-selector';
export const USER_REASON = 'your own rule';
const OUTLINE = '2px dashed #d33';
/** While outlined: the label drawn in place ("Ad: reason"), and the mark of a block that has
 *  no size of its own (an empty slot: labelled, never outlined across the text around it). */
const SHOW = 'data-adstrip-show';
const EMPTY = 'data-adstrip-empty';
const FOCUS = 'data-adstrip-focus';
/** How long a block jumped to from the popup stays highlighted. */
const FOCUS_MS = 2500;
/** The labels' stylesheet, adopted by the document while outlined (a page's style-src cannot
 *  block a constructed sheet); white on #b3261e is 6.5:1, white on #474747 9:1. */
const SHOW_CSS = `
[${SHOW}]::before { content: attr(${SHOW}) !important; display: block !important; box-sizing: border-box !important;
  max-width: 100% !important; margin: 0 0 2px !important; padding: 2px 6px !important; border-radius: 3px !important;
  font: 600 12px/1.35 system-ui, sans-serif !important; letter-spacing: 0 !important; text-transform: none !important;
  text-align: left !important; color: #fff !important; background: #b3261e !important; white-space: normal !important;
  position: static !important; float: none !important; visibility: visible !important; opacity: 1 !important; }
span[${SHOW}]::before { display: inline-block !important; margin: 0 4px 0 0 !important; }
[${SHOW}][${EMPTY}]::before { background: #474747 !important; }
[${FOCUS}] { outline: 4px solid #0b57d0 !important; outline-offset: 2px !important; }
`;
const STRUCTURE = new Set(STRUCTURE_TAGS);

const normText = (s) => s.replace(/\s+/g, ' ').trim();

/** Whether el's inline style hides it the way adstrip does (display: none !important). */
export function isHiddenInline(el) {
  const st = el.style;
  return !!st && st.getPropertyValue('display') === 'none' && st.getPropertyPriority('display') === 'important';
}

/** Sets display: none !important inline (also on elements without a style object, e.g. MathML). */
export function hideStyle(el) {
  if (el.style) el.style.setProperty('display', 'none', 'important');
  else el.setAttribute('style', 'display: none !important');
}

/** Whether el, shown, has no box of its own to outline (zero height or width). */
function isEmptyBox(el) {
  const r = el.getBoundingClientRect?.();
  return !r || r.height < 1 || r.width < 1;
}

/** Adopts the labels' stylesheet into `doc` (null: takes it away again). */
function labelSheet(doc, owner) {
  const prev = owner.labelDoc;
  if (prev && prev !== doc) {
    try {
      if (owner.labelSheet) prev.adoptedStyleSheets = prev.adoptedStyleSheets.filter((s) => s !== owner.labelSheet);
      owner.labelStyle?.remove();
    } catch {
      /* the page replaced adoptedStyleSheets */
    }
    owner.labelDoc = owner.labelStyle = null;
  }
  if (!doc || owner.labelDoc === doc) return;
  owner.labelDoc = doc;
  try {
    const view = doc.defaultView;
    owner.labelSheet = new view.CSSStyleSheet(); // one per document: a constructed sheet cannot be shared
    owner.labelSheet.replaceSync(SHOW_CSS);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, owner.labelSheet];
  } catch {
    // Where a constructed sheet cannot be adopted (an older engine, a content script's view of
    // the page): a style element on the root, taken away again with the labels.
    owner.labelSheet = null;
    const st = doc.createElement('style');
    st.textContent = SHOW_CSS;
    doc.documentElement?.append(st);
    owner.labelStyle = st;
  }
}

/** Change records kept before those of elements the page has removed are let go (a page that
 *  re-inserts an ad forever would otherwise grow the list without end). */
export const PRUNE_AT = 1000;

export class Applier {
  /** `onHide(el)` is called with every element hidden (the content script guards it). */
  constructor({ onHide } = {}) {
    this.onHide = onHide || null;
    this.changes = [];
    this.pruneAt = PRUNE_AT;
    this.hidden = new WeakSet(); // elements and wrap spans hidden by this applier
    this.kept = new WeakSet();
    this.outlined = false;
  }

  /** How many elements and text runs are hidden now. */
  get count() {
    let n = 0;
    for (const c of this.changes) if (c.type === 'hide' || c.type === 'wrap') n++;
    return n;
  }

  /** Whether el is hidden already: by this applier, or inside what it (or a marker) hid. */
  isHidden(el) {
    if (this.hidden.has(el)) return true;
    return !!el.closest?.(`[${MARKER}]`);
  }

  /** Hides el with marker `KIND:RULE` and its reason. Returns whether it changed the page. */
  hide(el, marker, reason) {
    if (!el || el.nodeType !== 1 || !el.isConnected || STRUCTURE.has(el.localName)) return false;
    if (this.isHidden(el)) return false;
    this.prune();
    this.changes.push({
      type: 'hide',
      el,
      style: el.getAttribute('style'),
      title: el.getAttribute('title'),
      marker: el.getAttribute(MARKER),
      reason: el.getAttribute(REASON),
    });
    this.hidden.add(el);
    el.setAttribute(MARKER, marker);
    el.setAttribute(REASON, reason);
    hideStyle(el);
    if (this.outlined) this.showOutlined(el, reason);
    this.onHide?.(el);
    return true;
  }

  /** Wraps the text node in a hidden `<span MARKER>`. Returns whether it changed the page. */
  wrapText(textNode, marker, reason) {
    const parent = textNode?.parentNode;
    if (!parent || textNode.nodeType !== 3 || !textNode.isConnected) return false;
    // Already wrapped, or directly inside an element hidden already: nothing to do.
    if (parent.nodeType === 1 && parent.hasAttribute(MARKER)) return false;
    const doc = textNode.ownerDocument;
    const span = doc.createElement('span');
    span.setAttribute(MARKER, marker);
    span.setAttribute(REASON, reason);
    hideStyle(span);
    parent.insertBefore(span, textNode);
    span.appendChild(textNode);
    this.prune();
    this.changes.push({ type: 'wrap', span });
    this.hidden.add(span);
    if (this.outlined) this.showOutlined(span, reason);
    this.onHide?.(span);
    return true;
  }

  /** The text child of `parent` a finding or row names (its text compared with white space
   *  collapsed): the one at `index` if it still holds that text, else the first that does (the
   *  page moved nodes), else the first that contains it. */
  static textChild(parent, index, text) {
    const want = normText(text || '');
    if (!want) return null;
    const same = (n) => n?.nodeType === 3 && normText(n.data) === want;
    const at = index == null ? null : parent.childNodes[index];
    if (same(at)) return at;
    const texts = [...parent.childNodes].filter((n) => n.nodeType === 3);
    return texts.find(same) || texts.find((n) => normText(n.data).includes(want)) || null;
  }

  /**
   * Applies the findings of a wasm scan ({kind, rule, reason, target, element, index, text});
   * returns the ones that changed the page (a finding reported again is not counted again).
   */
  applyFindings(findings) {
    const done = [];
    for (const f of findings || []) {
      const marker = `${f.kind}:${f.rule}`;
      if (f.target === 'text') {
        const parent = f.element;
        if (!parent || !parent.isConnected) continue;
        const n = Applier.textChild(parent, f.index, f.text);
        if (n && this.wrapText(n, marker, f.reason)) done.push(f);
      } else if (this.hide(f.element, marker, f.reason)) {
        done.push(f);
      }
    }
    return done;
  }

  /** Marks what the article guard refused ({rule, why, element}) so the stylesheet leaves it. */
  keep(guarded) {
    for (const g of guarded || []) {
      const el = g.element;
      if (!el || el.nodeType !== 1 || this.kept.has(el) || el.hasAttribute(KEEP)) continue;
      this.kept.add(el);
      this.changes.push({ type: 'keep', el });
      el.setAttribute(KEEP, '');
    }
  }

  /**
   * Applies service-worker rows ({kind, rule, reason, selector, text, target}) to `doc`, for the
   * kinds switched on in `opts`; returns the rows that changed the page.
   */
  applyRows(rows, opts = { ads: true, subscribe: true }, doc = globalThis.document) {
    const done = [];
    for (const r of rows || []) {
      if ((r.kind === 'ad' && !opts.ads) || (r.kind === 'subscribe' && !opts.subscribe)) continue;
      let el;
      try {
        el = doc.querySelector(r.selector);
      } catch {
        el = null;
      }
      if (!el) continue;
      const marker = `${r.kind}:${r.rule}`;
      if (r.target === 'text') {
        const n = Applier.textChild(el, null, r.text);
        if (n && this.wrapText(n, marker, r.reason)) done.push(r);
      } else if (this.hide(el, marker, r.reason)) {
        done.push(r);
      }
    }
    return done;
  }

  /** Hides what the user's selectors select in or at `roots`, as ads with a generic reason.
   *  Returns how many it hid. An invalid selector is skipped, and so is one that would hide the
   *  page here (see `wouldHidePage`): the check is made on what the selector really matches in
   *  this page, so `div`, `:not(p)` or `*:has(*)` are refused on a page where they would blank
   *  it, whatever their text looks like. A selector refused once stays refused on this page. */
  applySelectors(selectors, roots) {
    let n = 0;
    this.refused ??= new Set();
    for (const sel of selectors || []) {
      if (this.refused.has(sel)) continue;
      const els = [];
      for (const root of roots) {
        try {
          if (root.nodeType === 1 && root.matches(sel)) els.push(root);
          if (root.querySelectorAll) els.push(...root.querySelectorAll(sel));
        } catch {
          break; // not a valid selector
        }
      }
      if (!els.length) continue;
      const doc = els[0].ownerDocument;
      if (wouldHidePage(els, doc)) {
        this.refused.add(sel);
        continue;
      }
      for (const el of els) if (this.hide(el, `ad:${USER_RULE}`, USER_REASON)) n++;
    }
    return n;
  }

  /** Sets inline style properties (!important) on el, remembering its style attribute once. */
  setStyle(el, props) {
    if (!this.changes.some((c) => c.type === 'style' && c.el === el)) {
      this.changes.push({ type: 'style', el, style: el.getAttribute('style') });
    }
    for (const [k, v] of Object.entries(props)) el.style.setProperty(k, v, 'important');
  }

  /** Shows el in place with its label; a block with no size of its own (an empty slot) is
   *  labelled "Empty ..." and not outlined, so no line is drawn through the text around it. */
  showOutlined(el, reason) {
    labelSheet(el.ownerDocument, this);
    el.style?.setProperty('display', 'revert', 'important');
    el.setAttribute?.(OPEN, '');
    const kind = (el.getAttribute(MARKER) || '').split(':')[0] === 'subscribe' ? 'Subscribe nag' : 'Ad';
    const empty = isEmptyBox(el);
    if (empty) el.setAttribute(EMPTY, '');
    else el.style?.setProperty('outline', OUTLINE, 'important');
    el.setAttribute(SHOW, `${empty ? `Empty ${kind === 'Ad' ? 'ad slot' : 'subscribe box'}` : kind}: ${reason}`);
    el.setAttribute('title', `adstrip: ${reason}`);
  }

  /** What this applier hid, in page order's first-come order: [{index, kind, rule, reason, empty}];
   *  `empty` is known while outlined (a block with no size of its own). */
  entries() {
    return this.shown().map(({ el }, index) => {
      const [kind, rule] = (el.getAttribute(MARKER) || ':').split(':');
      return { index, kind, rule, reason: el.getAttribute(REASON) || '', empty: this.outlined ? el.hasAttribute(EMPTY) : null };
    });
  }

  /** The hidden elements and text runs with their change records. */
  shown() {
    const out = [];
    for (const c of this.changes) {
      const el = c.type === 'hide' ? c.el : c.type === 'wrap' ? c.span : null;
      if (el && el.isConnected) out.push({ el, c });
    }
    return out;
  }

  /** Scrolls the page to entry `index` (outlines must be on) and highlights it for a moment. */
  jumpTo(index) {
    const e = this.shown()[index];
    if (!e || !this.outlined) return false;
    const el = e.el;
    el.scrollIntoView({ block: 'center', behavior: 'instant' });
    el.setAttribute(FOCUS, '');
    clearTimeout(this.focusTimer);
    this.focusTimer = setTimeout(() => el.removeAttribute(FOCUS), FOCUS_MS);
    return true;
  }

  /** "Show what was hidden": each hidden block in place, outlined, its reason as its title. */
  outline(on) {
    this.outlined = on;
    // The labels' sheet goes into the document the hidden blocks are in (the playground's
    // frame, not the playground).
    labelSheet(on ? (this.shown()[0]?.el.ownerDocument ?? globalThis.document) : null, this);
    // All shown first, then measured (one layout), so a slot is judged empty by its own box.
    const items = this.shown();
    // OPEN lifts the stylesheet from what is inside each (a WordAds unit's own ad).
    if (on)
      for (const { el } of items) {
        el.style?.setProperty('display', 'revert', 'important');
        el.setAttribute?.(OPEN, '');
      }
    for (const { el, c } of items) {
      if (on) {
        this.showOutlined(el, el.getAttribute(REASON) || '');
      } else {
        this.unlabel(el);
        restoreAttr(el, 'title', c.type === 'hide' ? c.title : null);
        hideStyle(el);
      }
    }
  }

  unlabel(el) {
    el.style?.removeProperty('outline');
    for (const a of [SHOW, EMPTY, FOCUS, OPEN]) if (el.hasAttribute(a)) el.removeAttribute(a);
  }

  /** Past `pruneAt` records, lets go of those of elements the page has removed: each is
   *  undone first (its attributes back), so nothing of adstrip stays on an element it no longer
   *  tracks, and one the page inserts again is scanned afresh like any new element. */
  prune() {
    if (this.changes.length < this.pruneAt) return;
    const kept = [];
    for (const c of this.changes) {
      const el = changed(c);
      if (el.isConnected) {
        kept.push(c);
        continue;
      }
      if (this.outlined) this.unlabel(el);
      revert(c);
      this.hidden.delete(el);
      this.kept.delete(el);
    }
    this.changes = kept;
    this.pruneAt = Math.max(PRUNE_AT, kept.length * 2);
  }

  /** Undoes every change, newest first; returns how many there were. */
  undo() {
    const n = this.changes.length;
    if (this.outlined) for (const { el } of this.shown()) this.unlabel(el);
    labelSheet(null, this);
    for (const c of this.changes.splice(0).reverse()) revert(c);
    this.pruneAt = PRUNE_AT;
    this.hidden = new WeakSet();
    this.kept = new WeakSet();
    this.outlined = false;
    return n;
  }
}
