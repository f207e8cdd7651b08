// Bad input to the settings parser (issue 7, point 3): corrupted JSON, wrong types, old
// formats, a 10,000-site list (and how it is stored under storage.sync's quotas), selectors
// that are invalid or would hide the whole page. A bad part gets its default and a clear
// message; nothing else is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULTS,
  parseSettings,
  parseSettingsReport,
  validateSelector,
  isSiteDisabled,
  effectiveOptions,
  splitForStorage,
  joinStored,
  loadSettings,
  saveSettings,
  SYNC_SITES_BYTES,
  setSiteDisabled,
} from '../../../extension/src/settings.js';

const defaults = { ...DEFAULTS, disabledSites: [], extraSelectors: [], readerSites: [] };
const keys = (problems) => problems.map((p) => p.key);

test('corrupted JSON in a value: the names in it are kept, the rest of the settings too', () => {
  const r = parseSettingsReport({ disabledSites: '["a.com", "b.org",', ads: false, readerFont: 'mono' });
  assert.deepEqual(r.settings.disabledSites, ['a.com', 'b.org']);
  assert.equal(r.settings.ads, false);
  assert.equal(r.settings.readerFont, 'mono');
  assert.deepEqual(parseSettings({ disabledSites: '["x.net","y.net"]' }).disabledSites, ['x.net', 'y.net']);
  assert.deepEqual(parseSettings({ extraSelectors: '["div.a", "span.b"]' }).extraSelectors, ['div.a', 'span.b']);
});

test('an old settings blob (v0: one JSON string) is read; a corrupted one is reported and ignored', () => {
  const ok = parseSettingsReport({ settings: '{"enabled":false,"sites":"old.com"}' });
  assert.equal(ok.settings.enabled, false);
  assert.deepEqual(ok.settings.disabledSites, ['old.com']);
  assert.deepEqual(ok.problems, []);
  // Current keys win over the blob's.
  assert.equal(parseSettings({ settings: '{"enabled":false}', enabled: true }).enabled, true);
  const bad = parseSettingsReport({ settings: '{"enabled":fal', ads: false, disabledSites: ['keep.com'] });
  assert.deepEqual(keys(bad.problems), ['settings']);
  assert.match(bad.problems[0].message, /corrupted JSON/);
  assert.equal(bad.settings.ads, false);
  assert.deepEqual(bad.settings.disabledSites, ['keep.com']);
});

test('values of the wrong type: defaults for those keys only, one message each', () => {
  const r = parseSettingsReport({
    enabled: { on: true },
    ads: [],
    subscribe: 'maybe',
    disabledSites: 42,
    extraSelectors: { a: 1 },
    readerTheme: 7,
    readerFontSize: 'huge',
    readerSites: ['ok.com'],
  });
  assert.deepEqual(r.settings, { ...defaults, readerSites: ['ok.com'] });
  assert.deepEqual(keys(r.problems).sort(), ['ads', 'disabledSites', 'enabled', 'extraSelectors', 'subscribe']);
  for (const p of r.problems) assert.match(p.message, /default/);
  for (const raw of [[1, 2], 'garbage', 42, true]) {
    const x = parseSettingsReport(raw);
    assert.deepEqual(x.settings, defaults);
    assert.match(x.problems[0].message, /not an object/);
  }
});

test('junk inside lists: bad entries dropped with a count, good ones kept', () => {
  const r = parseSettingsReport({ disabledSites: ['a.com', 7, null, 'not a host!', '', 'B.com'], extraSelectors: ['div.x', 5, ''] });
  assert.deepEqual(r.settings.disabledSites, ['a.com', 'b.com']);
  assert.deepEqual(r.settings.extraSelectors, ['div.x']);
  assert.match(r.problems.find((p) => p.key === 'disabledSites').message, /3 entries are not a site name/);
});

test('selectors that are invalid or would hide the whole page are refused with a clear message', () => {
  const bad = [
    'body',
    'html',
    ':root',
    '*',
    'BODY',
    'body.home',
    'html > body',
    'div, body',
    'main',
    'article',
    'div[',
    'a)',
    'p { color: red }',
    '> p',
    'div,',
  ];
  for (const s of bad) {
    const v = validateSelector(s);
    assert.equal(v.ok, false, s);
    assert.match(v.error, /Refused: .* would hide the whole page|Not a valid CSS selector/, s);
  }
  for (const s of ['div.ad', 'body.home div.ad', 'body > .sidebar .promo', 'ins[data-ad-slot="1"]', 'div:not(.x)', 'a[href*="x)"]', '.bodyclass', 'htmlish']) {
    assert.equal(validateSelector(s).ok, true, s);
  }
  const r = parseSettingsReport({ extraSelectors: ['div.ok', 'body', 'div[', 'html, .x'], enabled: false });
  assert.deepEqual(r.settings.extraSelectors, ['div.ok']);
  assert.equal(r.settings.enabled, false);
  assert.equal(r.problems.length, 3);
  assert.ok(r.problems.every((p) => p.key === 'extraSelectors'));
  // With a page's querySelector, its parser decides validity.
  const qs = (s) => {
    if (s.includes('::bad')) throw new SyntaxError('bad');
  };
  assert.deepEqual(parseSettingsReport({ extraSelectors: ['div::bad', 'div.ok'] }, { querySelector: qs }).settings.extraSelectors, ['div.ok']);
});

function manySites(n) {
  return Array.from({ length: n }, (_, i) => `site-${i}.example${i % 7}.com`);
}

test('a 10,000-site list is parsed whole, fast, and looked up fast', () => {
  const sites = manySites(10000);
  let t0 = performance.now();
  const s = parseSettings({ disabledSites: sites, ads: false });
  const parseMs = performance.now() - t0;
  assert.equal(s.disabledSites.length, 10000);
  assert.equal(s.ads, false);
  t0 = performance.now();
  for (let i = 0; i < 1000; i++) {
    assert.equal(isSiteDisabled(s, `www.sub.site-${i * 7}.example${(i * 7) % 7}.com`), true);
    assert.equal(isSiteDisabled(s, `other-${i}.com`), false);
  }
  const lookupMs = (performance.now() - t0) / 2000;
  assert.ok(parseMs < 500, `parse took ${parseMs} ms`);
  assert.ok(lookupMs < 0.5, `a lookup took ${lookupMs} ms`);
  assert.equal(effectiveOptions(s, 'site-5.example5.com'), null);
});

test('storage: a small list stays in sync; 10,000 sites go to storage.local under the 8 KB item quota', () => {
  const small = splitForStorage(parseSettings({ disabledSites: ['a.com'] }));
  assert.deepEqual(small.sync.disabledSites, ['a.com']);
  assert.equal(small.sync.disabledSitesIn, 'sync');
  assert.deepEqual(small.removeLocal, ['disabledSites']);
  const big = splitForStorage(parseSettings({ disabledSites: manySites(10000), subscribe: false }));
  assert.equal(big.sync.disabledSitesIn, 'local');
  assert.equal(big.sync.disabledSites, undefined);
  assert.equal(big.local.disabledSites.length, 10000);
  assert.equal(big.sync.subscribe, false);
  for (const [k, v] of Object.entries(big.sync)) {
    const bytes = new TextEncoder().encode(k + JSON.stringify(v)).length;
    assert.ok(bytes <= 8192, `sync item ${k}: ${bytes} bytes`);
  }
  assert.ok(new TextEncoder().encode(JSON.stringify(small.sync.disabledSites)).length <= SYNC_SITES_BYTES);
  // Read back: the same settings.
  assert.deepEqual(parseSettings(joinStored(big.sync, big.local)), parseSettings({ disabledSites: manySites(10000), subscribe: false }));
  // The flag without its local list (another browser): the default, nothing else lost.
  assert.deepEqual(parseSettings(joinStored(big.sync, {})).disabledSites, []);
  assert.equal(parseSettings(joinStored(big.sync, {})).subscribe, false);
});

/** storage.sync and storage.local stand-ins with Chrome's quotas. */
function fakeApi() {
  const area = (quotaItem) => {
    const data = {};
    return {
      data,
      async get(k) {
        if (k === null) return structuredClone(data);
        const ks = Array.isArray(k) ? k : [k];
        return Object.fromEntries(ks.filter((x) => x in data).map((x) => [x, structuredClone(data[x])]));
      },
      async set(o) {
        for (const [k, v] of Object.entries(o)) {
          if (quotaItem && new TextEncoder().encode(k + JSON.stringify(v)).length > quotaItem) throw new Error(`QUOTA_BYTES_PER_ITEM quota exceeded (${k})`);
        }
        Object.assign(data, structuredClone(o));
      },
      async remove(ks) {
        for (const k of [].concat(ks)) delete data[k];
      },
    };
  };
  return { storage: { sync: area(8192), local: area(0) } };
}

test('saveSettings/loadSettings round-trip 10,000 sites within the sync quota, and shrink back', async () => {
  const api = fakeApi();
  const s = parseSettings({ disabledSites: manySites(10000), ads: false, extraSelectors: ['div.x'] });
  await saveSettings(api, s);
  assert.equal(api.storage.sync.data.disabledSitesIn, 'local');
  assert.deepEqual(await loadSettings(api), s);
  // Back to a short list: into sync again, the local copy removed.
  const short = setSiteDisabled(parseSettings({ ...s, disabledSites: ['a.com'] }), 'b.com', true);
  await saveSettings(api, short);
  assert.deepEqual(api.storage.sync.data.disabledSites, ['a.com', 'b.com']);
  assert.equal(api.storage.local.data.disabledSites, undefined);
  assert.deepEqual(await loadSettings(api), short);
});
