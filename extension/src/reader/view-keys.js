// Reader mode's keyboard: the keys of the view and moving inside it (to the next heading, to an
// in-page anchor or footnote) without ever scrolling the page underneath.

/** Key -> action. Letters work without modifiers; form controls keep their own keys. */
export const KEYS = Object.freeze({
  j: 'next-heading',
  k: 'previous-heading',
  '+': 'larger',
  '=': 'larger',
  '-': 'smaller',
  t: 'theme',
  s: 'read-aloud',
  Escape: 'close',
});

/** What the keys do, for the view's own help line and the README. */
export const KEY_HELP = 'J / K next and previous heading \u00b7 + / \u2212 text size \u00b7 T theme \u00b7 S read aloud \u00b7 Esc close';

/** The action of a keydown in the view, or null (modifiers held, or typed into a control). */
export function keyAction(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const target = e.composedPath?.()[0] || e.target;
  if (e.key !== 'Escape' && /^(input|select|textarea)$/.test(target?.localName || '')) return null;
  return Object.hasOwn(KEYS, e.key) ? KEYS[e.key] : Object.hasOwn(KEYS, e.key.toLowerCase()) && /^[a-z]$/i.test(e.key) ? KEYS[e.key.toLowerCase()] : null;
}

/** Scrolls the view's own scroller so `el` stands just under the sticky bar (the page stays). */
export function scrollToEl(scroller, el) {
  const bar = scroller.querySelector(':scope > .bar');
  const under = (bar ? bar.getBoundingClientRect().height : 0) + 8;
  scroller.scrollTop += el.getBoundingClientRect().top - scroller.getBoundingClientRect().top - under;
}

/** Scrolls `el` into the visible part of the view when it is not (read aloud follows this). */
export function keepInView(scroller, el) {
  const bar = scroller.querySelector(':scope > .bar');
  const top = scroller.getBoundingClientRect().top + (bar ? bar.getBoundingClientRect().height : 0);
  const bottom = scroller.getBoundingClientRect().bottom;
  const r = el.getBoundingClientRect();
  if (r.top < top || r.bottom > bottom) scrollToEl(scroller, el);
}

/** Gives `el` the focus without scrolling (a heading or anchor target: screen readers follow). */
export function focusQuietly(el) {
  if (!el.matches('a[href], button, [tabindex]')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: true });
}

/**
 * The heading after (`dir` 1) or before (-1) the reading position; null past the last or first.
 * The reading position is just under the bar; at the very top of the article, what stands in
 * the first quarter of the view (the title) is where reading already is.
 */
export function nextHeading(scroller, dir) {
  const list = [...scroller.querySelectorAll('.page > .title, .content :is(h1, h2, h3, h4, h5, h6)')];
  const bar = scroller.querySelector(':scope > .bar');
  const line = scroller.getBoundingClientRect().top + (bar ? bar.getBoundingClientRect().height : 0) + 8;
  const reached = scroller.scrollTop < 1 ? scroller.clientHeight / 4 : 2;
  const tops = list.map((h) => h.getBoundingClientRect().top - line);
  if (dir > 0) return list.find((_, i) => tops[i] > reached) || null;
  return list.findLast((_, i) => tops[i] < -2) || null;
}

/** The element an in-view link such as `#reader-fn1` points to, or null. */
export function anchorTarget(root, href) {
  if (!href?.startsWith('#') || href.length < 2) return null;
  let id;
  try {
    id = decodeURIComponent(href.slice(1));
  } catch {
    return null;
  }
  return root.getElementById?.(id) || [...root.querySelectorAll('[name]')].find((el) => el.getAttribute('name') === id) || null;
}
