// The pre-check: whether a frame (or what a page added to it) may hold anything the core would
// hide, asked before the core's wasm is loaded. Generated data (PRECHECK in contract.gen.js,
// from the detectors' own declarations) and this walk make a superset of the native
// `detect::precheck`, which tests/precheck.rs proves never skips a page the core acts on: when
// in doubt (a selector this browser cannot parse, an error), the answer is yes.

import { PRECHECK, ADVANCED_ADS_PREFIX, PAGE_URL_SOURCES } from '../contract.gen.js';

const HIDDEN_TEXT = 'script, style, noscript, template, textarea';
const LABELS = new Set(PRECHECK.labels);
const PREFIX = new RegExp(ADVANCED_ADS_PREFIX);

/** The complex selectors of a selector list (split at its top-level commas). */
export function splitSelectors(list) {
  const out = [];
  let depth = 0;
  let quote = null;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out.filter(Boolean);
}

/** A type, class or id selector alone, which browsers answer from their indexes. */
const SIMPLE = /^(?:[a-z][a-z0-9-]*)?(?:[.#][A-Za-z_-][A-Za-z0-9_-]*)?$/;
/** The pre-check's selectors one by one, the cheap ones first: asked one at a time they stop at
 *  the first that matches, and a page without any costs less than the whole list asked at once
 *  (measured in Chromium: 17 ms against 47 ms on a 10,000-element page). */
const PARTS = (() => {
  const parts = splitSelectors(PRECHECK.selector);
  return [...parts.filter((x) => SIMPLE.test(x)), ...parts.filter((x) => !SIMPLE.test(x))];
})();

/** The Advanced Ads prefix of `host` (`detect::advanced_ads::host_prefix`): its first five
 *  word characters in a row that start with a letter. */
export function hostPrefix(host) {
  const m = PREFIX.exec(host || '');
  return m ? m[0] : null;
}

/** Whether the text of one text node is one the core's text walk would take: holding a
 *  subscribe line, or a label whole (white space collapsed, lower-cased, bare or in dashes). */
export function textMayHold(data) {
  if (data.length > PRECHECK.maxHit) return false;
  if (PRECHECK.contains.some((n) => data.includes(n))) return true;
  if (!LABELS.size || data.length > PRECHECK.maxEquals) return false;
  const norm = data.split(/\s+/).filter(Boolean).join(' ').toLowerCase();
  return LABELS.has(norm) || (norm.startsWith('- ') && norm.endsWith(' -') && LABELS.has(norm.slice(2, -2)));
}

function anyText(doc, root) {
  if (!PRECHECK.contains.length && !LABELS.size) return false;
  if (root.nodeType === 3) return textMayHold(root.data) && !root.parentElement?.closest(HIDDEN_TEXT);
  const walker = doc.createTreeWalker(root, 4 /* SHOW_TEXT */);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (textMayHold(t.data) && !t.parentElement?.closest(HIDDEN_TEXT)) return true;
  }
  return false;
}

function anyCode(root, selector, words) {
  if (!words.length) return false;
  const holds = (el) => words.some((w) => el.textContent.includes(w));
  if (root.matches?.(selector) && holds(root)) return true;
  for (const el of root.querySelectorAll(selector)) if (holds(el)) return true;
  return false;
}

/** The hosts the core may take for the page (the web adapter's: the location's, else the address
 *  the page declares), with the site's (`site`: the top page's for a frame without its own). */
function hostsOf(doc, site) {
  const hosts = [doc.location?.hostname, site];
  for (const [sel, attr] of PAGE_URL_SOURCES) {
    try {
      hosts.push(new URL(doc.querySelector(sel)?.getAttribute(attr) || '').hostname);
    } catch {
      /* no such address */
    }
  }
  return hosts.filter(Boolean).map((h) => h.toLowerCase());
}

/** A link under (or around) `el` whose address holds one of the words. */
function anyHref(el) {
  if (!PRECHECK.hrefs.length) return false;
  const hit = (a) => {
    const h = a.getAttribute('href').toLowerCase();
    return PRECHECK.hrefs.some((w) => h.includes(w));
  };
  const around = el.closest(PRECHECK.links);
  if (around && hit(around)) return true;
  for (const a of el.querySelectorAll(PRECHECK.links)) if (hit(a)) return true;
  return false;
}

const NAMED_WORDS = new Set(PRECHECK.namedWords);
/** Whether an id or class name has an ad word of its own (`ad_slot::named_for_ad`). */
export function namedForAd(name) {
  return name.split(/[-_]/).some((part) =>
    part
      .split(/(?<=\p{Ll})(?=\p{Lu})/u)
      .map((w) => w.toLowerCase())
      .some((w) => NAMED_WORDS.has(w) || /^ads?\d[\dx]{2,}$/.test(w)),
  );
}

/** An element under (or around) `el` named for an ad. */
function anyNamed(el) {
  if (!PRECHECK.named) return false;
  const named = (e) => [e.id, ...e.classList].some((n) => n && namedForAd(n));
  for (let e = el.closest(PRECHECK.named); e; e = e.parentElement?.closest(PRECHECK.named)) if (named(e)) return true;
  for (const e of el.querySelectorAll(PRECHECK.named)) if (named(e)) return true;
  return false;
}

/** Words of the text of `el` or of the few elements around it (a call's box holds its words;
 *  never the whole body again for each added node). */
function anyWords(el) {
  if (!PRECHECK.words.length) return false;
  let box = el;
  for (let i = 0; i < 4 && box.parentElement && box.parentElement !== el.ownerDocument.body; i++) box = box.parentElement;
  const text = (box.textContent || '').toLowerCase();
  return PRECHECK.words.some((w) => text.includes(w));
}

/**
 * Whether the frame may hold something to hide: over the whole document (`nodes` null), or over
 * nodes the page added (an added element counts when it or an element around it or inside it
 * matches; added text by its own words). `site`: the site's host.
 */
export function mayHold(doc, nodes = null, site = '') {
  if (PRECHECK.always) return true;
  try {
    const roots = nodes ?? [doc.documentElement].filter(Boolean);
    const prefixes = PRECHECK.hostPrefix ? [...new Set(hostsOf(doc, site).map(hostPrefix).filter(Boolean))] : [];
    const prefixed = prefixes.length ? prefixes.map((p) => `[class*='${p}-'], [id^='${p}-']`).join(', ') : null;
    for (const root of roots) {
      const el = root.nodeType === 1 ? root : root.parentElement;
      if (!el) continue;
      if (PRECHECK.selector && (el.closest(PRECHECK.selector) || (root.nodeType === 1 && PARTS.some((x) => el.querySelector(x))))) return true;
      if (prefixed && (el.closest(prefixed) || el.querySelector(prefixed))) return true;
      if (anyHref(el)) return true;
      if (root.nodeType === 1 && anyNamed(el)) return true;
      if (anyWords(el)) return true;
      if (root.nodeType === 1 && (anyCode(el, PRECHECK.scripts, PRECHECK.scriptWords) || anyCode(el, PRECHECK.noscripts, PRECHECK.noscriptWords))) return true;
      if (anyText(doc, root)) return true;
    }
    return false;
  } catch {
    return true;
  }
}
