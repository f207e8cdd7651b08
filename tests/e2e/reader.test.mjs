// Reader mode in dist/chromium (headless Debian Chromium, playwright-core): the toggle from the
// popup, the shortcut's and the context menu's handlers, what the view shows and leaves out,
// settings applied as computed styles, exact restore of the page, hostile markup, and the
// service-worker path on a strict-CSP page.
//
// The view lives in a closed shadow root, which no page script (and no Playwright locator)
// can enter; the tests read it through the DevTools protocol (DOM.getDocument with pierce),
// the way a debugger would.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchChromium, openPage, setSettings } from './helpers.mjs';
import { readView, pageSnapshot, hostileInView } from './reader-features-data.mjs';

let server, ctx;
before(async () => {
  server = await startServer();
  ctx = await launchChromium();
});
after(async () => {
  await ctx?.close();
  await server?.close();
});
// A failed test leaves no tab behind (a second tab on the same URL would confuse the next one).
afterEach(async () => {
  for (const p of ctx.context.pages().slice(1)) await p.close().catch(() => {});
});

const HOST = 'adstrip-reader';

/** Runs `fn` with `this` = the reader's closed shadow root (null when reader mode is off). */
async function inReader(page, fn, arg) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const find = (n) => {
      if (n.localName === HOST) return n;
      for (const c of n.children || []) {
        const r = find(c);
        if (r) return r;
      }
      return null;
    };
    const host = find(root);
    if (!host) return null;
    const sr = host.shadowRoots?.[0];
    assert.equal(sr?.shadowRootType, 'closed', 'the view is in a closed shadow root');
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: sr.backendNodeId });
    const r = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: fn.toString(),
      arguments: [{ value: arg ?? null }],
      returnByValue: true,
      awaitPromise: true,
    });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
    return r.result.value;
  } finally {
    await cdp.detach();
  }
}

const snapshot = (page) => page.evaluate(pageSnapshot);

/** Sends a message to the tab's top frame through the service worker (as the popup does). */
function tabMessage(tabId, msg) {
  return ctx.sw.evaluate(([id, m]) => chrome.tabs.sendMessage(id, m, { frameId: 0 }), [tabId, msg]);
}

const command = (tabId) => ctx.sw.evaluate((id) => globalThis.adstripHandlers.onCommand('toggle-reader', { id }), tabId);
const isOpen = (page) => page.evaluate((h) => !!document.querySelector(h), HOST);

async function openArticle(query = '', opts = {}) {
  const { page, status, adstripLogs } = await openPage(ctx, `${server.origin}/fx/reader-article.html${query}`, opts);
  await page.waitForFunction(() => document.querySelector('#live-slot p'));
  return { page, status, adstripLogs };
}

test('popup: the page looks like an article; the button opens reader mode with the article and nothing else', async (t) => {
  await setSettings(ctx.sw, {});
  const { page, status, adstripLogs } = await openArticle();
  const popup = await ctx.context.newPage();
  await popup.goto(`chrome-extension://${ctx.extId}/popup.html?tab=${status.tabId}`);
  await popup.waitForFunction(() => document.getElementById('reader-state').textContent !== '');
  assert.equal(await popup.textContent('#reader-state'), 'This page looks like an article.');
  assert.equal(await popup.isDisabled('#reader'), false);
  assert.equal(await popup.isHidden('#reader-anyway-row'), true);
  await popup.click('#reader');
  await page.waitForFunction((h) => !!document.querySelector(h), HOST);
  await popup.waitForFunction(() => document.getElementById('reader').getAttribute('aria-pressed') === 'true');
  const v = await inReader(page, readView);
  const st = await tabMessage(status.tabId, { type: 'readerStatus' });
  t.diagnostic(
    `path ${st.last.path}; pre-pass ${st.last.timings.prepassMs.toFixed(1)} ms, extraction ${st.last.timings.extractMs.toFixed(1)} ms, total ${st.last.timings.totalMs.toFixed(1)} ms; ${JSON.stringify(st.last.timings.prepass)}`,
  );
  assert.equal(st.last.path, 'wasm');
  assert.equal(v.title, 'River path to reopen in phases');
  assert.equal(v.site, 'Reader Site');
  assert.match(v.byline, /Ada Lovelace/);
  assert.match(v.readingTime, /^\d+(-\d+)? min$/);
  assert.ok(v.paragraphs >= 12, `paragraphs: ${v.paragraphs}`);
  assert.ok(v.text.includes('The council met on Thursday evening'));
  assert.ok(v.text.includes('LIVE-PARAGRAPH'), 'content the page added at run time is there');
  for (const gone of [
    'BUY-CHEAP-WIDGETS',
    'Advertisements',
    'Discover more from',
    'Subscribe to get',
    'COOKIE-OVERLAY-TEXT',
    'HIDDEN-BY-STYLE',
    'ZERO-SIZE-BOX',
    'INVISIBLE-VISIBILITY',
    'Another story',
  ]) {
    assert.ok(!v.text.includes(gone), `"${gone}" is in the reader view`);
  }
  assert.ok(v.images.includes(`${server.origin}/fx/reader-photo.png`), `lazy image resolved from data-src: ${v.images}`);
  assert.ok(v.images.includes(`${server.origin}/fx/reader-photo-2.png`), `native lazy image kept: ${v.images}`);
  assert.ok(v.captions.includes('The washed-out section near the mill, in May.'), `wp-caption kept: ${v.captions}`);
  assert.ok(v.captions.includes('The mill race, older than the mill.'), `figure caption kept: ${v.captions}`);
  assert.deepEqual(adstripLogs, []);
  await popup.click('#reader');
  await page.waitForFunction((h) => !document.querySelector(h), HOST);
  await popup.close();
  await page.close();
});

test('theme, font, size, width and line height apply as computed styles and are remembered', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openArticle();
  await page.emulateMedia({ colorScheme: 'light' });
  await command(status.tabId);
  await page.waitForFunction((h) => !!document.querySelector(h), HOST);
  const v0 = await inReader(page, readView);
  assert.equal(v0.theme, 'auto');
  assert.equal(v0.background, 'rgb(255, 255, 255)');
  assert.match(v0.font, /Georgia|serif/);
  assert.equal(v0.fontSize, '20px');
  // Auto follows the system.
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal((await inReader(page, readView)).background, 'rgb(28, 27, 34)');
  await page.emulateMedia({ colorScheme: 'light' });
  // The toolbar: sepia, mono, larger text, wider, looser lines.
  await inReader(page, function () {
    const q = (s) => this.querySelector(s);
    q('button[data-key="readerTheme"][data-value="sepia"]').click();
    q('button[data-key="readerFont"][data-value="mono"]').click();
    q('button[data-action="font-larger"]').click();
    q('button[data-action="width-wider"]').click();
    q('button[data-action="lines-looser"]').click();
  });
  const v1 = await inReader(page, readView);
  assert.equal(v1.background, 'rgb(244, 236, 216)');
  assert.equal(v1.color, 'rgb(91, 70, 54)');
  assert.match(v1.font, /monospace/);
  assert.equal(v1.fontSize, '22px');
  assert.equal(v1.lineHeight, `${(22 * 1.7).toFixed(1).replace(/\.0$/, '')}px`);
  assert.equal(v1.pageWidth, `${40 * 22}px`);
  const saved = await ctx.sw.evaluate(() => chrome.storage.sync.get(null));
  assert.deepEqual(
    { t: saved.readerTheme, f: saved.readerFont, s: saved.readerFontSize, w: saved.readerWidth, l: saved.readerLineHeight },
    { t: 'sepia', f: 'mono', s: 22, w: 40, l: 1.7 },
  );
  // A change made elsewhere (another tab, the options) reaches the open view.
  await ctx.sw.evaluate(() => chrome.storage.sync.set({ readerTheme: 'dark', readerFont: 'sans' }));
  await page.waitForFunction(() => true);
  let v2;
  for (let i = 0; i < 40; i++) {
    v2 = await inReader(page, readView);
    if (v2.theme === 'dark') break;
    await page.waitForTimeout(50);
  }
  assert.equal(v2.background, 'rgb(28, 27, 34)');
  assert.match(v2.font, /sans-serif/);
  await page.close();
  // Remembered: a new page opens with the saved settings.
  const b = await openArticle();
  await command(b.status.tabId);
  await b.page.waitForFunction((h) => !!document.querySelector(h), HOST);
  const v3 = await inReader(b.page, readView);
  assert.equal(v3.theme, 'dark');
  assert.equal(v3.fontSize, '22px');
  await b.page.close();
});

test('toggle off restores the page exactly: same DOM, same styles, same scroll position, no reload', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openArticle();
  await page.evaluate(() => {
    window.__notReloaded = true;
    window.scrollTo(0, 500);
  });
  await page.waitForTimeout(300); // let the detector's late work settle
  const before = await snapshot(page);
  assert.equal(before.scrollY, 500);
  await command(status.tabId);
  await page.waitForFunction((h) => !!document.querySelector(h), HOST);
  // Scrolling in the reader moves the reader, not the page underneath.
  await page.mouse.move(600, 500);
  await page.mouse.wheel(0, 600);
  await page.waitForTimeout(300);
  const v = await inReader(page, readView);
  assert.ok(v.scrollHeight > v.clientHeight, 'the article is longer than the viewport');
  assert.ok(v.scrollTop > 0, `the reader scrolled: ${v.scrollTop}`);
  assert.equal(await page.evaluate(() => window.scrollY), 500, 'the page underneath did not scroll');
  const res = await command(status.tabId);
  assert.equal(res.open, false);
  const after = await snapshot(page);
  assert.equal(await page.evaluate(() => window.__notReloaded), true);
  assert.equal(after.html, before.html);
  assert.equal(after.display, before.display);
  assert.equal(after.scrollY, 500);
  await page.close();
});

test('shortcut Alt+Shift+R and the context menu toggle reader mode (through their handlers)', async (t) => {
  await setSettings(ctx.sw, {});
  const manifest = await ctx.sw.evaluate(() => chrome.runtime.getManifest());
  assert.equal(manifest.commands['toggle-reader'].suggested_key.default, 'Alt+Shift+R');
  const cmds = await ctx.sw.evaluate(() => chrome.commands.getAll());
  const cmd = cmds.find((c) => c.name === 'toggle-reader');
  assert.ok(cmd, 'the command is registered');
  t.diagnostic(`shortcut bound by the browser: "${cmd.shortcut}"`);
  const { page, status } = await openArticle();
  // A key press through the DevTools protocol reaches the page, not the browser's accelerators,
  // so headless Chromium does not run extension commands from it: checked, then the handler
  // the browser calls for the command is run in the service worker.
  await page.keyboard.press('Alt+Shift+R');
  await page.waitForTimeout(300);
  if (await isOpen(page)) {
    t.diagnostic('the key press reached the command');
    await page.keyboard.press('Alt+Shift+R');
    await page.waitForFunction((h) => !document.querySelector(h), HOST);
  } else {
    t.diagnostic('headless Chromium did not deliver the shortcut; testing the command handler');
  }
  assert.equal((await command(status.tabId)).open, true);
  assert.equal(await isOpen(page), true);
  // Esc inside the view closes it too.
  await inReader(page, function () {
    this.querySelector('.scroller').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
  });
  assert.equal(await isOpen(page), false);
  const menu = (id) => ctx.sw.evaluate(([tabId, m]) => globalThis.adstripHandlers.onMenuClicked({ menuItemId: m }, { id: tabId }), [status.tabId, id]);
  assert.equal((await menu('adstrip-reader')).open, true);
  assert.equal((await inReader(page, readView)).title, 'River path to reopen in phases');
  assert.equal((await menu('adstrip-reader')).open, false);
  assert.equal(await menu('something-else'), null);
  await page.close();
});

test('hostile article: no <script>, onerror, javascript:, srcdoc or form payload runs in the reader view', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openPage(ctx, `${server.origin}/fx/reader-xss.html`);
  await page.waitForTimeout(300);
  // The payloads are live on the page itself (so the test can see one run) ...
  const onPage = await page.evaluate(() => window.__pwned.slice().sort());
  assert.ok(onPage.includes('script') && onPage.includes('onerror'), `payloads ran on the page: ${onPage}`);
  await page.evaluate(() => {
    window.__pwned = [];
  });
  // ... and none runs from the reader view.
  assert.equal((await command(status.tabId)).open, true);
  const v = await inReader(page, readView);
  assert.ok(v.text.includes('The council met on Thursday evening'), v.text.slice(0, 200));
  const found = await inReader(page, hostileInView);
  await page.waitForTimeout(500);
  assert.deepEqual(found, []);
  assert.deepEqual(await page.evaluate(() => window.__pwned), []);
  assert.equal(new URL(page.url()).pathname, '/fx/reader-xss.html');
  await page.close();
});

test('strict CSP page: reader mode extracts through the service worker and shows the article', async (t) => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openArticle('?csp=strict', { mode: 'sw' });
  assert.equal(await page.evaluate(() => window.__pageScriptRan), true);
  assert.equal(
    await page.evaluate(() =>
      WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
        () => true,
        () => false,
      ),
    ),
    false,
    'the CSP forbids wasm in the page',
  );
  const res = await command(status.tabId);
  assert.equal(res.open, true, JSON.stringify(res));
  assert.equal(res.path, 'sw');
  t.diagnostic(`service-worker path: extraction ${res.timings.extractMs.toFixed(1)} ms, total ${res.timings.totalMs.toFixed(1)} ms`);
  const v = await inReader(page, readView);
  assert.equal(v.title, 'River path to reopen in phases');
  assert.ok(v.text.includes('LIVE-PARAGRAPH'));
  for (const gone of ['BUY-CHEAP-WIDGETS', 'Discover more from', 'COOKIE-OVERLAY-TEXT', 'HIDDEN-BY-STYLE']) assert.ok(!v.text.includes(gone), gone);
  assert.equal(v.background === 'rgba(0, 0, 0, 0)', false, 'the view is styled under the strict CSP');
  assert.equal((await command(status.tabId)).open, false);
  await page.close();
});

test('a page that is not an article: the popup says so, "read anyway" forces it; per-site "always"', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openPage(ctx, `${server.origin}/fx/reader-short.html`);
  const popup = await ctx.context.newPage();
  await popup.goto(`chrome-extension://${ctx.extId}/popup.html?tab=${status.tabId}`);
  await popup.waitForFunction(() => document.getElementById('reader-state').textContent !== '');
  assert.equal(await popup.textContent('#reader-state'), 'This page does not look like an article.');
  assert.equal(await popup.isVisible('#reader-anyway'), true);
  await popup.click('#reader');
  await popup.waitForTimeout(300);
  assert.equal(await isOpen(page), false, 'not opened without "read anyway"');
  await popup.click('#reader-anyway');
  await page.waitForFunction((h) => !!document.querySelector(h), HOST);
  const v = await inReader(page, readView);
  assert.ok(v.title === 'Contact us' || v.message, JSON.stringify(v));
  assert.equal((await command(status.tabId)).open, false);

  // Always in reader mode on this site: saved from the popup, applied on the next page load.
  await popup.check('#reader-site');
  await popup.waitForFunction(async () => (await chrome.storage.sync.get('readerSites')).readerSites?.includes('127.0.0.1'));
  await popup.close();
  await page.close();
  const b = await openArticle();
  await b.page.waitForFunction((h) => !!document.querySelector(h), HOST);
  assert.equal((await inReader(b.page, readView)).title, 'River path to reopen in phases');
  await b.page.close();
  await setSettings(ctx.sw, {});
});

for (const slug of ['londonglossypost', 'news-ticotimes-2022-adthrive', 'blog-theclevercarrot-enews-adthrive']) {
  test(`extraction time and no ad or nag text on a real saved page: ${slug}`, async (t) => {
    await setSettings(ctx.sw, {});
    const { page, status } = await openPage(ctx, `${server.origin}/corpus/${slug}.html`);
    const res = await command(status.tabId);
    assert.equal(res.open, true, JSON.stringify(res));
    const tm = res.timings;
    t.diagnostic(
      `${slug}: ${tm.prepass.elements} elements, ${tm.htmlBytes} bytes after the pre-pass (dropped: ${tm.prepass.adstrip} adstrip, ${tm.prepass.hidden} hidden, ${tm.prepass.zeroSize} zero-size, ${tm.prepass.fixed} fixed); pre-pass ${tm.prepassMs.toFixed(1)} ms, extraction ${tm.extractMs.toFixed(1)} ms, total with loading the reader wasm ${tm.totalMs.toFixed(1)} ms`,
    );
    const v = await inReader(page, readView);
    assert.ok(!/Discover more from|Subscribe to get the latest posts/.test(v.text), 'no Jetpack subscribe text');
    assert.ok(v.paragraphs >= 3, `paragraphs: ${v.paragraphs}`);
    // A second toggle reuses the loaded module.
    await command(status.tabId);
    const again = await command(status.tabId);
    t.diagnostic(
      `${slug} second open: pre-pass ${again.timings.prepassMs.toFixed(1)} ms, extraction ${again.timings.extractMs.toFixed(1)} ms, total ${again.timings.totalMs.toFixed(1)} ms`,
    );
    await page.close();
  });
}
