// The extension's faces in headless firefox-esr (firefox-driver.mjs), as in Chromium's
// faces.test.mjs and a11y.test.mjs: the popup (sizes as computed styles, the switch in words and
// by keyboard, findings by name, jump to), the options page (sizes, messages that clear, the
// reader section), reader mode opened from the popup on a real article (a dialog you cannot tab
// out of, its layout, Esc), and axe-core, light and dark, over all three: no serious or critical
// violation. The reader view's shadow root is open here through the test flag debugOpenShadow.
// Run: node --test tests/e2e/firefox-faces.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { By } from 'selenium-webdriver';
import { startServer } from './server.mjs';
import { launchFirefox } from './firefox-driver.mjs';
import { SPREAD_PAGE, SAMPLE_ARTICLE, smallText, overflowX, readerLayout, readerCopyPage, staticServer, WWW } from '../../scripts/screens.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server, ff, driver;
before(async () => {
  server = await startServer({
    pages: {
      'spread.html': SPREAD_PAGE,
      'reader-copy.html': await readerCopyPage(),
      'frame-400.html': '<!doctype html><html><body style="margin:0"><iframe style="width:400px;height:860px;border:0"></iframe></body></html>',
    },
  });
  ff = await launchFirefox();
  driver = ff.driver;
  // The reader view's shadow root open for the audits (the extension's own test flag).
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
const setSettings = (values) => ff.setSettings(values);
/** Opens `path` of the test server in the main tab once `ready()` holds there; its tab id. */
const openSite = (path, ready) => ff.openSite(`${server.origin}${path}`, ready);

/** The popup for tab `tabId`, in a tab of its own, once it has asked the page. */
async function openPopup(tabId) {
  const handle = await ff.openExtensionPage(`popup.html?tab=${tabId}`);
  await until_(() => document.getElementById('site').textContent !== '' && document.getElementById('reader-state').textContent !== '');
  return handle;
}

/** axe over the page (or over one element and its shadow root); serious and critical only. */
async function audit(selector = null) {
  // Evaluated by WebDriver, which an extension page's CSP does not restrict.
  await driver.executeScript(AXE);
  const all = await ff.runAsync(async (sel) => {
    const res = await globalThis.axe.run(sel ? document.querySelector(sel) : document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] || ''}`),
    }));
  }, selector);
  assert.ok(Array.isArray(all), `axe ran: ${JSON.stringify(all)}`);
  return all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const keys = (...k) =>
  driver
    .actions()
    .sendKeys(...k)
    .perform();
const TAB = '\uE004';
const ENTER = '\uE007';
const ESC = '\uE00C';
const SPACE = '\uE00D';

/** Focus on the popup's first control (a fresh tab's focus may be in the browser's own bar). */
const focusFirst = () => run(() => document.querySelector('a[href], button, input, select').focus());

test('firefox, popup: text at 13 px or more, the switch in words and by keyboard, findings by name, jump to', async () => {
  await setSettings({});
  const tabId = await openSite('/page/spread.html', () => document.querySelectorAll('[data-adstrip]').length >= 2);
  const popupTab = await openPopup(tabId);
  assert.deepEqual(await run(smallText, 13), []);
  const head = await run(() => ({
    power: document.getElementById('power-state').textContent,
    site: document.getElementById('site').textContent,
    on: document.getElementById('site-on').checked,
    role: document.getElementById('site-on').getAttribute('role'),
    box: (({ width, height }) => ({ width, height }))(document.getElementById('site-on').getBoundingClientRect()),
    names: [...document.querySelectorAll('#findings .name')].map((e) => e.textContent),
  }));
  assert.equal(head.power, 'adstrip is on');
  assert.equal(head.site, '127.0.0.1');
  assert.equal(head.on, true);
  assert.equal(head.role, 'switch');
  assert.ok(head.box.width >= 56 && head.box.height >= 30, `a large switch: ${JSON.stringify(head.box)}`);
  assert.ok(head.names.includes('WordAds ad') && head.names.includes('Jetpack subscribe box'), head.names.join(', '));
  for (const n of head.names) assert.doesNotMatch(n, /^[a-z0-9-]+$/, 'not a raw rule id');

  // The switch by keyboard: Tab to it, Space turns adstrip off on this site, in words and in the page.
  await focusFirst();
  for (let i = 0; i < 12 && (await run(() => document.activeElement.id)) !== 'site-on'; i++) await keys(TAB);
  assert.equal(await run(() => document.activeElement.id), 'site-on');
  await keys(SPACE);
  await until_(() => document.getElementById('power-state').textContent === 'adstrip is off');
  await driver.switchTo().window(ff.mainTab);
  await until_(() => document.querySelectorAll('[data-adstrip]').length === 0);
  await driver.switchTo().window(popupTab);
  await keys(SPACE);
  await until_(() => document.getElementById('power-state').textContent === 'adstrip is on');
  await driver.switchTo().window(ff.mainTab);
  await until_(() => document.querySelectorAll('[data-adstrip]').length >= 2);

  // Jump to the subscribe box at the end of the page: shown, labelled, scrolled into view.
  await driver.switchTo().window(popupTab);
  await until_(() => document.querySelectorAll('#findings .jump').length >= 2);
  // Found and clicked in one turn of the popup: the list is drawn again whenever a frame of the
  // page reports, and a reference held across that would be stale.
  await run(() => {
    const names = [...document.querySelectorAll('#findings .name')].map((e) => e.textContent);
    document.querySelectorAll('#findings .jump')[names.lastIndexOf('Jetpack subscribe box')].click();
  });
  await driver.switchTo().window(ff.mainTab);
  await until_(() => window.scrollY > 4000);
  const shown = await run(() => {
    const el = document.querySelector('[data-adstrip-focus]');
    const r = el.getBoundingClientRect();
    return {
      inView: r.top < innerHeight && r.bottom > 0,
      content: getComputedStyle(el, '::before').content,
      label: el.getAttribute('data-adstrip-show'),
      visible: el.checkVisibility(),
    };
  });
  assert.ok(shown.inView && shown.visible, JSON.stringify(shown));
  // Firefox gives the computed content unresolved: the label is the attribute it draws.
  assert.equal(shown.content, 'attr(data-adstrip-show)');
  assert.match(shown.label, /^Subscribe nag: .+$/);
  // "Show what was hidden" is on: the WordAds unit shows its ad (the stylesheet spares what is
  // inside a shown finding); the empty slot is labelled as empty, not outlined across the
  // paragraph under it.
  const unit = await run(() => {
    const el = document.querySelector('div.wpcnt');
    return { empty: el.hasAttribute('data-adstrip-empty'), ad: el.querySelector('.u.top > div').checkVisibility() };
  });
  assert.deepEqual(unit, { empty: false, ad: true });
  const empty = await run(() => {
    const el = document.querySelector('#atatags-370373-empty');
    const r = el.getBoundingClientRect();
    return {
      empty: el.hasAttribute('data-adstrip-empty'),
      outline: getComputedStyle(el).outlineStyle,
      label: el.getAttribute('data-adstrip-show'),
      bottom: r.bottom,
      nextTop: document.getElementById('after-empty').getBoundingClientRect().top,
    };
  });
  assert.equal(empty.empty, true);
  assert.equal(empty.outline, 'none');
  assert.match(empty.label, /^Empty ad slot: /);
  assert.ok(empty.bottom <= empty.nextTop + 0.5, `the label sits above the paragraph, not over it: ${JSON.stringify(empty)}`);
  await backToMain();
});

test('firefox, options: labels at 13 px or more, no overflow, "Saved." clears, an old error goes after a success, reader section', async () => {
  await setSettings({ readerSites: ['news.example.org', 'blog.example.com'] });
  await inExtensionPage('options.html', async () => {
    await until_(() => document.querySelectorAll('#reader-sites li').length === 2);
    assert.deepEqual(await run(smallText, 13), []);
    assert.equal(await run(overflowX), 0);
    await driver.findElement(By.id('selector-input')).sendKeys('div[');
    await driver.findElement(By.css('#selector-form button')).click();
    assert.match(await driver.findElement(By.id('selector-error')).getText(), /Not a valid CSS selector/);
    await driver.findElement(By.css('#reader-theme option[value="sepia"]')).click();
    await until_(() => document.getElementById('saved').textContent === 'Saved.');
    assert.equal(await run(() => document.getElementById('selector-error').textContent), '');
    await until_(() => document.getElementById('saved').textContent === '', null, 8000);
    await driver.findElement(By.css('#reader-size option[value="24"]')).click();
    await driver.findElement(By.css('#reader-speech-rate option[value="0.75"]')).click();
    await driver.findElement(By.css('#reader-sites li:first-child button')).click();
    await until_(() => document.querySelectorAll('#reader-sites li').length === 1);
    await driver.wait(async () => {
      const s = await ff.runAsync(() => browser.storage.sync.get(['readerTheme', 'readerFontSize', 'readerSpeechRate', 'readerSites']));
      return s.readerTheme === 'sepia' && s.readerFontSize === 24 && s.readerSpeechRate === 0.75 && JSON.stringify(s.readerSites) === '["blog.example.com"]';
    }, 5000);
  });
  await setSettings({});
});

/** Opens the reader article in the main tab, then reader mode from its popup. */
async function openReader() {
  const tabId = await openSite('/fx/reader-article.html', () => document.querySelector('#live-slot p'));
  const popupTab = await openPopup(tabId);
  assert.equal(await run(() => document.getElementById('reader-state').textContent), 'This page looks like an article.');
  await driver.findElement(By.id('reader')).click();
  await driver.switchTo().window(ff.mainTab);
  await until_(() => document.querySelector('adstrip-reader')?.shadowRoot?.querySelector('.scroller'), null, 15000);
  // (The popup closes itself once reader mode is open; a popup in a tab may not.)
  if ((await driver.getAllWindowHandles()).includes(popupTab)) {
    await driver.switchTo().window(popupTab);
    await driver.close();
    await driver.switchTo().window(ff.mainTab);
  }
  return tabId;
}

const inView = (fn) => ff.inView(fn);

test('firefox, reader mode from the popup: a dialog named by the title, Tab stays inside, the layout, Esc closes', async () => {
  await setSettings({});
  const tabId = await openReader();
  // Extracted by the reader wasm in the page (Firefox allows wasm under any page CSP).
  const st = await inExtensionPage('options.html', () => ff.runAsync((id) => browser.tabs.sendMessage(id, { type: 'readerStatus' }), tabId));
  assert.equal(st.last?.path, 'wasm', JSON.stringify(st));
  assert.equal(st.open, true);
  const l = await inView(readerLayout);
  assert.equal(l.role, 'dialog');
  assert.equal(l.modal, 'true');
  assert.equal(l.title, 'River path to reopen in phases');
  const label = await inView(function () {
    return this.getElementById(this.querySelector('.scroller').getAttribute('aria-labelledby'))?.textContent;
  });
  assert.equal(label, 'River path to reopen in phases');
  assert.match(l.meta, /^Ada Lovelace \u00b7 \d+(-\d+)? min read$/);
  assert.equal(l.origin, '127.0.0.1 \u00b7 Reader Site');
  assert.equal(l.overflowX, 0);
  assert.ok(Math.abs(l.textLeft - l.titleLeft) < 1, `text and title start together: ${l.textLeft} vs ${l.titleLeft}`);
  assert.ok(l.textPx >= 16 && l.column >= 500 && l.column <= 760, `text ${l.textPx}px in a ${l.column}px column`);
  const text = await inView(function () {
    return this.querySelector('.content').textContent;
  });
  assert.ok(text.includes('The council met on Thursday evening') && !text.includes('BUY-CHEAP-WIDGETS'), text.slice(0, 200));

  const focused = () =>
    inView(function () {
      return this.activeElement ? this.activeElement.dataset.action || this.activeElement.localName : 'outside';
    });
  assert.notEqual(await focused(), 'outside', 'the view takes the focus');
  // Tab around everything reachable and past the end: never out of the view, back to the start.
  const reachable = await inView(function () {
    return [...this.querySelectorAll('button, a[href], select, input')].filter((e) => e.checkVisibility()).length;
  });
  const seen = [];
  for (let i = 0; i < reachable + 3; i++) {
    await keys(TAB);
    seen.push(await focused());
  }
  assert.ok(!seen.includes('outside'), seen.join(' '));
  assert.ok(seen.filter((f) => f === 'close').length >= 2, `focus wraps around: ${seen.join(' ')}`);
  // Larger text by keyboard: at this width the settings are folded into "Aa", which opens its
  // panel with the focus in it.
  const size = () =>
    inView(function () {
      return parseFloat(getComputedStyle(this.querySelector('.content p')).fontSize);
    });
  const before = await size();
  for (let i = 0; i < reachable + 1 && (await focused()) !== 'settings'; i++) await keys(TAB);
  await keys(ENTER);
  assert.equal(await focused(), 'font-smaller', 'the panel takes the focus');
  await keys(TAB);
  assert.equal(await focused(), 'font-larger');
  await keys(ENTER);
  assert.ok((await size()) > before, `${before} -> ${await size()}`);
  await keys(ESC);
  assert.equal(await focused(), 'settings', 'Esc closes the panel, focus back on Aa');
  // Narrow: the same "Aa" button; Esc closes the panel (focus back on Aa), Esc again closes the
  // view and the page is back.
  await driver.manage().window().setRect({ width: 560, height: 900 });
  try {
    await driver.wait(
      async () =>
        inView(function () {
          return this.querySelector('[data-action="settings"]').checkVisibility();
        }),
      5000,
      'the Aa button at 560 px',
    );
    for (let i = 0; i < reachable + 1 && (await focused()) !== 'settings'; i++) await keys(TAB);
    assert.equal(await focused(), 'settings');
    await keys(ENTER);
    assert.equal(await focused(), 'font-smaller', 'the panel takes the focus');
    await keys(ESC);
    assert.equal(await focused(), 'settings');
    await keys(ESC);
    await until_(() => !document.querySelector('adstrip-reader'));
    assert.equal(await run(() => document.querySelector('#content p.story').checkVisibility()), true, 'the page is back');
  } finally {
    await driver.manage().window().setRect({ width: 1200, height: 900 });
  }
  await setSettings({});
});

test("firefox, the reader view's own code: heading scale, focus given back on close; no title means no empty heading; a byline equal to the site name is not repeated", async () => {
  await backToMain();
  await driver.get(`${server.origin}/page/reader-copy.html`);
  await run(() => document.getElementById('before').focus());
  await run((a) => window.openReaderCopy(a, {}), SAMPLE_ARTICLE);
  const l = await inView(readerLayout);
  assert.equal(l.title, 'River path to reopen in phases');
  assert.equal(l.meta, 'Ada Lovelace \u00b7 2-3 min read');
  assert.equal(l.innerPadding, '0px', "the article's own div.page takes none of the view's padding");
  assert.ok(l.titlePx >= 1.4 * l.h2Px && l.h2Px > l.textPx, `title ${l.titlePx}px, h2 ${l.h2Px}px, text ${l.textPx}px`);
  await keys(ESC);
  await until_(() => !document.querySelector('adstrip-reader'));
  assert.equal(await run(() => document.activeElement.id), 'before', 'focus back where it was');

  // Neither the article nor the page has a title.
  await run(
    (a) => {
      document.title = '';
      return window.openReaderCopy(a, {});
    },
    { ...SAMPLE_ARTICLE, title: '', byline: 'Reader Site' },
  );
  const r = await inView(function () {
    return {
      h1: this.querySelectorAll('h1').length,
      label: this.querySelector('.scroller').getAttribute('aria-label'),
      meta: this.querySelector('.page > .meta')?.textContent,
    };
  });
  assert.deepEqual(r, { h1: 0, label: 'Reader mode', meta: '2-3 min read' });
  await keys(ESC);
});

/** Opens `url` in a 400 px wide frame (headless Firefox's window is never narrower than 500 px)
 *  and switches into it. */
async function inFrame400(url) {
  await backToMain();
  await driver.get(`${server.origin}/page/frame-400.html`);
  await run((u) => {
    document.querySelector('iframe').src = u;
  }, url);
  await driver.switchTo().frame(await driver.findElement(By.css('iframe')));
  await driver.wait(async () => (await run(() => document.readyState)) === 'complete' && (await run(() => innerWidth)) === 400, 10000, 'the frame at 400 px');
}

test('firefox at 400 px: the reader view has one padding and one toolbar row; the playground does not overflow', async () => {
  await inFrame400(`${server.origin}/page/reader-copy.html`);
  await run((a) => window.openReaderCopy(a, {}), SAMPLE_ARTICLE);
  const l = await inView(readerLayout);
  assert.equal(l.overflowX, 0);
  assert.ok(l.column >= 340, `one padding at 400 px: a ${l.column}px text column`);
  assert.ok(l.barHeight <= 48, `one toolbar row: ${l.barHeight}px`);
  await driver.switchTo().defaultContent();
  if (existsSync(join(WWW, 'index.html'))) {
    const www = await staticServer(WWW);
    try {
      await inFrame400(`${www.origin}/index.html`);
      await until_(() => /^\d+ /.test(document.getElementById('stat-findings').textContent), null, 15000);
      assert.equal(await run(overflowX), 0, 'the playground fits 400 px');
    } finally {
      await driver.switchTo().defaultContent();
      await www.close();
    }
  }
});

for (const scheme of ['light', 'dark']) {
  test(`firefox, axe, ${scheme}: options with lists and an error; popup with outlines on, and switched off; playground; reader view`, async () => {
    await ff.setColorScheme(scheme);
    await setSettings({ disabledSites: ['example.com'], readerSites: ['news.example.org'], extraSelectors: ['div.sponsored'] });
    await inExtensionPage('options.html', async () => {
      assert.equal(await run((s) => matchMedia(`(prefers-color-scheme: ${s})`).matches, scheme), true, `the pages see ${scheme}`);
      await until_(() => document.querySelectorAll('#reader-sites li').length === 1);
      await driver.findElement(By.id('selector-input')).sendKeys('div[');
      await driver.findElement(By.css('#selector-form button')).click();
      await until_(() => document.getElementById('selector-error').textContent !== '');
      assert.deepEqual(await audit(), [], 'options');
    });
    await setSettings({});

    const tabId = await openSite('/page/spread.html', () => document.querySelectorAll('[data-adstrip]').length >= 2);
    await openPopup(tabId);
    await until_(() => document.querySelector('#findings li') && !document.getElementById('outline').disabled);
    await driver.findElement(By.id('outline')).click();
    await until_(() => document.getElementById('outline').getAttribute('aria-pressed') === 'true');
    assert.deepEqual(await audit(), [], 'popup, outlines on');
    await driver.findElement(By.id('site-on')).click();
    await until_(() => document.getElementById('power').dataset.on === 'false');
    assert.deepEqual(await audit(), [], 'popup, switched off');
    await driver.findElement(By.id('site-on')).click();
    await until_(() => document.getElementById('power').dataset.on === 'true');
    await backToMain();

    if (existsSync(join(WWW, 'index.html'))) {
      // The playground with its first sample scanned (make test assembles target/www first).
      const www = await staticServer(WWW);
      try {
        await driver.get(`${www.origin}/index.html`);
        await until_(() => /^\d+ /.test(document.getElementById('stat-findings').textContent), null, 15000);
        assert.deepEqual(await audit(), [], 'playground');
        // Narrow (Firefox's narrowest window, 500 px): nothing wider than the screen.
        await driver.manage().window().setRect({ width: 400, height: 900 });
        await driver.wait(async () => (await run(() => innerWidth)) <= 520, 5000, 'a narrow window');
        assert.equal(await run(overflowX), 0, 'the playground fits a narrow window');
      } finally {
        await driver.manage().window().setRect({ width: 1200, height: 900 });
        await www.close();
      }
    }

    await openReader();
    assert.deepEqual(await audit('adstrip-reader'), [], 'reader view');
    await inView(function () {
      this.querySelector('[data-action="settings"]').click();
    });
    assert.deepEqual(await audit('adstrip-reader'), [], 'reader view with the Aa panel open');
    await keys(ESC);
    await keys(ESC);
    await until_(() => !document.querySelector('adstrip-reader'));
    await ff.setColorScheme('light');
  });
}
