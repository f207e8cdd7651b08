// Unit tests of the settings parser (extension/src/settings.js), under node's test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULTS,
  parseSettings,
  parseHidingSettings,
  serializeSettings,
  normalizeHost,
  isSiteDisabled,
  effectiveOptions,
  setSiteDisabled,
  validateSelector,
  selectorsFor,
  addSiteSelector,
  splitSiteSelector,
  SETTINGS_VERSION,
  READER_LIMITS,
  READER_KEYS,
  stepReader,
  isReaderSite,
  setReaderSite,
  readingTime,
} from '../../../extension/src/settings.js';

const defaults = { ...DEFAULTS, disabledSites: [], extraSelectors: [], readerSites: [] };

test('empty or non-object storage gives the defaults', () => {
  for (const raw of [undefined, null, {}, [], 'x', 42]) assert.deepEqual(parseSettings(raw), defaults);
});

test('a corrupted key falls back to its default and keeps the others', () => {
  const s = parseSettings({ enabled: 'garbage', ads: false, disabledSites: 42, extraSelectors: ['div.x', 7, '', 'div.x'] });
  assert.equal(s.enabled, true);
  assert.equal(s.ads, false);
  assert.equal(s.subscribe, true);
  assert.deepEqual(s.disabledSites, []);
  assert.deepEqual(s.extraSelectors, ['div.x']);
});

test('old formats are read: strings, maps, old key names, string booleans', () => {
  assert.deepEqual(parseSettings({ disabledSites: 'a.com, www.B.com\nc.org' }).disabledSites, ['a.com', 'b.com', 'c.org']);
  assert.deepEqual(parseSettings({ sites: { 'x.com': true, 'y.com': false } }).disabledSites, ['x.com']);
  assert.deepEqual(parseSettings({ offSites: ['https://www.z.net/path?q'] }).disabledSites, ['z.net']);
  assert.equal(parseSettings({ nags: 'false' }).subscribe, false);
  assert.equal(parseSettings({ enabled: 0 }).enabled, false);
  assert.deepEqual(parseSettings({ selectors: 'div.a\n\n  span.b ' }).extraSelectors, ['div.a', 'span.b']);
});

test("the content script's boot reads the hiding settings exactly as the whole parser does", () => {
  const hiding = ({ enabled, ads, subscribe, disabledSites, extraSelectors }) => ({ enabled, ads, subscribe, disabledSites, extraSelectors });
  const samples = [
    undefined,
    'x',
    [],
    { enabled: 'garbage', ads: false, disabledSites: 42, extraSelectors: ['div.x', 7, '', 'div.x'] },
    { sites: { 'x.com': true }, nags: 'false', selectors: 'div.a\n span.b' },
    { settings: '{"enabled":false,"disabledSites":["a.com"]}', ads: 0 },
    { settings: '{broken', subscribe: 'off', extraSelectors: ['a.com##div.promo'] },
  ];
  for (const raw of samples) assert.deepEqual(parseHidingSettings(raw), hiding(parseSettings(raw)), JSON.stringify(raw));
  assert.equal(parseHidingSettings({ settings: '{"enabled":false}' }).enabled, false, 'the old blob counts');
});

test('serialize writes the current format with its version', () => {
  const out = serializeSettings({ sites: 'a.com', nags: false });
  assert.equal(out.version, SETTINGS_VERSION);
  assert.deepEqual(out.disabledSites, ['a.com']);
  assert.equal(out.subscribe, false);
  assert.deepEqual(parseSettings(out), { ...defaults, disabledSites: ['a.com'], subscribe: false });
});

test('host names are normalised; junk is refused', () => {
  assert.equal(normalizeHost('https://WWW.Example.COM:8080/a'), 'example.com');
  assert.equal(normalizeHost('example.com.'), 'example.com');
  assert.equal(normalizeHost('127.0.0.1'), '127.0.0.1');
  assert.equal(normalizeHost('bücher.de'), 'bücher.de');
  for (const bad of ['', '   ', 'not a host', 'a..b', null, 5]) assert.equal(normalizeHost(bad), null, String(bad));
});

test('a listed site covers its subdomains, not look-alikes', () => {
  const s = parseSettings({ disabledSites: ['example.com'] });
  assert.ok(isSiteDisabled(s, 'example.com'));
  assert.ok(isSiteDisabled(s, 'www.example.com'));
  assert.ok(isSiteDisabled(s, 'blog.example.com'));
  assert.ok(!isSiteDisabled(s, 'badexample.com'));
  assert.ok(!isSiteDisabled(s, ''));
});

test('effective options follow the switches', () => {
  assert.deepEqual(effectiveOptions(parseSettings({}), 'a.com'), { ads: true, subscribe: true });
  assert.equal(effectiveOptions(parseSettings({ enabled: false }), 'a.com'), null);
  assert.equal(effectiveOptions(parseSettings({ ads: false, subscribe: false }), 'a.com'), null);
  assert.equal(effectiveOptions(parseSettings({ disabledSites: ['a.com'] }), 'www.a.com'), null);
  assert.deepEqual(effectiveOptions(parseSettings({ ads: false }), 'a.com'), { ads: false, subscribe: true });
});

test('per-site switch adds and removes (also the parent entry that covered the host)', () => {
  let s = parseSettings({});
  s = setSiteDisabled(s, 'www.a.com', true);
  assert.deepEqual(s.disabledSites, ['a.com']);
  s = setSiteDisabled(s, 'a.com', true);
  assert.deepEqual(s.disabledSites, ['a.com']);
  s = setSiteDisabled(s, 'blog.a.com', false);
  assert.deepEqual(s.disabledSites, []);
});

test('selectors are validated with the given querySelector', () => {
  const qs = (sel) => {
    if (/[[(]$|^[>~+]/.test(sel)) throw new SyntaxError('bad');
    return null;
  };
  assert.deepEqual(validateSelector(' div.sponsor ', qs), { ok: true, selector: 'div.sponsor' });
  assert.match(validateSelector('div[', qs).error, /Not a valid CSS selector/);
  assert.match(validateSelector('', qs).error, /Type a CSS selector/);
  assert.match(validateSelector('body', qs).error, /whole page/);
  assert.match(validateSelector('div, html', qs).error, /whole page/);
  assert.match(validateSelector('x'.repeat(400), qs).error, /Too long/);
});

test('reader settings: defaults, and each bad key falls back alone', () => {
  const d = parseSettings({});
  assert.deepEqual(
    READER_KEYS.map((k) => d[k]),
    ['auto', 'serif', 20, 36, 1.6, [], 1, ''],
  );
  const s = parseSettings({
    readerTheme: 'neon',
    readerFont: 'Mono ',
    readerFontSize: 'big',
    readerWidth: 44,
    readerLineHeight: null,
    readerSites: 7,
    readerSpeechRate: 'fast',
    readerVoice: { name: 'x' },
    ads: false,
  });
  assert.equal(s.readerTheme, 'auto');
  assert.equal(s.readerFont, 'mono');
  assert.equal(s.readerFontSize, 20);
  assert.equal(s.readerWidth, 44);
  assert.equal(s.readerLineHeight, 1.6);
  assert.deepEqual(s.readerSites, []);
  assert.equal(s.readerSpeechRate, 1);
  assert.equal(s.readerVoice, '');
  assert.equal(s.ads, false, 'other keys untouched');
});

test('reader settings: the browser font, read-aloud speed and voice', () => {
  const s = parseSettings({ readerFont: 'Browser', readerSpeechRate: '1.75', readerVoice: 'Google UK English Female' });
  assert.equal(s.readerFont, 'browser');
  assert.equal(s.readerSpeechRate, 1.75);
  assert.equal(s.readerVoice, 'Google UK English Female');
  assert.equal(parseSettings({ readerSpeechRate: 7 }).readerSpeechRate, READER_LIMITS.speechRate.max);
  assert.equal(parseSettings({ readerSpeechRate: 0 }).readerSpeechRate, READER_LIMITS.speechRate.min);
  assert.equal(parseSettings({ readerVoice: 'v'.repeat(500) }).readerVoice, '', 'a junk name is dropped');
});

test('reader settings: numbers from strings, clamped to their range, rounded', () => {
  const s = parseSettings({ readerFontSize: '99', readerWidth: '-3', readerLineHeight: '1.76', readerTheme: 'SEPIA' });
  assert.equal(s.readerFontSize, READER_LIMITS.fontSize.max);
  assert.equal(s.readerWidth, READER_LIMITS.width.min);
  assert.equal(s.readerLineHeight, 1.8);
  assert.equal(s.readerTheme, 'sepia');
  for (const bad of [NaN, Infinity, '', '  ', {}, [], true]) assert.equal(parseSettings({ readerFontSize: bad }).readerFontSize, 20, String(bad));
});

test('reader settings survive serialize and parse', () => {
  const out = serializeSettings({ readerTheme: 'dark', readerFontSize: 24, readerSites: 'news.example.com' });
  assert.equal(out.readerTheme, 'dark');
  assert.deepEqual(parseSettings(out), { ...defaults, readerTheme: 'dark', readerFontSize: 24, readerSites: ['news.example.com'] });
});

test('reader steps stay in range; unknown keys change nothing', () => {
  let s = parseSettings({});
  s = stepReader(s, 'readerFontSize', 1);
  assert.equal(s.readerFontSize, 22);
  s = stepReader(s, 'readerLineHeight', -1);
  assert.equal(s.readerLineHeight, 1.5);
  s = parseSettings({ readerFontSize: READER_LIMITS.fontSize.max });
  assert.equal(stepReader(s, 'readerFontSize', 1).readerFontSize, READER_LIMITS.fontSize.max);
  s = parseSettings({ readerLineHeight: READER_LIMITS.lineHeight.min });
  assert.equal(stepReader(s, 'readerLineHeight', -1).readerLineHeight, READER_LIMITS.lineHeight.min);
  assert.equal(stepReader(s, 'enabled', 1), s);
});

test('always in reader mode per site: subdomains covered, add and remove', () => {
  let s = parseSettings({});
  s = setReaderSite(s, 'https://www.News.example/a', true);
  assert.deepEqual(s.readerSites, ['news.example']);
  assert.ok(isReaderSite(s, 'news.example'));
  assert.ok(isReaderSite(s, 'blog.news.example'));
  assert.ok(!isReaderSite(s, 'othernews.example'));
  s = setReaderSite(s, 'blog.news.example', false);
  assert.deepEqual(s.readerSites, []);
  assert.equal(setReaderSite(s, 'not a host', true), s);
});

test('reading time is a range at 180-240 words a minute', () => {
  assert.deepEqual(readingTime('word '.repeat(1500)), { words: 1500, min: 6, max: 8, label: '6-8 min' });
  assert.equal(readingTime('a few words').label, '1 min');
  assert.equal(readingTime('').label, '1 min');
  assert.equal(readingTime(null).words, 0);
  assert.equal(readingTime('字'.repeat(480)).label, '2-3 min', 'CJK characters count as words');
});

test('site selectors (the element picker): validated, kept per site and its subdomains, survive parsing', () => {
  const qs = (sel) => {
    if (/[[(]$|^[>~+]/.test(sel)) throw new SyntaxError('bad');
    return null;
  };
  assert.deepEqual(validateSelector('WWW.Example.com##div.promo', qs), { ok: true, selector: 'example.com##div.promo', host: 'example.com' });
  assert.match(validateSelector('##div.promo', qs).error, /Not a site name/);
  assert.match(validateSelector('no site!##div', qs).error, /Not a site name/);
  assert.match(validateSelector('example.com##body', qs).error, /whole page/);
  assert.match(validateSelector('example.com##div[', qs).error, /Not a valid CSS selector/);
  assert.deepEqual(splitSiteSelector('example.com##a > b'), { host: 'example.com', selector: 'a > b' });
  assert.deepEqual(splitSiteSelector('div.x'), { host: null, selector: 'div.x' });

  let s = parseSettings({ extraSelectors: ['div.everywhere', 'example.com##div.promo', 'bad site##div'] });
  assert.deepEqual(s.extraSelectors, ['div.everywhere', 'example.com##div.promo'], 'a broken entry is dropped, the rest kept');
  assert.deepEqual(selectorsFor(s, 'example.com'), ['div.everywhere', 'div.promo']);
  assert.deepEqual(selectorsFor(s, 'news.example.com'), ['div.everywhere', 'div.promo']);
  assert.deepEqual(selectorsFor(s, 'notexample.com'), ['div.everywhere']);
  assert.deepEqual(selectorsFor(s, ''), ['div.everywhere']);
  assert.deepEqual(parseSettings(serializeSettings(s)).extraSelectors, s.extraSelectors);

  const r = addSiteSelector(s, 'www.other.org', 'aside.box', qs);
  assert.equal(r.entry, 'other.org##aside.box');
  assert.deepEqual(r.settings.extraSelectors, [...s.extraSelectors, 'other.org##aside.box']);
  assert.deepEqual(s.extraSelectors.length, 2, 'the input is untouched');
  assert.equal(addSiteSelector(r.settings, 'other.org', 'aside.box', qs).settings, r.settings, 'adding twice changes nothing');
  assert.match(addSiteSelector(s, '', 'aside.box', qs).error, /no site name/);
  assert.match(addSiteSelector(s, 'other.org', 'html', qs).error, /whole page/);
  s = { ...s, extraSelectors: Array.from({ length: 100 }, (_, i) => `div.s${i}`) };
  assert.match(addSiteSelector(s, 'other.org', 'aside.box', qs).error, /100 selectors already/);
});
