// The core flows on dist/firefox in headless firefox-esr (firefox-driver.mjs): pages, late ads,
// strict CSP, the options page's site switch, the element picker. The faces (popup, options,
// reader view, axe) are in firefox-faces.test.mjs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { By, until } from 'selenium-webdriver';
import { startServer } from './server.mjs';
import { FIREFOX_EXT, readLabels, stylesheetSelectors, checkLabelsInPage, markersInPage } from './helpers.mjs';
import { launchFirefox, tabOnHost, GECKODRIVER } from './firefox-driver.mjs';

let server, ff, driver, css;
before(async () => {
  server = await startServer();
  css = stylesheetSelectors(FIREFOX_EXT);
  ff = await launchFirefox();
  driver = ff.driver;
});
after(async () => {
  await ff?.close();
  await server?.close();
});

const openExtensionPage = (path) => ff.openExtensionPage(path);
const run = (fn, arg) => ff.run(fn, arg);

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
  const tabId = await ff.runAsync(tabOnHost, '127.0.0.1');
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
