// Reader mode in dist/firefox (headless firefox-esr, firefox-driver.mjs), as reader.test.mjs in
// Chromium: settings as computed styles and remembered, a change made elsewhere reaching the open
// view, the exact restore of the page, the shortcut's and the context menu's handlers, hostile
// markup that must not run, and a page that is not an article ("read anyway", per-site
// "always"). The view's shadow root is open here through the test flag debugOpenShadow.
// Run: node --test tests/e2e/firefox-reader-mode.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { By } from 'selenium-webdriver';
import { startServer } from './server.mjs';
import { launchFirefox } from './firefox-driver.mjs';
import { readView, pageSnapshot, hostileInView } from './reader-features-data.mjs';

let server, ff, driver;
before(async () => {
  server = await startServer();
  ff = await launchFirefox();
  driver = ff.driver;
  await inExtensionPage('options.html', () => ff.runAsync(() => browser.storage.local.set({ debugOpenShadow: true })));
});
after(async () => {
  await ff?.close();
  await server?.close();
});

// The driver's shared helpers (firefox-driver.mjs), under the names these tests use.
const backToMain = () => ff.backToMain();
const inExtensionPage = (path, fn) => ff.inExtensionPage(path, fn);
const run = (fn, arg) => ff.run(fn, arg);
const until_ = (fn, arg, timeout) => ff.until(fn, arg, timeout);
const inView = (fn, arg) => ff.inView(fn, arg);
const isOpen = () => run(() => !!document.querySelector('adstrip-reader'));
const opened = () => until_(() => document.querySelector('adstrip-reader')?.shadowRoot?.querySelector('.scroller'), null, 15000);

const setSettings = (values) => ff.setSettings(values);

/** Calls the extension's handler `name` (the browser's command or context-menu callback) in its
 *  background page, with `args`; what it answers, as JSON. */
const handler = (name, args) =>
  inExtensionPage('options.html', () =>
    ff.runAsync(
      async (a) => {
        const bg = await browser.runtime.getBackgroundPage();
        return JSON.parse(JSON.stringify((await bg.adstripHandlers[a.name](...a.args)) ?? null));
      },
      { name, args },
    ),
  );

/** Opens `path` of the test server in the main tab once `ready()` holds there; its tab id. */
const openSite = (path, ready) => ff.openSite(`${server.origin}${path}`, ready);
const openArticle = () => openSite('/fx/reader-article.html', () => document.querySelector('#live-slot p'));
/** The extension's reader-mode command for tab `tabId`, as the browser runs it for Alt+Shift+R. */
const command = (tabId) => handler('onCommand', ['toggle-reader', { id: tabId }]);

test('firefox: theme, font, size, width and line height as computed styles, remembered, and a change made elsewhere reaches the open view', async () => {
  await setSettings({});
  const tabId = await openArticle();
  assert.equal((await command(tabId)).open, true);
  await opened();
  const v0 = await inView(readView);
  assert.equal(v0.theme, 'auto');
  assert.equal(v0.background, 'rgb(255, 255, 255)');
  assert.equal(v0.fontSize, '20px');
  await inView(function () {
    const q = (s) => this.querySelector(s);
    q('button[data-key="readerTheme"][data-value="sepia"]').click();
    q('button[data-key="readerFont"][data-value="mono"]').click();
    q('button[data-action="font-larger"]').click();
    q('button[data-action="width-wider"]').click();
    q('button[data-action="lines-looser"]').click();
  });
  const v1 = await inView(readView);
  assert.equal(v1.background, 'rgb(244, 236, 216)');
  assert.equal(v1.color, 'rgb(91, 70, 54)');
  assert.match(v1.font, /monospace/);
  assert.equal(v1.fontSize, '22px');
  assert.equal(parseFloat(v1.lineHeight).toFixed(1), (22 * 1.7).toFixed(1));
  assert.equal(v1.pageWidth, `${40 * 22}px`);
  const saved = await inExtensionPage('options.html', () => ff.runAsync(() => browser.storage.sync.get(null)));
  assert.deepEqual(
    { t: saved.readerTheme, f: saved.readerFont, s: saved.readerFontSize, w: saved.readerWidth, l: saved.readerLineHeight },
    { t: 'sepia', f: 'mono', s: 22, w: 40, l: 1.7 },
  );
  // Changed on the options page's side: the open view follows.
  await inExtensionPage('options.html', () => ff.runAsync(() => browser.storage.sync.set({ readerTheme: 'dark', readerFont: 'sans' })));
  await driver.wait(async () => (await inView(readView)).theme === 'dark', 5000, 'the view turns dark');
  const v2 = await inView(readView);
  assert.equal(v2.background, 'rgb(28, 27, 34)');
  assert.match(v2.font, /sans-serif/);
  // Remembered: the page loaded again opens with them.
  const again = await openArticle();
  assert.equal((await command(again)).open, true);
  await opened();
  const v3 = await inView(readView);
  assert.deepEqual([v3.theme, v3.fontSize], ['dark', '22px']);
  assert.equal((await command(again)).open, false);
  await setSettings({});
});

test('firefox: closing the view restores the page exactly (DOM, styles, scroll position, no reload); the view scrolls, not the page', async () => {
  await setSettings({});
  const tabId = await openArticle();
  await run(() => {
    window.__notReloaded = true;
    window.scrollTo(0, 500);
  });
  await driver.sleep(300); // the detector's late work settles
  const before = await run(pageSnapshot);
  assert.equal(before.scrollY, 500);
  assert.equal((await command(tabId)).open, true);
  await opened();
  await driver.actions().scroll(600, 500, 0, 600).perform();
  await driver.wait(async () => (await inView(readView)).scrollTop > 0, 5000, 'the view scrolls');
  assert.equal(await run(() => window.scrollY), 500, 'the page underneath did not scroll');
  assert.equal((await command(tabId)).open, false);
  const after = await run(pageSnapshot);
  assert.equal(await run(() => window.__notReloaded), true);
  assert.equal(after.html, before.html);
  assert.equal(after.display, before.display);
  assert.equal(after.scrollY, 500);
});

test('firefox: the shortcut is Alt+Shift+R; its handler and the context menu item toggle reader mode', async () => {
  await setSettings({});
  const cmd = await inExtensionPage('options.html', () => ff.runAsync(async () => (await browser.commands.getAll()).find((c) => c.name === 'toggle-reader')));
  assert.equal(cmd?.shortcut, 'Alt+Shift+R');
  const tabId = await openArticle();
  assert.equal((await command(tabId)).open, true);
  assert.equal(await isOpen(), true);
  const menu = (id) => handler('onMenuClicked', [{ menuItemId: id }, { id: tabId }]);
  assert.equal((await menu('adstrip-reader')).open, false);
  assert.equal(await isOpen(), false);
  assert.equal((await menu('adstrip-reader')).open, true);
  await opened();
  assert.equal((await inView(readView)).title, 'River path to reopen in phases');
  assert.equal(await menu('something-else'), null);
  await inView(function () {
    this.querySelector('.scroller').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
  });
  assert.equal(await isOpen(), false, 'Esc closes it');
});

test('firefox, hostile article: no <script>, onerror, javascript:, srcdoc or form payload runs in the reader view', async () => {
  await setSettings({});
  const tabId = await openSite('/fx/reader-xss.html', () => document.readyState === 'complete');
  await driver.sleep(300);
  const onPage = await run(() => window.__pwned.slice().sort());
  assert.ok(onPage.includes('script') && onPage.includes('onerror'), `payloads ran on the page: ${onPage}`);
  await run(() => {
    window.__pwned = [];
  });
  assert.equal((await command(tabId)).open, true);
  await opened();
  assert.ok((await inView(readView)).text.includes('The council met on Thursday evening'));
  const bad = await inView(hostileInView);
  await driver.sleep(500);
  assert.deepEqual(bad, []);
  assert.deepEqual(await run(() => window.__pwned), []);
  assert.equal(await run(() => location.pathname), '/fx/reader-xss.html');
  assert.equal((await command(tabId)).open, false);
});

test('firefox: a page that is not an article: the popup says so, "read anyway" opens it; "always" opens the site in reader mode', async () => {
  await setSettings({});
  const tabId = await openSite('/fx/reader-short.html', () => document.readyState === 'complete');
  await ff.openExtensionPage(`popup.html?tab=${tabId}`);
  await until_(() => document.getElementById('reader-state').textContent !== '');
  assert.equal(await run(() => document.getElementById('reader-state').textContent), 'This page does not look like an article.');
  assert.equal(await run(() => document.getElementById('reader-anyway').checkVisibility()), true);
  await driver.findElement(By.id('reader')).click();
  await driver.sleep(300);
  const popupTab = await driver.getWindowHandle();
  await driver.switchTo().window(ff.mainTab);
  assert.equal(await isOpen(), false, 'not opened without "read anyway"');
  await driver.switchTo().window(popupTab);
  await driver.findElement(By.id('reader-anyway')).click();
  await driver.switchTo().window(ff.mainTab);
  await opened();
  const v = await inView(readView);
  assert.ok(v.title === 'Contact us' || v.message, JSON.stringify(v));
  assert.equal((await command(tabId)).open, false);
  // "Always in reader mode on this site", then the next page of the site opens in it.
  const handles = await driver.getAllWindowHandles();
  if (!handles.includes(popupTab)) await ff.openExtensionPage(`popup.html?tab=${tabId}`);
  else await driver.switchTo().window(popupTab);
  await until_(() => document.getElementById('reader-state').textContent !== '');
  await driver.findElement(By.id('reader-site')).click();
  await driver.wait(async () => (await ff.runAsync(async () => (await browser.storage.sync.get('readerSites')).readerSites || [])).includes('127.0.0.1'), 5000);
  await backToMain();
  await driver.get(`${server.origin}/fx/reader-article.html`);
  await opened();
  assert.equal((await inView(readView)).title, 'River path to reopen in phases');
  await setSettings({});
});
