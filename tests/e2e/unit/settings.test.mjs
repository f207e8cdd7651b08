// Unit tests of the settings parser (extension/settings.js), under node's test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULTS, parseSettings, serializeSettings, normalizeHost, isSiteDisabled, effectiveOptions,
  setSiteDisabled, validateSelector, SETTINGS_VERSION,
} from '../../../extension/settings.js';

const defaults = { ...DEFAULTS, disabledSites: [], extraSelectors: [] };

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
