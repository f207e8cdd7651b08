// Reader mode's features in headless firefox-esr (firefox-driver.mjs), as in Chromium's
// reader-features.test.mjs: read aloud with a speech engine the test drives (this machine has no
// voices), keys and in-article links, saving as Markdown through Firefox's own downloads, then the
// built extension on a real tab: Markdown saved from the content script, printing (Firefox's
// WebDriver print), and read aloud with the browser's own engine, which says plainly when it has
// no voice. The reader view's shadow root is open here through the test flag debugOpenShadow.
// Run: node --test tests/e2e/firefox-reader.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { launchFirefox, tabOnHost } from './firefox-driver.mjs';
import { readerCopyPage } from '../../scripts/screens.mjs';
import { FEATURE_ARTICLE, installFakeSpeech, speechView, viewPosition } from './reader-features-data.mjs';

let server, ff, driver, downloads;
before(async () => {
  server = await startServer({ pages: { 'reader-copy.html': await readerCopyPage() } });
  ff = await launchFirefox();
  driver = ff.driver;
  // Downloads go to a folder of the test's own, without asking.
  downloads = mkdtempSync(join(tmpdir(), 'adstrip-ff-downloads-'));
  await ff.chrome(
    `const p = Services.prefs;
     p.setIntPref('browser.download.folderList', 2);
     p.setStringPref('browser.download.dir', arguments[0]);
     p.setBoolPref('browser.download.useDownloadDir', true);
     p.setBoolPref('browser.download.always_ask_before_handling_new_types', false);
     p.setBoolPref('browser.download.alwaysOpenPanel', false);`,
    downloads,
  );
  await inExtensionPage('options.html', () => ff.runAsync(() => browser.storage.local.set({ debugOpenShadow: true })));
});
after(async () => {
  await ff?.close();
  await server?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

// The driver's shared helpers (firefox-driver.mjs), under the names these tests use.
const backToMain = () => ff.backToMain();
const inExtensionPage = (path, fn) => ff.inExtensionPage(path, fn);
const run = (fn, arg) => ff.run(fn, arg);
const until_ = (fn, arg, timeout) => ff.until(fn, arg, timeout);
const inView = (fn, arg) => ff.inView(fn, arg);
const click = (action) => run((a) => document.querySelector('adstrip-reader').shadowRoot.querySelector(`[data-action="${a}"]`).click(), action);
const keys = (...k) =>
  driver
    .actions()
    .sendKeys(...k)
    .perform();
const ESC = '\uE00C';

/** The file `name` once Firefox has finished writing it to the downloads folder. */
async function downloaded(name) {
  const file = join(downloads, name);
  await driver.wait(
    async () => existsSync(file) && !readdirSync(downloads).some((f) => f.endsWith('.part')),
    10000,
    `${name} in the downloads folder (${readdirSync(downloads).join(', ')})`,
  );
  return readFileSync(file, 'utf8');
}

/** The reader copy page with the feature article, and with `speech` the test's engine. */
async function openCopy({ speech = false, settings = {} } = {}) {
  await backToMain();
  await driver.get(`${server.origin}/page/reader-copy.html`);
  if (speech) await run(installFakeSpeech);
  await run((a) => window.openReaderCopy(a[0], a[1]), [FEATURE_ARTICLE, settings]);
  await until_(() => document.querySelector('adstrip-reader')?.shadowRoot?.querySelector('.content p'));
}

test('firefox, read aloud: from the title, sentence by sentence, highlighted; pause, next, an engine failure, close silences it', async () => {
  await openCopy({ speech: true });
  const spoken = () => run(() => window.fakeSpeech.spoken.map((s) => s.text));
  await click('read-aloud');
  await until_(() => window.fakeSpeech.spoken.length === 1);
  let v = await inView(speechView);
  assert.equal(v.rowShown, true);
  assert.equal(v.pressed, 'true');
  assert.deepEqual(v.voices, ['Alpha', 'Gamma', 'Beta'], "the article's language first");
  assert.deepEqual(v.highlighted, ['How the mill race was surveyed']);
  await run(() => window.fakeSpeech.end());
  v = await inView(speechView);
  assert.deepEqual(v.highlighted, ['The survey began at dawn.']);
  assert.match(v.marked, /^The survey began at dawn/);
  await keys('s');
  assert.equal((await inView(speechView)).play, 'Play');
  assert.equal(await run(() => window.fakeSpeech.current), null, 'paused: the engine is silent');
  await keys('s');
  await click('speech-next');
  assert.deepEqual((await spoken()).slice(-2), ['The survey began at dawn.', 'It took three days to finish.']);
  await run(() => window.fakeSpeech.fail('synthesis-failed'));
  v = await inView(speechView);
  assert.equal(v.play, 'Play');
  assert.match(v.status, /speech engine failed \(synthesis-failed\)/);
  await click('speech-play');
  await keys(ESC);
  await until_(() => !document.querySelector('adstrip-reader'));
  assert.equal(await run(() => window.fakeSpeech.current), null, 'nothing is read after close');
  assert.equal(await run(() => CSS.highlights.has('adstrip-reading')), false);
});

test("firefox, keys and links: J/K between headings, a footnote and back, T theme; the page's scroll and address untouched", async () => {
  await openCopy();
  await run(() => {
    document.body.style.height = '5000px';
    window.scrollTo(0, 40);
  });
  const pageState = () => run(() => ({ y: Math.round(scrollY), hash: location.hash }));
  const before = await pageState();
  await keys('j');
  let p = await inView(viewPosition);
  assert.ok(p.method >= 0 && p.method <= 12, `"The method" just under the bar: ${p.method}`);
  assert.equal(p.focused, 'reader-method');
  await keys('j');
  p = await inView(viewPosition);
  assert.ok(p.findings >= 0 && p.findings <= 12, `"The findings": ${p.findings}`);
  await keys('k');
  p = await inView(viewPosition);
  assert.ok(p.method >= 0 && p.method <= 12, `back to "The method": ${p.method}`);
  await inView(function () {
    this.querySelector('#reader-ref1 a').click();
  });
  p = await inView(viewPosition);
  assert.ok(p.footnote >= 0 && p.footnote <= p.viewHeight - 40, `the footnote in view: ${p.footnote} of ${p.viewHeight}`);
  await inView(function () {
    this.querySelector('#reader-fn1 a').click();
  });
  p = await inView(viewPosition);
  assert.ok(p.ref >= 0 && p.ref <= 40, `back at the reference: ${p.ref}`);
  assert.deepEqual(await pageState(), before);
  await keys('t');
  assert.equal((await inView(viewPosition)).theme, 'light');
  await keys(ESC);
});

test("firefox, save as Markdown and as HTML: through the browser's downloads, the whole article", async () => {
  await openCopy();
  await click('export-markdown');
  const md = await downloaded('how-the-mill-race-was-surveyed.md');
  assert.ok(md.startsWith('# How the mill race was surveyed\n\nGrace Hopper'), md.slice(0, 120));
  assert.ok(md.includes('```python\ndepth = measure(bank)'));
  assert.equal((md.match(/^Paragraph \d+ of the report/gm) || []).length, 36, 'every paragraph');
  await click('export-html');
  const html = await downloaded('how-the-mill-race-was-surveyed.html');
  assert.match(html, /<h1>How the mill race was surveyed<\/h1>/);
  assert.doesNotMatch(html, /<script/i);
  await keys(ESC);
});

test('firefox, in the extension: Markdown from the content script, printing sets the page aside and gives it back, read aloud without voices says so', async () => {
  await backToMain();
  await driver.get(`${server.origin}/fx/reader-article.html`);
  await until_(() => document.querySelector('#live-slot p'), null, 10000);
  await inExtensionPage('options.html', async () => {
    const tabId = await ff.runAsync(tabOnHost, '127.0.0.1');
    assert.ok(Number.isInteger(tabId), 'the page has a tab');
    const r = await ff.runAsync((id) => browser.tabs.sendMessage(id, { type: 'readerToggle', action: 'open' }, { frameId: 0 }), tabId);
    assert.equal(r?.open, true, JSON.stringify(r));
  });
  await until_(() => document.querySelector('adstrip-reader')?.shadowRoot?.querySelector('.content p'), null, 15000);

  await click('export-markdown');
  const md = await downloaded('river-path-to-reopen-in-phases.md');
  assert.ok(md.startsWith('# River path to reopen in phases\n'), md.slice(0, 80));
  assert.ok(md.includes('The council met on Thursday evening'));
  assert.ok(!/BUY-CHEAP-WIDGETS|Subscribe to get/.test(md), 'no ad or nag text');

  await run(() => {
    window.printState = [];
    window.addEventListener('beforeprint', () => window.printState.push(getComputedStyle(document.body).display));
  });
  const pdf = Buffer.from(await driver.printPage({}), 'base64');
  assert.equal(pdf.subarray(0, 4).toString('latin1'), '%PDF');
  assert.deepEqual(await run(() => window.printState), ['none'], "the page's body is set aside while printing");
  assert.equal(await run(() => document.body.getAttribute('style')), null, 'and given back after');

  // The browser's own engine: this machine has none of its voices, and the view says so (a
  // machine with voices starts reading instead).
  await click('read-aloud');
  let state;
  await driver.wait(
    async () => {
      state = await inView(function () {
        return {
          said: this.querySelector('.speech-status').textContent,
          reading:
            this.querySelector('[data-action="read-aloud"]').getAttribute('aria-pressed') === 'true' && !this.querySelector('.speech-status').textContent,
        };
      });
      return state.said !== '' || state.reading;
    },
    5000,
    'read aloud answers',
  );
  if (state.said) assert.match(state.said, /needs a voice|not available in this browser|speech engine failed/, `a plain message: "${state.said}"`);
  await keys(ESC);
  await until_(() => !document.querySelector('adstrip-reader'));
  assert.equal(await run(() => document.querySelector('#content p.story').checkVisibility()), true, 'the page is back');
});
