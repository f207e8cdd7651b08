// The user's own selectors: checked before they are kept (syntax, length, never the whole page),
// for every site or, as `site##selector` (what the element picker saves), for one site and its
// subdomains.

import { normalizeHost, onList } from './sites.js';

/** How many selectors the user may keep, and how long one may be. */
export const MAX_SELECTORS = 100;
const MAX_SELECTOR_LENGTH = 300;

/** Without a DOM to ask: brackets, parentheses and quotes balanced, no rule syntax. */
function balanced(s) {
  if (/[{};]/.test(s)) return false;
  const stack = [];
  let quote = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\\') i++;
    else if (c === '(' || c === '[') stack.push(c === '(' ? ')' : ']');
    else if (c === ')' || c === ']') {
      if (stack.pop() !== c) return false;
    }
  }
  return !quote && !stack.length && !/^[>+~,]|[>+~,]\s*$/.test(s);
}

/** What separates a site from its selector in a site-scoped user selector. */
export const SITE_SEPARATOR = '##';

/** Splits a user selector into {host, selector}: host null for one that applies everywhere. */
export function splitSiteSelector(entry) {
  const cut = entry.indexOf(SITE_SEPARATOR);
  return cut < 0 ? { host: null, selector: entry } : { host: entry.slice(0, cut), selector: entry.slice(cut + SITE_SEPARATOR.length) };
}

/** The user's selectors that apply on `host`: those for every site, and those saved for the
 *  host or a site it is a subdomain of. */
export function selectorsFor(settings, host) {
  const out = [];
  for (const entry of settings.extraSelectors || []) {
    const { host: site, selector } = splitSiteSelector(entry);
    if (!site || onList([site], host)) out.push(selector);
  }
  return out;
}

/** Adds a selector for one site (the element picker); returns new settings (input untouched)
 *  and the entry, or {error} when the selector is refused or the list is full. */
export function addSiteSelector(settings, host, selector, querySelector) {
  const h = normalizeHost(host || '');
  if (!h) return { error: 'This page has no site name to save the choice for' };
  const r = validateSelector(`${h}${SITE_SEPARATOR}${selector}`, querySelector);
  if (!r.ok) return { error: r.error };
  if (settings.extraSelectors.includes(r.selector)) return { settings, entry: r.selector };
  if (settings.extraSelectors.length >= MAX_SELECTORS) return { error: `You have ${MAX_SELECTORS} selectors already: remove some in the options first` };
  return { settings: { ...settings, extraSelectors: [...settings.extraSelectors, r.selector] }, entry: r.selector };
}

/** Validates one user selector. `querySelector` is the page's (options page) function; in node
 *  tests a stand-in. Returns {ok: true, selector} or {ok: false, error}. */
export function validateSelector(input, querySelector) {
  const raw = typeof input === 'string' ? input.trim() : '';
  // `site##selector`: the site part must be a site name; the rest is checked as any selector.
  const cut = raw.indexOf(SITE_SEPARATOR);
  if (cut >= 0) {
    const host = normalizeHost(raw.slice(0, cut));
    if (!host) return { ok: false, error: `Not a site name before ${SITE_SEPARATOR}: ${raw.slice(0, cut) || '(nothing)'}` };
    const r = validateSelector(raw.slice(cut + SITE_SEPARATOR.length), querySelector);
    return r.ok ? { ok: true, selector: `${host}${SITE_SEPARATOR}${r.selector}`, host } : r;
  }
  const s = raw;
  if (!s) return { ok: false, error: 'Type a CSS selector, for example div.sponsored-box' };
  if (s.length > MAX_SELECTOR_LENGTH) return { ok: false, error: `Too long: at most ${MAX_SELECTOR_LENGTH} characters` };
  if (querySelector) {
    try {
      querySelector(s);
    } catch (e) {
      return { ok: false, error: `Not a valid CSS selector: ${s}` };
    }
  } else if (!balanced(s)) {
    return { ok: false, error: `Not a valid CSS selector: ${s}` };
  }
  // Selectors that would blank the whole page are refused: html, body or :root as the element
  // selected (body.home too, but not body.home div.ad), `*` alone, or the page's main/article.
  const subjects = s.split(',').map((part) =>
    part
      .trim()
      .split(/\s*[>+~]\s*|\s+/)
      .pop(),
  );
  if (/^(html|body|:root|\*|main|article)(\s*,|$)/i.test(s) || subjects.some((x) => /^(html|body|:root)(?![\w-])/i.test(x) || x === '*')) {
    return { ok: false, error: `Refused: "${s}" would hide the whole page` };
  }
  return { ok: true, selector: s };
}
