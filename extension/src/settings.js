// adstrip settings: one pure module shared by the service worker, the content script, the
// popup and the options page, and unit-tested under node (tests/e2e/unit/settings.test.mjs).
//
// Settings live in storage.sync as separate keys, so a corrupted or old-format value of one key
// falls back to its default without losing the others:
//   enabled:        boolean  global on/off
//   ads:            boolean  hide ads
//   subscribe:      boolean  hide subscribe nags
//   disabledSites:  string[] host names where adstrip is off (a host also covers its subdomains)
//   extraSelectors: string[] the user's own CSS selectors, hidden as ads; `site##selector` (as
//                            the element picker saves them) only on that site and its subdomains
//   readerTheme:    'auto' | 'light' | 'dark' | 'sepia'   reader mode colours ('auto' follows
//                            the system's prefers-color-scheme)
//   readerFont:     'serif' | 'sans' | 'mono' | 'browser'   ('browser': the browser's own
//                            default font, as the user set it)
//   readerFontSize: number   px, READER_LIMITS.fontSize
//   readerWidth:    number   content width in em (ch-like measure), READER_LIMITS.width
//   readerLineHeight: number READER_LIMITS.lineHeight
//   readerSites:    string[] hosts always opened in reader mode (a host covers its subdomains)
//   readerSpeechRate: number read-aloud speed, READER_LIMITS.speechRate (1 is the voice's own)
//   readerVoice:    string   the read-aloud voice's name ('' : the first of the article's language)
//   version:        number   SETTINGS_VERSION
// A disabledSites list too big for one storage.sync item (QUOTA_BYTES_PER_ITEM is 8 KB, the
// whole sync area 100 KB: 10,000 sites are about 150 KB) is kept in storage.local instead, with
// `disabledSitesIn: 'local'` in sync; it then does not sync to the user's other browsers (the
// options page says so). loadSettings/saveSettings do the split; parseSettings never sees it.
// Old formats still read: `disabledSites` as a comma/space/newline separated string or as an
// object {host: true}; `sites`/`offSites` (v0 names) for disabledSites; `nags` for subscribe;
// booleans stored as "true"/"false"/0/1.

import { normalizeHost, onList } from './sites.js';
import { validateSelector, MAX_SELECTORS } from './user-selectors.js';

export { normalizeHost } from './sites.js';
export { SITE_SEPARATOR, splitSiteSelector, selectorsFor, addSiteSelector, validateSelector } from './user-selectors.js';

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
  readerSpeechRate: 1,
  readerVoice: '',
});

/** The choices of reader mode's enumerated settings. */
export const READER_THEMES = Object.freeze(['auto', 'light', 'dark', 'sepia']);
export const READER_FONTS = Object.freeze(['serif', 'sans', 'mono', 'browser']);
/** Ranges and steps of reader mode's numbers: a value outside is clamped, junk is the default. */
export const READER_LIMITS = Object.freeze({
  fontSize: Object.freeze({ min: 12, max: 40, step: 2 }),
  width: Object.freeze({ min: 20, max: 60, step: 4 }),
  lineHeight: Object.freeze({ min: 1.1, max: 2.4, step: 0.1 }),
  speechRate: Object.freeze({ min: 0.5, max: 2, step: 0.25 }),
});
/** The longest voice name kept (system voice names are short; junk is dropped). */
const MAX_VOICE_NAME = 200;
/** Words per minute at which reading time is given as a range (slow and fast reader). */
export const READING_WPM = Object.freeze({ slow: 180, fast: 240 });

// Limits that keep a stored value sane.
export const MAX_SITES = 20000;
/** Bytes of the disabledSites JSON that still go to storage.sync (8 KB per item, less the key). */
export const SYNC_SITES_BYTES = 7500;

function parseBool(v, fallback, problems, key) {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === '1' || v === 'true' || v === 'on') return true;
  if (v === 0 || v === '0' || v === 'false' || v === 'off') return false;
  if (v !== undefined && v !== null)
    problems?.push({ key, message: `${key}: ${JSON.stringify(v)?.slice(0, 40)} is not on/off; using the default (${fallback ? 'on' : 'off'})` });
  return fallback;
}

/** A string that holds JSON (an old export, a hand-edited value): parsed, or, when the JSON is
 *  broken, its punctuation dropped so the names in it still count. */
function fromJsonString(v) {
  if (typeof v !== 'string' || !/^\s*[[{"]/.test(v)) return v;
  try {
    return JSON.parse(v);
  } catch {
    return v.replace(/[[\]{}":]+|\b(true|false|null)\b/g, ' ');
  }
}

function parseSites(v, problems, key = 'disabledSites') {
  v = fromJsonString(v);
  let list;
  if (Array.isArray(v)) list = v;
  else if (typeof v === 'string') list = v.split(/[\s,;]+/);
  else if (v && typeof v === 'object') list = Object.keys(v).filter((k) => v[k]);
  else {
    if (v !== undefined && v !== null) problems?.push({ key, message: `${key}: not a list of sites (${typeof v}); using the default` });
    return null;
  }
  const seen = new Set();
  let bad = 0;
  for (const item of list) {
    const h = normalizeHost(item);
    if (!h) {
      if (typeof item !== 'string' || item.trim()) bad++;
      continue;
    }
    seen.add(h);
    if (seen.size >= MAX_SITES) {
      problems?.push({ key, message: `${key}: more than ${MAX_SITES} sites; the rest were dropped` });
      break;
    }
  }
  if (bad) problems?.push({ key, message: `${key}: ${bad} entr${bad === 1 ? 'y is' : 'ies are'} not a site name and were dropped` });
  return [...seen];
}

function parseSelectors(v, problems, querySelector) {
  v = typeof v === 'string' && /^\s*\[/.test(v) ? fromJsonString(v) : v;
  let list;
  if (Array.isArray(v)) list = v;
  else if (typeof v === 'string') list = v.split('\n');
  else {
    if (v !== undefined && v !== null)
      problems?.push({ key: 'extraSelectors', message: `extraSelectors: not a list of selectors (${typeof v}); using the default` });
    return null;
  }
  const out = [];
  for (const item of list) {
    if (typeof item !== 'string') continue;
    if (!item.trim()) continue;
    const r = validateSelector(item, querySelector);
    if (!r.ok) {
      problems?.push({ key: 'extraSelectors', message: `extraSelectors: ${r.error}; dropped` });
      continue;
    }
    if (out.includes(r.selector)) continue;
    out.push(r.selector);
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
  return parseSettingsReport(raw).settings;
}

/** The stored object as the current keys see it: v0 kept everything as one JSON blob under
 *  `settings`; its keys count where the current ones are missing. A broken blob is a problem of
 *  its own, nothing else is lost. */
function unwrap(raw, problems) {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    problems?.push({ key: '*', message: `stored settings are not an object (${Array.isArray(raw) ? 'array' : typeof raw}); using the defaults` });
  }
  const r = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {};
  if (typeof r.settings !== 'string' && !(r.settings && typeof r.settings === 'object')) return r;
  let blob = r.settings;
  if (typeof blob === 'string') {
    try {
      blob = JSON.parse(blob);
    } catch {
      blob = null;
      problems?.push({ key: 'settings', message: 'settings: the old settings blob is corrupted JSON; ignored' });
    }
  }
  return blob && typeof blob === 'object' && !Array.isArray(blob) ? { ...blob, ...r } : r;
}

/** The settings that decide what is hidden where (of the unwrapped object `r`). */
function parseHiding(r, problems, querySelector) {
  const sites = parseSites(r.disabledSites ?? r.offSites ?? r.sites, problems);
  const selectors = parseSelectors(r.extraSelectors ?? r.selectors, problems, querySelector);
  return {
    enabled: parseBool(r.enabled, DEFAULTS.enabled, problems, 'enabled'),
    ads: parseBool(r.ads, DEFAULTS.ads, problems, 'ads'),
    subscribe: parseBool(r.subscribe ?? r.nags, DEFAULTS.subscribe, problems, 'subscribe'),
    disabledSites: sites ?? [...DEFAULTS.disabledSites],
    extraSelectors: selectors ?? [...DEFAULTS.extraSelectors],
  };
}

/** Only what parseSettings gives for hiding (enabled, ads, subscribe, disabledSites,
 *  extraSelectors): what the content script's boot needs in every frame, without reader mode's
 *  settings. */
export function parseHidingSettings(raw) {
  return parseHiding(unwrap(raw, null), null);
}

/** parseSettings, plus what was wrong: {settings, problems: [{key, message}]}, one clear
 *  message per bad part. `querySelector` (optional, a page's) also checks selector syntax. */
export function parseSettingsReport(raw, { querySelector } = {}) {
  const problems = [];
  const r = unwrap(raw, problems);
  const settings = {
    ...parseHiding(r, problems, querySelector),
    readerTheme: parseChoice(r.readerTheme, READER_THEMES, DEFAULTS.readerTheme),
    readerFont: parseChoice(r.readerFont, READER_FONTS, DEFAULTS.readerFont),
    readerFontSize: parseNumber(r.readerFontSize, READER_LIMITS.fontSize, DEFAULTS.readerFontSize),
    readerWidth: parseNumber(r.readerWidth, READER_LIMITS.width, DEFAULTS.readerWidth),
    readerLineHeight: parseNumber(r.readerLineHeight, READER_LIMITS.lineHeight, DEFAULTS.readerLineHeight, 1),
    readerSites: parseSites(r.readerSites, problems, 'readerSites') ?? [...DEFAULTS.readerSites],
    readerSpeechRate: parseNumber(r.readerSpeechRate, READER_LIMITS.speechRate, DEFAULTS.readerSpeechRate, 2),
    readerVoice: typeof r.readerVoice === 'string' && r.readerVoice.length <= MAX_VOICE_NAME ? r.readerVoice : DEFAULTS.readerVoice,
  };
  return { settings, problems };
}

/** The object to write back to storage.sync (current format). */
export function serializeSettings(s) {
  const p = parseSettings(s);
  return { ...p, version: SETTINGS_VERSION };
}

/** Keys of older formats that serializeSettings replaces; remove them after writing. */
export const LEGACY_KEYS = Object.freeze(['offSites', 'sites', 'selectors', 'nags', 'settings']);

/** The JSON size in bytes of a value, as storage quotas count it. */
function jsonBytes(v) {
  return new TextEncoder().encode(JSON.stringify(v)).length;
}

/** Splits settings for storage: {sync, local, removeSync, removeLocal}. A disabledSites list over
 *  SYNC_SITES_BYTES goes to storage.local (sync keeps `disabledSitesIn: 'local'`). */
export function splitForStorage(settings) {
  const sync = serializeSettings(settings);
  if (jsonBytes(sync.disabledSites) <= SYNC_SITES_BYTES) {
    return { sync: { ...sync, disabledSitesIn: 'sync' }, local: {}, removeSync: [], removeLocal: ['disabledSites'] };
  }
  const local = { disabledSites: sync.disabledSites };
  delete sync.disabledSites;
  return { sync: { ...sync, disabledSitesIn: 'local' }, local, removeSync: ['disabledSites'], removeLocal: [] };
}

/** Joins what storage.sync and storage.local hold into the raw object parseSettings reads. */
export function joinStored(sync, local) {
  const raw = sync && typeof sync === 'object' && !Array.isArray(sync) ? { ...sync } : {};
  if (raw.disabledSitesIn === 'local' && local && Array.isArray(local.disabledSites)) raw.disabledSites = local.disabledSites;
  delete raw.disabledSitesIn;
  return raw;
}

/** Reads the settings from the extension's storage (`api`: chrome or browser). */
export async function loadSettings(api) {
  const [sync, local] = await Promise.all([api.storage.sync.get(null), api.storage.local.get('disabledSites')]);
  return parseSettings(joinStored(sync, local));
}

/** Writes the settings (current format) to the extension's storage, splitting as needed. */
export async function saveSettings(api, settings) {
  const p = splitForStorage(settings);
  if (Object.keys(p.local).length) await api.storage.local.set(p.local);
  await api.storage.sync.set(p.sync);
  if (p.removeSync.length) await api.storage.sync.remove(p.removeSync);
  if (p.removeLocal.length) await api.storage.local.remove(p.removeLocal);
}

export function isSiteDisabled(settings, host) {
  return onList(settings.disabledSites, host);
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

/** The reader-mode keys of the settings (what the reader view reads and writes). */
export const READER_KEYS = Object.freeze([
  'readerTheme',
  'readerFont',
  'readerFontSize',
  'readerWidth',
  'readerLineHeight',
  'readerSites',
  'readerSpeechRate',
  'readerVoice',
]);

/** One step of a reader number up (+1) or down (-1), clamped to its range. */
export function stepReader(settings, key, dir) {
  const limits = { readerFontSize: READER_LIMITS.fontSize, readerWidth: READER_LIMITS.width, readerLineHeight: READER_LIMITS.lineHeight }[key];
  if (!limits) return settings;
  const digits = key === 'readerLineHeight' ? 1 : 0;
  return { ...settings, [key]: parseNumber(settings[key] + dir * limits.step, limits, settings[key], digits) };
}

/** Whether `host` is always opened in reader mode (the site itself or a subdomain). */
export function isReaderSite(settings, host) {
  return onList(settings.readerSites, host);
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
