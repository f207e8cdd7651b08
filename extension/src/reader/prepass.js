// Reader mode's live-DOM pre-pass: the page as the reader sees it, copied into an inert document
// without what adstrip hid and what is really invisible in the live page (computed display:none
// and visibility:hidden, zero-size boxes without media, fixed overlays), with each image's real
// address taken from the live element (currentSrc, the lazy loaders' attributes, srcset) and
// captions kept whatever the page's styles do to them. The live document is only read.

import { MARKER, LAZY_SRC_ATTRS, LAZY_SRCSET_ATTRS } from '../contract.gen.js';

export const HOST_TAG = 'adstrip-reader';
/** Captions are kept whatever the page's styles do to them (hover-only captions, wp-caption). */
const CAPTION_SEL = 'figcaption, .wp-caption-text, .wp-element-caption, .wp-caption-dd, .gallery-caption';
/** What makes a zero-size box worth keeping: it holds media. */
const MEDIA_SEL = 'img, picture, video, audio, svg, iframe, canvas, math';
/** Elements the style checks never look at: not rendered by nature, or kept whole. */
const UNCHECKED = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'meta',
  'link',
  'title',
  'base',
  'br',
  'wbr',
  'hr',
  'source',
  'track',
  'area',
  'map',
  'param',
  'col',
  'colgroup',
]);
/** Subtrees kept whole: their inner boxes are laid out by other rules (closed details, SVG, MathML). */
const KEEP_WHOLE = new Set(['details', 'svg', 'math', 'picture', 'video', 'audio', 'figure']);
/** Table parts are never dropped for being empty: that would shift the columns. */
const TABLE_PARTS = new Set(['table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'caption']);
/** A fixed element holding more than this share of the page's text is the page, not an overlay. */
const FIXED_TEXT_SHARE = 0.5;
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
  let best = null,
    bestN = -1;
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
  for (const a of LAZY_SRC_ATTRS) {
    const v = img.getAttribute(a);
    if (v && !isPlaceholder(v)) return absolute(v, base);
  }
  for (const a of LAZY_SRCSET_ATTRS) {
    const v = img.getAttribute(a);
    const u = v && bestFromSrcset(v);
    if (u && !isPlaceholder(u)) return absolute(u, base);
  }
  const src = img.getAttribute('src');
  return src && !isPlaceholder(src) ? absolute(src, base) : null;
}

/** What the pre-pass does with one live element: leave it out, copy its subtree as it is, or
 *  copy it alone and look at its children. `img` also gets its real address on the copy. */
function decide(el, { body, bodyText, view, inBody }, stats) {
  const tag = el.localName;
  if (tag === HOST_TAG || el.hasAttribute(MARKER)) return ['drop', 'adstrip'];
  if (UNCHECKED.has(tag) || el === body || !inBody) return ['descend'];
  if (el.matches(CAPTION_SEL)) return ['whole'];
  const cs = view.getComputedStyle(el);
  if (cs.display === 'none') return ['drop', 'hidden'];
  if (cs.visibility === 'hidden' || cs.visibility === 'collapse') return ['drop', 'hidden'];
  if (cs.position === 'fixed' && el.textContent.length < bodyText * FIXED_TEXT_SHARE) return ['drop', 'fixed'];
  if (KEEP_WHOLE.has(tag)) return ['whole'];
  if (tag === 'img' || cs.display === 'contents' || TABLE_PARTS.has(tag)) return ['descend'];
  const r = el.getBoundingClientRect();
  if ((r.width === 0 || r.height === 0) && !el.querySelector(MEDIA_SEL)) {
    // A zero-size box shows its content only if it lets it overflow.
    const clipped = (r.width === 0 && cs.overflowX !== 'visible') || (r.height === 0 && cs.overflowY !== 'visible');
    if (clipped || !el.textContent.trim()) return ['drop', 'zeroSize'];
  }
  stats.checked++;
  return ['descend'];
}

/** The copy of a live `img` gets the address the live image shows (lazy loaders resolved). */
function resolveImage(el, copy, base, stats) {
  const u = liveImageUrl(el, base);
  if (u) {
    copy.setAttribute('src', u);
    stats.images++;
  }
  for (const a of [...LAZY_SRC_ATTRS, ...LAZY_SRCSET_ATTRS, 'sizes', 'loading']) copy.removeAttribute(a);
}

/**
 * The live-DOM pre-pass: serialises a copy of `doc` without what adstrip hid and what is
 * really invisible in the live page, with lazy images resolved from the live elements.
 * Returns {html, stats}. The live document is only read; nothing of the copy loads or runs.
 * The copy is made while walking (each kept element copied alone into an inert document, each
 * left-out subtree never visited), without recursion: a page nested 20,000 deep costs what its
 * elements cost, not the square of its depth.
 */
export function livePrepass(doc = document) {
  const t0 = performance.now();
  const base = doc.baseURI;
  const liveRoot = doc.documentElement;
  // The copy goes into an inert document: a copy owned by the live page would start loading
  // its images (and run their onerror handlers in the page) even while detached.
  const inert = doc.implementation.createHTMLDocument('');
  const root = inert.importNode(liveRoot, false);
  const stats = { elements: liveRoot.getElementsByTagName('*').length, adstrip: 0, hidden: 0, zeroSize: 0, fixed: 0, images: 0, checked: 0, ms: 0 };
  const body = doc.body;
  const ctx = { body, bodyText: Math.max(1, body?.textContent.length || 0), view: doc.defaultView, inBody: false };
  // Each frame: a live element, its copy, the next live child to look at, whether it is in body.
  const stack = [[liveRoot, root, liveRoot.firstChild, false]];
  const resolved = new Set(); // copied pictures whose image got its live address
  while (stack.length) {
    const top = stack[stack.length - 1];
    const [, copyParent, child, inBody] = top;
    if (!child) {
      stack.pop();
      continue;
    }
    top[2] = child.nextSibling;
    if (child.nodeType !== 1) {
      copyParent.appendChild(inert.importNode(child, false));
      continue;
    }
    ctx.inBody = inBody;
    const [what, why] = decide(child, ctx, stats);
    if (what === 'drop') {
      stats[why]++;
      continue;
    }
    const copy = inert.importNode(child, what === 'whole');
    copyParent.appendChild(copy);
    if (child.localName === 'img') {
      resolveImage(child, copy, base, stats);
      if (copyParent.localName === 'picture') resolved.add(copyParent);
    }
    if (what === 'descend') stack.push([child, copy, child.firstChild, inBody || child === body]);
  }
  // An image in a picture shows its resolved address only without the picture's sources.
  for (const picture of resolved) for (const s of [...picture.querySelectorAll('source')]) s.remove();
  // What never reaches an article, dropped before serialising (JSON-LD stays: metadata).
  for (const c of [...root.querySelectorAll('script:not([type="application/ld+json"]), style, link[rel~="stylesheet"], template')]) c.remove();
  const html = '<!DOCTYPE html>\n' + root.outerHTML;
  stats.ms = performance.now() - t0;
  return { html, stats };
}
