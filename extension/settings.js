// adstrip settings: one pure module shared by the service worker, the content script, the
// popup and the options page, and unit-tested under node (tests/e2e/unit/settings.test.mjs).
//
// Settings live in storage.sync as separate keys, so a corrupted or old-format value of one key
// falls back to its default without losing the others:
//   enabled:        boolean  global on/off
//   ads:            boolean  hide ads
//   subscribe:      boolean  hide subscribe nags
//   disabledSites:  string[] host names where adstrip is off (a host also covers its subdomains)
//   extraSelectors: string[] the user's own CSS selectors, hidden as ads
//   readerTheme:    'auto' | 'light' | 'dark' | 'sepia'   reader mode colours ('auto' follows
//                            the system's prefers-color-scheme)
//   readerFont:     'serif' | 'sans' | 'mono'
//   readerFontSize: number   px, READER_LIMITS.fontSize
//   readerWidth:    number   content width in em (ch-like measure), READER_LIMITS.width
//   readerLineHeight: number READER_LIMITS.lineHeight
//   readerSites:    string[] hosts always opened in reader mode (a host covers its subdomains)
//   version:        number   SETTINGS_VERSION
// Old formats still read: `disabledSites` as a comma/space/newline separated string or as an
// object {host: true}; `sites`/`offSites` (v0 names) for disabledSites; `nags` for subscribe;
// booleans stored as "true"/"false"/0/1.

export const SETTINGS_VERSION = 1;

export const DEFAULTS = Object.freeze({
  enabled: true,
  ads: true,
  subscribe: true,
  disabledSites: Object.freeze([]),
  extraSelectors: Object.freeze([]),
  readerTheme: 'auto',
  readerFont: 'serif',
  readerFontSize: 20,
  readerWidth: 36,
  readerLineHeight: 1.6,
  readerSites: Object.freeze([]),
});

/** The choices of reader mode's enumerated settings. */
export const READER_THEMES = Object.freeze(['auto', 'light', 'dark', 'sepia']);
export const READER_FONTS = Object.freeze(['serif', 'sans', 'mono']);
/** Ranges and steps of reader mode's numbers: a value outside is clamped, junk is the default. */
export const READER_LIMITS = Object.freeze({
  fontSize: Object.freeze({ min: 12, max: 40, step: 2 }),
  width: Object.freeze({ min: 20, max: 60, step: 4 }),
  lineHeight: Object.freeze({ min: 1.1, max: 2.4, step: 0.1 }),
});
/** Words per minute at which reading time is given as a range (slow and fast reader). */
export const READING_WPM = Object.freeze({ slow: 180, fast: 240 });

// Limits that keep a synced value sane (storage.sync allows 8 KB per item).
const MAX_SITES = 500;
const MAX_SELECTORS = 100;
const MAX_SELECTOR_LENGTH = 300;

function parseBool(v, fallback) {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true' || v === 'on') return true;
  if (v === 0 || v === '0' || v === 'false' || v === 'off') return false;
  return fallback;
}

/** Normalises a user-typed site ("https://www.Example.com/x", "example.com.") to a host name,
 *  or returns null when it is not one. */
export function normalizeHost(input) {
  if (typeof input !== 'string') return null;
  let s = input.trim().toLowerCase();
  if (!s) return null;
  if (s.includes('://')) {
    try { s = new URL(s).hostname; } catch { return null; }
  } else {
    s = s.replace(/[/?#].*$/, '').replace(/:\d+$/, '');
  }
  s = s.replace(/\.$/, '').replace(/^www\./, '');
  if (s.startsWith('[') && s.endsWith(']')) return s; // IPv6 literal
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(s) && !/^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*$/u.test(s)) return null;
  return s;
}

function parseSites(v) {
  let list;
  if (Array.isArray(v)) list = v;
  else if (typeof v === 'string') list = v.split(/[\s,;]+/);
  else if (v && typeof v === 'object') list = Object.keys(v).filter((k) => v[k]);
  else return null;
  const out = [];
  for (const item of list) {
    const h = normalizeHost(item);
    if (h && !out.includes(h)) out.push(h);
    if (out.length >= MAX_SITES) break;
  }
  return out;
}

function parseSelectors(v) {
  let list;
  if (Array.isArray(v)) list = v;
  else if (typeof v === 'string') list = v.split('\n');
  else return null;
  const out = [];
  for (const item of list) {
    if (typeof item !== 'string') continue;
    const s = item.trim();
    if (!s || s.length > MAX_SELECTOR_LENGTH || out.includes(s)) continue;
    out.push(s);
    if (out.length >= MAX_SELECTORS) break;
  }
  return out;
}

function parseChoice(v, choices, fallback) {
  if (typeof v !== 'string') return fallback;
  const c = v.trim().toLowerCase();
  return choices.includes(c) ? c : fallback;
}

function parseNumber(v, { min, max }, fallback, digits = 0) {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  if (!Number.isFinite(n)) return fallback;
  const f = 10 ** digits;
  return Math.round(Math.min(max, Math.max(min, n)) * f) / f;
}

/** Reads whatever storage.sync holds (any shape, any age) into valid settings. Each key is
 *  parsed on its own: a bad value costs only that key. */
export function parseSettings(raw) {
  const r = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  const sites = parseSites(r.disabledSites ?? r.offSites ?? r.sites);
  const selectors = parseSelectors(r.extraSelectors ?? r.selectors);
  return {
    enabled: parseBool(r.enabled, DEFAULTS.enabled),
    ads: parseBool(r.ads, DEFAULTS.ads),
    subscribe: parseBool(r.subscribe ?? r.nags, DEFAULTS.subscribe),
    disabledSites: sites ?? [...DEFAULTS.disabledSites],
    extraSelectors: selectors ?? [...DEFAULTS.extraSelectors],
    readerTheme: parseChoice(r.readerTheme, READER_THEMES, DEFAULTS.readerTheme),
    readerFont: parseChoice(r.readerFont, READER_FONTS, DEFAULTS.readerFont),
    readerFontSize: parseNumber(r.readerFontSize, READER_LIMITS.fontSize, DEFAULTS.readerFontSize),
    readerWidth: parseNumber(r.readerWidth, READER_LIMITS.width, DEFAULTS.readerWidth),
    readerLineHeight: parseNumber(r.readerLineHeight, READER_LIMITS.lineHeight, DEFAULTS.readerLineHeight, 1),
    readerSites: parseSites(r.readerSites) ?? [...DEFAULTS.readerSites],
  };
}

/** The object to write back to storage.sync (current format). */
export function serializeSettings(s) {
  const p = parseSettings(s);
  return { ...p, version: SETTINGS_VERSION };
}

/** Keys of older formats that serializeSettings replaces; remove them after writing. */
export const LEGACY_KEYS = Object.freeze(['offSites', 'sites', 'selectors', 'nags']);

/** Whether `host` is on the list (the site itself or a subdomain of a listed site). */
export function isSiteDisabled(settings, host) {
  const h = normalizeHost(host || '');
  if (!h) return false;
  return settings.disabledSites.some((s) => h === s || h.endsWith('.' + s));
}

/** What the content script should do on `host`: null when adstrip is off there. */
export function effectiveOptions(settings, host) {
  if (!settings.enabled || isSiteDisabled(settings, host)) return null;
  if (!settings.ads && !settings.subscribe) return null;
  return { ads: settings.ads, subscribe: settings.subscribe };
}

/** Adds or removes `host` from the disabled list; returns new settings (input untouched). */
export function setSiteDisabled(settings, host, off) {
  const h = normalizeHost(host);
  if (!h) return settings;
  const rest = settings.disabledSites.filter((s) => s !== h && !(off === false && h.endsWith('.' + s)));
  return { ...settings, disabledSites: off ? [...rest, h] : rest };
}

/** Validates one user selector. `querySelector` is the page's (options page) function; in node
 *  tests a stand-in. Returns {ok: true, selector} or {ok: false, error}. */
export function validateSelector(input, querySelector) {
  const s = typeof input === 'string' ? input.trim() : '';
  if (!s) return { ok: false, error: 'Type a CSS selector, for example div.sponsored-box' };
  if (s.length > MAX_SELECTOR_LENGTH) return { ok: false, error: `Too long: at most ${MAX_SELECTOR_LENGTH} characters` };
  try {
    querySelector(s);
  } catch (e) {
    return { ok: false, error: `Not a valid CSS selector: ${s}` };
  }
  // Selectors that would blank the whole page are refused.
  if (/^(html|body|:root|\*|main|article)(\s*,|$)/i.test(s) || /(^|,)\s*(html|body|:root|\*)\s*(,|$)/i.test(s)) {
    return { ok: false, error: `Refused: "${s}" would hide the whole page` };
  }
  return { ok: true, selector: s };
}

/** The reader-mode keys of the settings (what the reader view reads and writes). */
export const READER_KEYS = Object.freeze(['readerTheme', 'readerFont', 'readerFontSize', 'readerWidth', 'readerLineHeight', 'readerSites']);

/** One step of a reader number up (+1) or down (-1), clamped to its range. */
export function stepReader(settings, key, dir) {
  const limits = { readerFontSize: READER_LIMITS.fontSize, readerWidth: READER_LIMITS.width, readerLineHeight: READER_LIMITS.lineHeight }[key];
  if (!limits) return settings;
  const digits = key === 'readerLineHeight' ? 1 : 0;
  return { ...settings, [key]: parseNumber(settings[key] + dir * limits.step, limits, settings[key], digits) };
}

/** Whether `host` is always opened in reader mode (the site itself or a subdomain). */
export function isReaderSite(settings, host) {
  const h = normalizeHost(host || '');
  if (!h) return false;
  return settings.readerSites.some((s) => h === s || h.endsWith('.' + s));
}

/** Adds or removes `host` from the always-in-reader-mode list; returns new settings. */
export function setReaderSite(settings, host, on) {
  const h = normalizeHost(host);
  if (!h) return settings;
  const rest = settings.readerSites.filter((s) => s !== h && !(on === false && h.endsWith('.' + s)));
  return { ...settings, readerSites: on ? [...rest, h] : rest };
}

/** Reading time of a text as {min, max, label} in minutes, from READING_WPM: "6-8 min", or
 *  "3 min" when both ends agree. Words are runs of non-space; a CJK character counts as a word. */
export function readingTime(text) {
  const s = typeof text === 'string' ? text : '';
  const cjk = (s.match(/[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/g) || []).length;
  const words = (s.replace(/[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]/g, ' ').match(/\S+/g) || []).length + cjk;
  const min = Math.max(1, Math.round(words / READING_WPM.fast));
  const max = Math.max(min, Math.round(words / READING_WPM.slow));
  return { words, min, max, label: min === max ? `${min} min` : `${min}-${max} min` };
}
