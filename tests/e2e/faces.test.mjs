// The extension's faces as a person meets them, in headless Chromium with the built extension:
// the popup (readable sizes as computed styles, the per-site switch and its words, findings by
// name with "jump to"), "show what was hidden" (labels in place, empty slots labelled and never
// outlined across text), and rule names from one source. Run: node --test tests/e2e/faces.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { launchChromium, openPage, setSettings } from './helpers.mjs';
import { RULES } from '../../extension/src/contract.gen.js';
import { FAMILY_NAMES, ruleName } from '../../extension/src/ui/names.js';
import { SPREAD_PAGE, SAMPLE_ARTICLE, smallText, overflowX, readerCopyPage, readerLayout } from '../../scripts/screens.mjs';

let server, ctx;
before(async () => {
  server = await startServer();
  ctx = await launchChromium();
  await ctx.context.route(/\/faces\/spread\.html$/, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: SPREAD_PAGE }));
  const copy = await readerCopyPage();
  await ctx.context.route(/\/faces\/reader-copy\.html$/, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: copy }));
});
after(async () => {
  await ctx?.close();
  await server?.close();
});

async function openPopup(tabId, colorScheme = 'light') {
  const popup = await ctx.context.newPage();
  await popup.emulateMedia({ colorScheme });
  await popup.setViewportSize({ width: 340, height: 700 });
  await popup.goto(`chrome-extension://${ctx.extId}/popup.html?tab=${tabId}`);
  await popup.waitForFunction(() => document.getElementById('site').textContent !== '' && document.getElementById('reader-state').textContent !== '');
  return popup;
}

test('every rule has a readable name from its family (one source: contract.gen.js + names.js)', () => {
  for (const [id, r] of Object.entries(RULES)) {
    assert.ok(Object.hasOwn(FAMILY_NAMES, r.family), `family ${r.family} of ${id} has no name`);
    assert.notEqual(ruleName(id), id);
    assert.match(ruleName(id), /^[A-Z]/);
  }
  assert.equal(ruleName('wordads-dynamic-slot'), 'WordAds ad');
  assert.equal(ruleName('user-selector'), 'Your own rule');
});

test('popup: text at 13 px or more, the switch says on/off in words, findings by name, jump to', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openPage(ctx, `${server.origin}/faces/spread.html`);
  assert.ok(status.ads >= 2 && status.subscribe >= 1, JSON.stringify(status));
  const popup = await openPopup(status.tabId);
  assert.deepEqual(await popup.evaluate(smallText, 13), []);
  assert.equal(await popup.textContent('#power-state'), 'adstrip is on');
  assert.equal(await popup.textContent('#site'), '127.0.0.1');
  assert.equal(await popup.isChecked('#site-on'), true);
  assert.equal(await popup.getAttribute('#site-on', 'role'), 'switch');
  const switchBox = await popup.locator('#site-on').boundingBox();
  assert.ok(switchBox.width >= 56 && switchBox.height >= 30, `a large switch: ${JSON.stringify(switchBox)}`);

  // Findings by readable name, each with "jump to".
  const names = await popup.$$eval('#findings .name', (els) => els.map((e) => e.textContent));
  assert.equal(names.length, status.ads + status.subscribe);
  assert.ok(names.includes('WordAds ad') && names.includes('Jetpack subscribe box'), names.join(', '));
  for (const n of names) assert.doesNotMatch(n, /^[a-z0-9-]+$/, 'not a raw rule id');

  // Jump to the last one (the subscribe box at the end of the page): shown, labelled, scrolled into view.
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  const last = names.lastIndexOf('Jetpack subscribe box');
  await popup.locator('#findings .jump').nth(last).click();
  await page.waitForFunction(() => window.scrollY > 4000);
  const shown = await page.evaluate(() => {
    const el = document.querySelector('[data-adstrip-focus]');
    const r = el.getBoundingClientRect();
    return {
      inView: r.top < innerHeight && r.bottom > 0,
      label: getComputedStyle(el, '::before').content,
      labelSize: parseFloat(getComputedStyle(el, '::before').fontSize),
      visible: el.checkVisibility(),
    };
  });
  assert.ok(shown.inView && shown.visible, JSON.stringify(shown));
  assert.match(shown.label, /^"Subscribe nag: .+"$/);
  assert.ok(shown.labelSize >= 12);
  await popup.waitForFunction(() => document.getElementById('outline').getAttribute('aria-pressed') === 'true');

  // The WordAds unit shows its ad, not an empty box: the stylesheet also hides the unit's inner
  // div.wpa, and spares it while the unit is shown.
  const unit = await page.evaluate(() => {
    const el = document.querySelector('div.wpcnt');
    return { empty: el.hasAttribute('data-adstrip-empty'), ad: el.querySelector('.u.top > div').checkVisibility() };
  });
  assert.deepEqual(unit, { empty: false, ad: true });

  // The empty slot: labelled as empty, reported so in the popup, no outline across the text.
  const empty = await page.evaluate(() => {
    const el = document.querySelector('#atatags-370373-empty');
    const next = document.getElementById('after-empty').getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return {
      empty: el.hasAttribute('data-adstrip-empty'),
      outline: getComputedStyle(el).outlineStyle,
      label: getComputedStyle(el, '::before').content,
      bottom: r.bottom,
      nextTop: next.top,
    };
  });
  assert.equal(empty.empty, true);
  assert.equal(empty.outline, 'none');
  assert.match(empty.label, /^"Empty ad slot: /);
  assert.ok(empty.bottom <= empty.nextTop + 0.5, `the label sits above the paragraph, not over it: ${JSON.stringify(empty)}`);
  const reasons = await popup.$$eval('#findings .reason', (els) => els.map((e) => e.textContent));
  assert.ok(
    reasons.some((r) => r.startsWith('Empty slot')),
    reasons.join(' | '),
  );

  // Hide again: labels and outlines gone, blocks hidden.
  await popup.click('#outline');
  await page.waitForFunction(
    () =>
      !document.querySelector('[data-adstrip-show], [data-adstrip-open]') &&
      [...document.querySelectorAll('[data-adstrip], div.wpcnt .u.top > div')].every((e) => !e.checkVisibility()),
  );

  // The switch by keyboard: off on this site, in words and in the page.
  await popup.focus('#site-on');
  await popup.keyboard.press('Space');
  await popup.waitForFunction(() => document.getElementById('power-state').textContent === 'adstrip is off');
  await page.waitForFunction(() => document.querySelectorAll('[data-adstrip]').length === 0);
  assert.equal(await popup.getAttribute('#power', 'data-on'), 'false');
  await popup.keyboard.press('Space');
  await popup.waitForFunction(() => document.getElementById('power-state').textContent === 'adstrip is on');
  await page.waitForFunction(() => document.querySelectorAll('[data-adstrip]').length > 0);
  await popup.close();
  await page.close();
});

/** The reader view's own code on a plain page (open shadow root), at `width`. */
async function readerCopy(width, article = SAMPLE_ARTICLE, pageTitle = null) {
  const page = await ctx.context.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.goto(`${server.origin}/faces/reader-copy.html`);
  await page.evaluate(
    ([a, t]) => {
      if (t != null) document.title = t;
      return window.openReaderCopy(a, {});
    },
    [article, pageTitle],
  );
  const layout = await page.evaluate(`(${readerLayout.toString()}).call(document.querySelector('adstrip-reader').shadowRoot)`);
  return { page, layout };
}

for (const width of [1600, 1280, 400]) {
  test(`reader view at ${width} px: title without the site suffix, domain link, meta line, heading scale, one padding, no overflow, a one-row toolbar`, async () => {
    const { page, layout: l } = await readerCopy(width);
    assert.equal(l.title, 'River path to reopen in phases');
    assert.equal(l.meta, 'Ada Lovelace \u00b7 2-3 min read');
    assert.equal(l.origin, '127.0.0.1 \u00b7 Reader Site');
    assert.match(l.domainHref, /^http:\/\/127\.0\.0\.1:\d+\/faces\/reader-copy\.html$/);
    assert.equal(l.innerPadding, '0px', "the article's own div.page takes none of the view's padding");
    assert.ok(Math.abs(l.textLeft - l.titleLeft) < 1, `text and title start together: ${l.textLeft} vs ${l.titleLeft}`);
    assert.ok(l.titlePx >= 1.4 * l.h2Px && l.h2Px > l.textPx, `title ${l.titlePx}px, h2 ${l.h2Px}px, text ${l.textPx}px`);
    assert.equal(l.overflowX, 0);
    assert.ok(l.barHeight <= 48, `one toolbar row: ${l.barHeight}px`);
    if (width === 400) {
      assert.ok(l.column >= 360, `one padding at 400 px: a ${l.column}px text column`);
    } else {
      assert.ok(l.column >= 500 && l.column <= 760, `text column ${l.column}px`);
    }
    // Wide enough, the settings stand in the toolbar; else they fold into "Aa", whose panel
    // opens inside the window.
    const shown = (action) =>
      page.evaluate((a) => document.querySelector('adstrip-reader').shadowRoot.querySelector(`[data-action="${a}"]`).checkVisibility(), action);
    if (width >= 1500) {
      assert.deepEqual([await shown('font-larger'), await shown('export-markdown'), await shown('settings')], [true, true, false]);
    } else {
      assert.deepEqual([await shown('font-larger'), await shown('settings')], [false, true]);
      const panel = await page.evaluate(() => {
        const root = document.querySelector('adstrip-reader').shadowRoot;
        root.querySelector('[data-action="settings"]').click();
        const r = root.querySelector('.panel').getBoundingClientRect();
        return { left: r.left, right: r.right, width: innerWidth };
      });
      assert.ok(panel.left >= 0 && panel.right <= panel.width, `the panel inside the window: ${JSON.stringify(panel)}`);
      assert.deepEqual([await shown('font-larger'), await shown('export-markdown'), await shown('print')], [true, true, true]);
    }
    await page.close();
  });
}

test('reader view: no title, no empty heading (the dialog is named "Reader mode"); a byline equal to the site name is not repeated', async () => {
  const { page, layout: l } = await readerCopy(1280, { ...SAMPLE_ARTICLE, title: '', byline: 'Reader Site' }, '');
  const r = await page.evaluate(() => {
    const root = document.querySelector('adstrip-reader').shadowRoot;
    return { h1: root.querySelectorAll('h1').length, label: root.querySelector('.scroller').getAttribute('aria-label') };
  });
  assert.deepEqual(r, { h1: 0, label: 'Reader mode' });
  assert.equal(l.title, null);
  assert.equal(l.labelledBy, null);
  assert.equal(l.meta, '2-3 min read');
  await page.close();
});

test('options: labels at 13 px or more, "Saved." clears, an old error goes after a success, reader section', async () => {
  await setSettings(ctx.sw, { readerSites: ['news.example.org', 'blog.example.com'] });
  const opts = await ctx.context.newPage();
  await opts.setViewportSize({ width: 400, height: 900 });
  await opts.goto(`chrome-extension://${ctx.extId}/options.html`);
  await opts.waitForFunction(() => document.querySelectorAll('#reader-sites li').length === 2);
  assert.deepEqual(await opts.evaluate(smallText, 13), []);
  assert.equal(await opts.evaluate(overflowX), 0);
  // An error, then a change that succeeds: the error goes; "Saved." goes a few seconds later.
  await opts.fill('#selector-input', 'div[');
  await opts.click('#selector-form button');
  assert.match(await opts.textContent('#selector-error'), /Not a valid CSS selector/);
  await opts.selectOption('#reader-theme', 'sepia');
  await opts.waitForFunction(() => document.getElementById('saved').textContent === 'Saved.');
  assert.equal(await opts.textContent('#selector-error'), '');
  assert.equal((await ctx.sw.evaluate(() => chrome.storage.sync.get('readerTheme'))).readerTheme, 'sepia');
  await opts.waitForFunction(() => document.getElementById('saved').textContent === '', null, { timeout: 6000 });
  // Reader defaults and the "always" list.
  await opts.selectOption('#reader-size', '24');
  await opts.selectOption('#reader-font', 'sans');
  await opts.click('#reader-sites li:first-child button');
  await opts.waitForFunction(() => document.querySelectorAll('#reader-sites li').length === 1);
  const saved = await ctx.sw.evaluate(() => chrome.storage.sync.get(['readerFontSize', 'readerFont', 'readerSites']));
  assert.deepEqual(saved, { readerFontSize: 24, readerFont: 'sans', readerSites: ['blog.example.com'] });
  // Read aloud: its speed, and its voice. This machine lists no voices: the page says so, and a
  // voice saved elsewhere stays chosen, marked as missing here, until another is chosen.
  assert.ok((await opts.$$eval('#reader-font option', (o) => o.map((x) => x.textContent))).some((t) => t.startsWith('Browser default')));
  await opts.selectOption('#reader-speech-rate', '1.25');
  await opts.waitForFunction(() => document.getElementById('saved').textContent === 'Saved.');
  assert.equal((await ctx.sw.evaluate(() => chrome.storage.sync.get('readerSpeechRate'))).readerSpeechRate, 1.25);
  const voices = await opts.evaluate(() => speechSynthesis.getVoices().length);
  if (voices === 0) assert.match(await opts.textContent('#voice-note'), /lists no speech voices/);
  await ctx.sw.evaluate(() => chrome.storage.sync.set({ readerVoice: 'Samantha' }));
  await opts.waitForFunction(() => document.getElementById('reader-voice').value === 'Samantha');
  assert.equal(await opts.textContent('#reader-voice option:checked'), 'Samantha (not on this system)');
  // A long voice name does not widen the page.
  const long = `Natural ${'Voice '.repeat(25)}`.trim();
  await ctx.sw.evaluate((v) => chrome.storage.sync.set({ readerVoice: v }), long);
  await opts.waitForFunction((v) => document.getElementById('reader-voice').value === v, long);
  assert.equal(await opts.evaluate(overflowX), 0, 'a long voice name fits');
  await opts.selectOption('#reader-voice', '');
  await opts.waitForFunction(async () => (await chrome.storage.sync.get('readerVoice')).readerVoice === '');
  assert.equal(
    await opts.evaluate(() => [...document.querySelectorAll('#reader-voice option')].some((o) => o.value === 'Samantha')),
    false,
    'gone once another is chosen',
  );
  // The shortcut as the browser has it (headless Chromium assigns none).
  const cmd = await ctx.sw.evaluate(async () => (await chrome.commands.getAll()).find((c) => c.name === 'toggle-reader').shortcut);
  assert.equal(await opts.textContent('#shortcut'), cmd || 'none set');
  await opts.close();
});
