// The core flows on dist/firefox in headless firefox-esr, driven by geckodriver through
// selenium-webdriver (Playwright's Firefox needs a build of its own). A temporary add-on gets
// a fixed moz-extension UUID (pref extensions.webextensions.uuids) so the options page can be
// opened by URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Builder, By, until } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import { startServer } from './server.mjs';
import { FIREFOX_EXT, ROOT, readLabels, stylesheetSelectors, checkLabelsInPage, markersInPage } from './helpers.mjs';

const GECKODRIVER = process.env.GECKODRIVER || join(homedir(), '.cache/adstrip-tools/bin/geckodriver');
const FIREFOX = process.env.ADSTRIP_FIREFOX || '/usr/bin/firefox-esr';
const EXT_ID = 'adstrip@adstrip.invalid';
const EXT_UUID = '6d2b7a3e-0a5f-4c1e-9b1d-adadadadad01';

let server, driver, css, tmp;
before(async () => {
  server = await startServer();
  css = stylesheetSelectors(FIREFOX_EXT);
  tmp = mkdtempSync(join(tmpdir(), 'adstrip-ff-'));
  const xpi = join(tmp, 'adstrip.xpi');
  execFileSync('node', [join(ROOT, 'extension/tools/zip.mjs'), FIREFOX_EXT, xpi]);
  const opts = new firefox.Options().addArguments('-headless').setBinary(FIREFOX);
  opts.setPreference('extensions.webextensions.uuids', JSON.stringify({ [EXT_ID]: EXT_UUID }));
  opts.setPreference('network.dns.localDomains', '');
  opts.setPreference('browser.shell.checkDefaultBrowser', false);
  opts.windowSize({ width: 1200, height: 900 });
  driver = await new Builder()
    .forBrowser('firefox')
    .setFirefoxOptions(opts)
    // --allow-system-access: the chrome context, to open extension pages (WebDriver may not
    // navigate a content tab to moz-extension:).
    .setFirefoxService(new firefox.ServiceBuilder(GECKODRIVER).addArguments('--allow-system-access'))
    .build();
  await driver.installAddon(xpi, true);
});
after(async () => {
  await driver?.quit();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Opens an extension page in a new tab and switches to it. */
async function openExtensionPage(path) {
  const before = await driver.getAllWindowHandles();
  await driver.setContext(firefox.Context.CHROME);
  try {
    await driver.executeScript(
      `const w = Services.wm.getMostRecentWindow('navigator:browser');
       w.gBrowser.selectedTab = w.gBrowser.addTab(arguments[0], { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });`,
      `moz-extension://${EXT_UUID}/${path}`,
    );
  } finally {
    await driver.setContext(firefox.Context.CONTENT);
  }
  let handle;
  await driver.wait(async () => {
    handle = (await driver.getAllWindowHandles()).find((h) => !before.includes(h));
    return !!handle;
  }, 5000);
  await driver.switchTo().window(handle);
}

const run = (fn, arg) => driver.executeScript(`return (${fn.toString()})(arguments[0])`, arg);

async function waitMarkers(min = 1, timeout = 10000) {
  await driver.wait(async () => (await driver.executeScript('return document.querySelectorAll("[data-adstrip]").length')) >= min, timeout);
}

const FX_LABELS = {
  hide: [{ selector: '[data-test-ad]', visible: true, family: 'fixture' }],
  negatives: [{ selector: 'p.story' }, { selector: 'h1, h2.entry-title' }],
};

test('firefox: geckodriver and firefox-esr are there', () => {
  assert.ok(existsSync(GECKODRIVER), `${GECKODRIVER} (scripts/ensure-tools.sh firefox)`);
});

test('firefox: londonglossypost ads and footer lines hidden, paragraphs visible', async () => {
  await driver.get(`${server.origin}/corpus/londonglossypost.html`);
  await waitMarkers(3);
  const r = await run(checkLabelsInPage, { labels: readLabels('londonglossypost'), cssSelectors: css, skip: [] });
  assert.deepEqual(r.failures, []);
});

test('firefox: late ads hidden before they are painted', async () => {
  await driver.get(`${server.origin}/fx/late.html`);
  await waitMarkers(1);
  await driver.wait(async () => driver.executeScript('return window.__inserted.includes("timer")'), 5000);
  await driver.executeScript('window.scrollBy(0, 400)');
  await driver.wait(async () => driver.executeScript('return window.__inserted.includes("scroll")'), 5000);
  await driver.sleep(100);
  const r = await run(checkLabelsInPage, { labels: FX_LABELS, cssSelectors: css, skip: [] });
  const paint = await driver.executeScript('return window.__paint');
  assert.deepEqual(r.failures, []);
  assert.deepEqual(paint.seen, []);
});

test('firefox: strict CSP page works in the page itself (no wasm restriction in Firefox)', async () => {
  await driver.get(`${server.origin}/fx/strict.html?csp=strict`);
  await waitMarkers(4);
  const r = await run(checkLabelsInPage, { labels: FX_LABELS, cssSelectors: css, skip: [] });
  assert.deepEqual(r.failures, []);
});

test('firefox: options page switches the site off; the open page is undone at once', async () => {
  await driver.get(`${server.origin}/fx/strict.html`);
  await waitMarkers(5); // four at load, one more ad added by the page after 300 ms
  const before = await run(markersInPage);
  assert.ok(before.length >= 4);
  const pageTab = await driver.getWindowHandle();
  await openExtensionPage('options.html');
  const input = await driver.wait(until.elementLocated(By.id('selector-input')), 5000);
  await input.sendKeys('div[');
  await driver.findElement(By.css('#selector-form button')).click();
  assert.match(await driver.findElement(By.id('selector-error')).getText(), /Not a valid CSS selector/);
  await driver.findElement(By.id('site-input')).sendKeys('127.0.0.1');
  await driver.findElement(By.css('#site-form button')).click();
  await driver.wait(async () => (await driver.findElements(By.css('#sites li'))).length === 1, 5000);
  await driver.switchTo().window(pageTab);
  await driver.wait(async () => (await driver.executeScript('return document.querySelectorAll("[data-adstrip]").length')) === 0, 5000);
  // And back on.
  await openExtensionPage('options.html');
  await driver.wait(until.elementLocated(By.css('#sites li button')), 5000).click();
  await driver.switchTo().window(pageTab);
  await waitMarkers(5);
  assert.deepEqual(await run(markersInPage), before);
});

test('firefox: the element picker from the popup, keyboard alone: Enter chooses, Enter hides on this site', async () => {
  await driver.get(`${server.origin}/fx/picker.html`);
  const pageTab = await driver.getWindowHandle();
  const promoShown = () => driver.executeScript('return document.getElementById("promo").checkVisibility({ checkVisibilityCSS: true })');
  assert.equal(await promoShown(), true);
  // The popup, for the page's tab (found by its address), and its "Hide an element" button.
  await openExtensionPage('popup.html');
  // (Without the tabs permission a tab's address cannot be read: the tab whose content script
  // answers is the page's; extension pages have none.)
  const tabId = await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
    (async () => {
      for (const t of await browser.tabs.query({})) {
        const st = await browser.tabs.sendMessage(t.id, { type: 'status' }, { frameId: 0 }).catch(() => null);
        if (st?.host === '127.0.0.1') return t.id;
      }
      return null;
    })().then(done, () => done(null));`);
  assert.ok(Number.isInteger(tabId), 'the page has a tab');
  await openExtensionPage(`popup.html?tab=${tabId}`);
  const pick = await driver.wait(until.elementLocated(By.id('pick')), 5000);
  await driver.wait(until.elementIsEnabled(pick), 5000);
  await pick.click();
  await driver.switchTo().window(pageTab);
  await driver.wait(async () => driver.executeScript('return !!document.querySelector("adstrip-picker")'), 5000);
  const keys = async (...k) =>
    driver
      .actions()
      .sendKeys(...k)
      .perform();
  await keys('\uE007'); // Enter: choose what is in the middle (the promotion)
  await keys('\uE007'); // Enter: hide it on this site
  await driver.wait(async () => !(await promoShown()), 5000);
  assert.equal(await driver.executeScript('return [...document.querySelectorAll("p.story")].every((p) => p.checkVisibility())'), true);
  // Saved for this site: kept after a reload.
  await driver.navigate().refresh();
  await driver.wait(async () => !(await promoShown()), 5000);
  // Cleaned up for the other tests: the options page removes it.
  await openExtensionPage('options.html');
  await driver.wait(until.elementLocated(By.css('#selectors li button')), 5000).click();
  await driver.wait(async () => (await driver.findElements(By.css('#selectors li'))).length === 0, 5000);
  await driver.switchTo().window(pageTab);
  await driver.wait(async () => promoShown(), 5000);
});
