// The applier's change records: what each change replaced, and how to put it back. A record is
// {type: 'hide', el, style, title, marker, reason} (an element hidden), {type: 'wrap', span}
// (a text run wrapped in a hidden span), {type: 'style', el, style} (inline style set) or
// {type: 'keep', el} (an element the article guard protects, marked).

import { MARKER, REASON, KEEP } from './contract.gen.js';

/** The element a change record is about. */
export const changed = (c) => (c.type === 'wrap' ? c.span : c.el);

// Reads the attribute before changing it: Chromium writes a style attribute changed through
// `el.style` back lazily, and a removal of the attribute without that read comes back later as
// style="" (the empty inline style serialised).
export function restoreAttr(el, name, value) {
  const now = el.getAttribute(name);
  if (value == null) {
    if (now != null) el.removeAttribute(name);
  } else if (now !== value) el.setAttribute(name, value);
}

/** Undoes one change record. */
export function revert(c) {
  if (c.type === 'hide') {
    restoreAttr(c.el, MARKER, c.marker);
    restoreAttr(c.el, REASON, c.reason);
    restoreAttr(c.el, 'title', c.title);
    restoreAttr(c.el, 'style', c.style);
  } else if (c.type === 'wrap') {
    const p = c.span.parentNode;
    if (p) while (c.span.firstChild) p.insertBefore(c.span.firstChild, c.span);
    c.span.remove();
  } else if (c.type === 'style') {
    restoreAttr(c.el, 'style', c.style);
  } else if (c.type === 'keep') {
    c.el.removeAttribute(KEEP);
  }
}
