// End-to-end tests of dist/chromium in headless Debian Chromium (playwright-core), over pages
// served from 127.0.0.1: what a reader would check on the page, the popup and the switches.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchChromium, openPage, readLabels, stylesheetSelectors, checkLabelsInPage, setSettings, markersInPage, setLocal } from './helpers.mjs';

let server, ctx, css;
before(async () => {
  server = await startServer();
  ctx = await launchChromium();
  css = stylesheetSelectors();
});
after(async () => {
  await ctx?.close();
  await server?.close();
});

async function checkCorpusPage(slug, query = '') {
  await setSettings(ctx.sw, {});
  const { page, status, adstripLogs } = await openPage(ctx, `${server.origin}/corpus/${slug}.html${query}`);
  const res = await page.evaluate(checkLabelsInPage, { labels: readLabels(slug), cssSelectors: css, skip: [] });
  const markers = await page.evaluate(markersInPage);
  await page.close();
  return { ...res, status, markers, adstripLogs };
}

test('londonglossypost: both WordAds blocks and both footer lines hidden, 14 paragraphs visible', async () => {
  const r = await checkCorpusPage('londonglossypost');
  assert.equal(r.status.mode, 'wasm');
  assert.deepEqual(r.failures, []);
  assert.ok(r.status.ads >= 2, `ads counted: ${r.status.ads}`);
  assert.ok(r.status.subscribe >= 1, `nags counted: ${r.status.subscribe}`);
  assert.deepEqual(r.adstripLogs, []);
});

const FX_LABELS = {
  // What a reader checks on the fixture pages: ads (data-test-ad) not visible, story visible.
  hide: [{ selector: '[data-test-ad]', visible: true, family: 'fixture' }],
  negatives: [{ selector: 'p.story' }, { selector: 'h1, h2.entry-title' }],
};

async function fixtureCheck(page) {
  return page.evaluate(checkLabelsInPage, { labels: FX_LABELS, cssSelectors: css, skip: [] });
}

test('several corpus pages: labelled blocks hidden, negatives and article text kept', async () => {
  const slugs = [
    'wpcom-denkanstoos-2012-wordads',
    'blog-chefjackovens-jetpack-modal',
    'news-djz-adinserter-gpt',
    'blog-goodstuff-jetpack-block',
    'news-haitiantimes-2022-wordads-adsense',
  ];
  const bad = [];
  for (const slug of slugs) {
    const r = await checkCorpusPage(slug);
    if (r.failures.length) bad.push(`${slug}: ${r.failures.join('; ')}`);
  }
  assert.deepEqual(bad, []);
});

test('late ads (after 1 s, on scroll) are hidden before they are ever painted', async () => {
  await setSettings(ctx.sw, {});
  const { page } = await openPage(ctx, `${server.origin}/fx/late.html`);
  await page.waitForFunction(() => window.__inserted.includes('timer'));
  await page.mouse.wheel(0, 400);
  await page.waitForFunction(() => window.__inserted.includes('scroll'));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const r = await fixtureCheck(page);
  const paint = await page.evaluate(() => window.__paint);
  const texts = await page.evaluate(() => window.__testTexts.map((t) => t.parentElement.checkVisibility()));
  await page.close();
  assert.deepEqual(r.failures, []);
  assert.deepEqual(paint.seen, [], 'an ad was painted');
  assert.ok(paint.frames > 10, `paint check ran ${paint.frames} frames`);
  assert.deepEqual(texts, [false], 'the bare footer lines are hidden');
});

test('infinite scroll: every appended post has its ads hidden within the frame', async () => {
  await setSettings(ctx.sw, {});
  const { page } = await openPage(ctx, `${server.origin}/fx/infinite.html`);
  for (let i = 0; i < 8 && (await page.evaluate(() => window.__posts)) < 5; i++) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(50);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForTimeout(150);
  }
  const posts = await page.evaluate(() => window.__posts);
  const r = await fixtureCheck(page);
  const paint = await page.evaluate(() => window.__paint);
  await page.close();
  assert.ok(posts >= 5, `posts appended: ${posts}`);
  assert.deepEqual(r.failures, []);
  assert.deepEqual(paint.seen, [], 'an ad was painted');
});

test('subscribe modal shown at 50 % scroll is hidden and scrolling restored', async () => {
  await setSettings(ctx.sw, {});
  const { page } = await openPage(ctx, `${server.origin}/fx/modal.html`);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.waitForFunction(() => window.__modalShown);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const r = await fixtureCheck(page);
  const scroll = await page.evaluate(() => {
    const before = scrollY;
    window.scrollTo(0, 0);
    return { before, after: scrollY, html: getComputedStyle(document.documentElement).overflowY, body: getComputedStyle(document.body).overflowY };
  });
  const paint = await page.evaluate(() => window.__paint);
  await page.close();
  assert.deepEqual(r.failures, []);
  assert.deepEqual(paint.seen, [], 'the modal was painted');
  assert.notEqual(scroll.html, 'hidden');
  assert.notEqual(scroll.body, 'hidden');
  assert.equal(scroll.after, 0, `page scrolls: ${JSON.stringify(scroll)}`);
});

test('strict CSP page: the service-worker path hides the same as the in-page path', async () => {
  await setSettings(ctx.sw, {});
  // Both paths must also find the ad the page adds 300 ms after load (the stylesheet hides it
  // at once; the scan marks it).
  const lateHidden = () => !!document.querySelector('[data-test-ad="s-late-smart"][data-adstrip]');
  const a = await openPage(ctx, `${server.origin}/fx/strict.html`);
  await a.page.waitForFunction(lateHidden, null, { timeout: 10000 });
  const inPage = { status: a.status, markers: await a.page.evaluate(markersInPage), check: await fixtureCheck(a.page) };
  await a.page.close();
  const b = await openPage(ctx, `${server.origin}/fx/strict.html?csp=strict`, { mode: 'sw' });
  await b.page.waitForFunction(lateHidden, null, { timeout: 10000 });
  const viaSw = {
    status: b.status,
    markers: await b.page.evaluate(markersInPage),
    check: await fixtureCheck(b.page),
    ran: await b.page.evaluate(() => window.__pageScriptRan === true),
    wasmAllowed: await b.page.evaluate(() =>
      WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
        () => true,
        () => false,
      ),
    ),
  };
  const lines = await b.page.evaluate(() =>
    [...document.querySelectorAll('[data-adstrip]')].some((e) => e.textContent.includes('Discover more from Strict Site')),
  );
  await b.page.close();
  assert.equal(inPage.status.mode, 'wasm');
  assert.equal(viaSw.status.mode, 'sw');
  assert.ok(viaSw.ran, "the page's own script ran");
  assert.equal(viaSw.wasmAllowed, false, 'the CSP forbids wasm in the page');
  assert.deepEqual(inPage.check.failures, []);
  assert.deepEqual(viaSw.check.failures, []);
  assert.ok(lines, 'the footer lines are hidden through the service worker');
  assert.deepEqual(viaSw.markers, inPage.markers);
});

test('both paths give the same findings on corpus pages (service worker forced)', async () => {
  const slugs = ['londonglossypost', 'blog-goodstuff-jetpack-block', 'wpcom-denkanstoos-2012-wordads', 'news-zitrod-jetpack-adinserter'];
  const diffs = [];
  for (const slug of slugs) {
    await setSettings(ctx.sw, {});
    await setLocal(ctx.sw, { debugForcePath: null });
    const a = await checkCorpusPage(slug);
    await setLocal(ctx.sw, { debugForcePath: 'sw' });
    const b = await checkCorpusPage(slug);
    if (b.status.mode !== 'sw') diffs.push(`${slug}: mode ${b.status.mode}`);
    const onlyA = a.markers.filter((m) => !b.markers.includes(m));
    const onlyB = b.markers.filter((m) => !a.markers.includes(m));
    if (onlyA.length || onlyB.length) diffs.push(`${slug}: only in-page ${JSON.stringify(onlyA)}, only sw ${JSON.stringify(onlyB)}`);
    const newFailures = b.failures.filter((f) => !a.failures.includes(f));
    if (newFailures.length) diffs.push(`${slug} via sw only: ${newFailures.join('; ')}`);
  }
  await setLocal(ctx.sw, { debugForcePath: null });
  assert.deepEqual(diffs, []);
});

// The DOM as a comparable string: the root's attributes as a sorted set (their serialisation
// order depends on when each was set, not on what the page holds), then everything inside.
async function snapshot(page) {
  return page.evaluate(() => ({
    html:
      [...document.documentElement.attributes]
        .map((a) => `${a.name}=${a.value}`)
        .sort()
        .join(' ') +
      '\n' +
      document.documentElement.innerHTML,
    display: [...document.querySelectorAll('*')].map((e) => `${e.localName}:${getComputedStyle(e).display}:${getComputedStyle(e).overflowY}`).join('|'),
  }));
}

for (const [name, path] of [
  ['londonglossypost', '/corpus/londonglossypost.html'],
  ['strict fixture', '/fx/strict.html'],
  ['modal fixture', '/fx/modal.html?after=300'],
]) {
  test(`per-site switch on ${name}: off undoes at once, exact DOM and styles of the page without adstrip`, async () => {
    await setSettings(ctx.sw, { disabledSites: ['127.0.0.1'] });
    const { page, status } = await openPage(ctx, server.origin + path);
    assert.equal(status.mode, 'off');
    await page.waitForTimeout(600);
    const top = await ctx.sw.evaluate((t) => chrome.tabs.sendMessage(t, { type: 'status' }, { frameId: 0 }), status.tabId);
    assert.deepEqual([top.mode, top.stats.wasmLoadAt], ['off', null], 'a site switched off loads no wasm');
    const off = await snapshot(page);
    assert.equal(await page.evaluate(() => document.querySelectorAll('[data-adstrip]').length), 0);
    await setSettings(ctx.sw, {});
    await page.waitForFunction(() => document.querySelectorAll('[data-adstrip]').length > 0);
    const on = await snapshot(page);
    assert.notEqual(on.html, off.html);
    await setSettings(ctx.sw, { disabledSites: ['127.0.0.1'] });
    await page.waitForFunction(() => document.querySelectorAll('[data-adstrip]').length === 0);
    const undone = await snapshot(page);
    await page.close();
    assert.equal(undone.html, off.html);
    assert.equal(undone.display, off.display);
  });
}

test('popup: counts by kind, badge, off on this site, show what was hidden', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openPage(ctx, `${server.origin}/corpus/londonglossypost.html`);
  const popup = await ctx.context.newPage();
  await popup.goto(`chrome-extension://${ctx.extId}/popup.html?tab=${status.tabId}`);
  await popup.waitForFunction(() => document.getElementById('site').textContent === '127.0.0.1');
  const ads = Number(await popup.textContent('#ads'));
  const subscribe = Number(await popup.textContent('#subscribe'));
  assert.equal(ads, status.ads);
  assert.equal(subscribe, status.subscribe);
  assert.ok(ads >= 2 && subscribe >= 1, `${ads} ads, ${subscribe} nags`);
  const badge = await ctx.sw.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), status.tabId);
  assert.equal(badge, String(ads + subscribe));
  await popup.waitForFunction(() => document.getElementById('reader-state').textContent !== '');
  assert.equal(await popup.isDisabled('#reader'), false, 'reader mode is offered');

  // Show what was hidden: outlined in place with the reason, then hidden again.
  await popup.click('#outline');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-adstrip]')].every((e) => e.checkVisibility() && e.title.startsWith('adstrip:')));
  await popup.click('#outline');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-adstrip]')].every((e) => !e.checkVisibility()));

  // Off on this site: undone without reload; on again: hidden again.
  await popup.uncheck('#site-on');
  await page.waitForFunction(() => document.querySelectorAll('[data-adstrip]').length === 0);
  assert.deepEqual(await ctx.sw.evaluate(() => chrome.storage.sync.get('disabledSites')), { disabledSites: ['127.0.0.1'] });
  await popup.waitForFunction(() => document.getElementById('ads').textContent === '0');
  await popup.check('#site-on');
  await page.waitForFunction(() => document.querySelectorAll('[data-adstrip]').length > 0);
  await popup.close();
  await page.close();
});

test('options: a bad selector is refused with a message; a good one is saved and hides', async () => {
  await setSettings(ctx.sw, { enabled: 'garbage', disabledSites: 42, extraSelectors: [7, 'p.keep-me-not', '  '] });
  const opts = await ctx.context.newPage();
  await opts.goto(`chrome-extension://${ctx.extId}/options.html`);
  await opts.waitForFunction(() => document.getElementById('enabled').checked === true);
  assert.equal(await opts.locator('#selectors li').count(), 1, 'the valid part of a corrupted value survives');
  await opts.fill('#selector-input', 'div[');
  await opts.click('#selector-form button');
  assert.match(await opts.textContent('#selector-error'), /Not a valid CSS selector/);
  await opts.fill('#selector-input', 'body');
  await opts.click('#selector-form button');
  assert.match(await opts.textContent('#selector-error'), /whole page/);
  let saved = await ctx.sw.evaluate(() => chrome.storage.sync.get('extraSelectors'));
  assert.ok(!saved.extraSelectors.includes('div[') && !saved.extraSelectors.includes('body'), 'refused selectors not saved');
  await opts.fill('#selector-input', 'p.story:nth-of-type(2)');
  await opts.click('#selector-form button');
  await opts.waitForFunction(() => document.querySelectorAll('#selectors li').length === 2);
  assert.equal(await opts.textContent('#selector-error'), '');
  saved = await ctx.sw.evaluate(() => chrome.storage.sync.get(null));
  assert.deepEqual(saved.extraSelectors, ['p.keep-me-not', 'p.story:nth-of-type(2)']);
  assert.equal(saved.enabled, true);
  assert.deepEqual(saved.disabledSites, []);
  // Sites list: add and remove.
  await opts.fill('#site-input', 'https://www.Example.com/path');
  await opts.click('#site-form button');
  await opts.waitForFunction(() => document.querySelectorAll('#sites li').length === 1);
  assert.deepEqual((await ctx.sw.evaluate(() => chrome.storage.sync.get('disabledSites'))).disabledSites, ['example.com']);
  await opts.click('#sites li button');
  await opts.waitForFunction(() => document.querySelectorAll('#sites li').length === 0);
  // The user's selector works on a page; nags switched off leaves nags alone.
  await opts.uncheck('#subscribe');
  await opts.close();
  const { page } = await openPage(ctx, `${server.origin}/fx/strict.html`);
  const r = await page.evaluate(() => ({
    user: document.querySelector('p.story:nth-of-type(2)').getAttribute('data-adstrip'),
    nags: document.querySelectorAll('[data-adstrip^="subscribe:"]').length,
    ads: document.querySelectorAll('[data-adstrip^="ad:"]').length,
  }));
  await page.close();
  assert.equal(r.user, 'ad:user-selector');
  assert.equal(r.nags, 0);
  assert.ok(r.ads >= 2);
});

test('a wasm trap is logged once with [adstrip] and the page keeps the stylesheet', async () => {
  await setSettings(ctx.sw, {});
  await setLocal(ctx.sw, { debugFailScan: true });
  try {
    const { page, adstripLogs } = await openPage(ctx, `${server.origin}/fx/late.html`);
    await page.waitForFunction(() => window.__inserted.includes('timer'));
    await page.mouse.wheel(0, 400);
    await page.waitForFunction(() => window.__inserted.includes('scroll'));
    await page.waitForTimeout(200);
    const r = await page.evaluate(() => ({
      marked: document.querySelectorAll('[data-adstrip]').length,
      cssHidden: ['late-wordads', 'scroll-adsense', 'scroll-smart'].map((id) => document.querySelector(`[data-test-ad="${id}"]`).checkVisibility()),
      story: [...document.querySelectorAll('p.story')].every((p) => p.checkVisibility()),
    }));
    await page.close();
    assert.equal(adstripLogs.length, 1, adstripLogs.join('\n'));
    assert.match(adstripLogs[0], /^\[adstrip\] .*stylesheet alone/);
    assert.equal(r.marked, 0);
    assert.deepEqual(r.cssHidden, [false, false, false]);
    assert.ok(r.story);
  } finally {
    await setLocal(ctx.sw, { debugFailScan: false });
  }
});

test('open shadow roots: ads at load, in a component attached later and inserted later are hidden', async () => {
  await setSettings(ctx.sw, {});
  const { page } = await openPage(ctx, `${server.origin}/fx/shadow.html`);
  await page.waitForTimeout(1600);
  const r = await page.evaluate(() => {
    const inShadow = (host, sel) => document.getElementById(host).shadowRoot.querySelector(sel);
    const vis = (el) => !!el && el.checkVisibility({ checkVisibilityCSS: true });
    return {
      atLoad: vis(inShadow('w1', '#w1-ad')),
      attachedLater: vis(inShadow('w2', '#w2-ad')),
      insertedLater: vis(inShadow('w1', '#w1-late')),
      exists: !!inShadow('w1', '#w1-late') && !!inShadow('w2', '#w2-ad'),
      shadowText: vis(inShadow('w1', '.inner-story')),
      story: [...document.querySelectorAll('p.story')].every(vis),
    };
  });
  await page.close();
  assert.deepEqual(r, { atLoad: false, attachedLater: false, insertedLater: false, exists: true, shadowText: true, story: true });
});
