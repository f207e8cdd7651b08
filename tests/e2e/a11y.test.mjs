// Accessibility audits with axe-core in headless Chromium, light and dark: the popup, the options
// page, the reader view (its own code, bundled by scripts/screens.mjs into a page with an open
// shadow root so axe can read it) and the playground (target/www, when assembled). No serious or
// critical violation is allowed. Keyboard-only flows: the popup's site switch, the reader view
// (open, change a setting, close; focus kept inside, given back on close).
// Run: node --test tests/e2e/a11y.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { launchChromium, openPage, setSettings } from './helpers.mjs';
import { SPREAD_PAGE, SAMPLE_ARTICLE, readerCopyPage, staticServer, WWW } from '../../scripts/screens.mjs';
import { installFakeSpeech } from './reader-features-data.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCHEMES = ['light', 'dark'];

let server, ctx, copyHtml;
before(async () => {
  server = await startServer();
  ctx = await launchChromium();
  copyHtml = await readerCopyPage();
  await ctx.context.route(/\/faces\/spread\.html$/, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: SPREAD_PAGE }));
  await ctx.context.route(/\/faces\/reader-copy\.html$/, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: copyHtml }));
});
after(async () => {
  await ctx?.close();
  await server?.close();
});

/** axe over the page (open shadow roots included); the serious and critical violations, readable. */
async function audit(page) {
  // Evaluated through the DevTools protocol: an extension page's CSP does not apply.
  await page.evaluate(AXE);
  const r = await page.evaluate(async () => {
    const res = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] || ''}`),
    }));
  });
  return r.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const openCopy = async (scheme, width = 1280, settings = {}) => {
  const page = await ctx.context.newPage();
  await page.setViewportSize({ width, height: 800 });
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(`${server.origin}/faces/reader-copy.html`);
  await page.focus('#before');
  await page.evaluate(([a, s]) => window.openReaderCopy(a, s), [SAMPLE_ARTICLE, settings]);
  return page;
};

for (const scheme of SCHEMES) {
  test(`axe, ${scheme}: popup on a page with findings, outlines on`, async () => {
    await setSettings(ctx.sw, {});
    const { page, status } = await openPage(ctx, `${server.origin}/faces/spread.html`);
    const popup = await ctx.context.newPage();
    await popup.emulateMedia({ colorScheme: scheme });
    await popup.setViewportSize({ width: 340, height: 640 });
    await popup.goto(`chrome-extension://${ctx.extId}/popup.html?tab=${status.tabId}`);
    await popup.waitForFunction(() => document.getElementById('reader-state').textContent !== '' && document.querySelector('#findings li'));
    await popup.click('#outline');
    await popup.waitForFunction(() => document.getElementById('outline').getAttribute('aria-pressed') === 'true');
    assert.deepEqual(await audit(popup), []);
    // The switched-off state has its own colours.
    await popup.click('#site-on');
    await popup.waitForFunction(() => document.getElementById('power').dataset.on === 'false');
    assert.deepEqual(await audit(popup), []);
    await popup.close();
    await page.close();
  });

  test(`axe, ${scheme}: options page with lists and an error shown`, async () => {
    await setSettings(ctx.sw, { disabledSites: ['example.com'], readerSites: ['news.example.org'], extraSelectors: ['div.sponsored'] });
    const opts = await ctx.context.newPage();
    await opts.emulateMedia({ colorScheme: scheme });
    await opts.goto(`chrome-extension://${ctx.extId}/options.html`);
    await opts.waitForFunction(() => document.querySelectorAll('#reader-sites li').length === 1);
    await opts.fill('#selector-input', 'div[');
    await opts.click('#selector-form button');
    await opts.waitForFunction(() => document.getElementById('selector-error').textContent !== '');
    assert.deepEqual(await audit(opts), []);
    await opts.close();
  });

  for (const theme of ['auto', 'light', 'dark', 'sepia']) {
    test(`axe, ${scheme}: reader view (its own code, theme ${theme}), wide and with the Aa panel open at 400 px`, async () => {
      const page = await openCopy(scheme, 1280, { readerTheme: theme });
      assert.deepEqual(await audit(page), []);
      await page.setViewportSize({ width: 400, height: 800 });
      await page.evaluate(() => document.querySelector('adstrip-reader').shadowRoot.querySelector('button.aa').click());
      assert.deepEqual(await audit(page), []);
      // Read aloud going (a scripted engine: this machine has no voices), its row of controls
      // open and a sentence highlighted; then its message after an engine failure.
      await page.evaluate(installFakeSpeech);
      await page.evaluate(() => document.querySelector('adstrip-reader').shadowRoot.querySelector('[data-action="read-aloud"]').click());
      await page.waitForFunction(() => window.fakeSpeech.spoken.length === 1);
      assert.deepEqual(await audit(page), [], 'read aloud');
      await page.evaluate(() => window.fakeSpeech.fail('synthesis-failed'));
      assert.deepEqual(await audit(page), [], 'read aloud stopped, with its message');
      await page.close();
    });
  }

  test(`axe, ${scheme}: playground with a sample scanned`, async (t) => {
    if (!existsSync(join(WWW, 'index.html'))) return t.skip('target/www is not assembled (scripts/serve.sh assembles it)');
    const www = await staticServer(WWW);
    try {
      const page = await ctx.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${www.origin}/index.html`);
      await page.waitForTimeout(1500);
      assert.deepEqual(await audit(page), []);
      await page.close();
    } finally {
      await www.close();
    }
  });
}

test('keyboard: reader view opens as a dialog, Tab stays inside, a setting changes, Esc closes and focus comes back', async () => {
  const page = await openCopy('light', 400);
  const inView = (fn) => page.evaluate(`(${fn})(document.querySelector('adstrip-reader').shadowRoot)`);
  const d = await inView((r) => {
    const sc = r.querySelector('.scroller');
    return {
      role: sc.getAttribute('role'),
      modal: sc.getAttribute('aria-modal'),
      label: r.getElementById(sc.getAttribute('aria-labelledby'))?.textContent,
      focused: r.activeElement === sc,
    };
  });
  assert.deepEqual(d, { role: 'dialog', modal: 'true', label: 'River path to reopen in phases', focused: true });
  const focused = () => inView((r) => (r.activeElement ? r.activeElement.dataset.action || r.activeElement.localName : 'outside'));
  // Tab through everything reachable, twice around: never out of the view.
  const seen = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    seen.push(await focused());
  }
  assert.ok(!seen.includes('outside'), seen.join(' '));
  assert.ok(seen.includes('close') && seen.includes('settings'), seen.join(' '));
  await page.keyboard.press('Shift+Tab');
  assert.notEqual(await focused(), 'outside');
  // Open the Aa panel by keyboard, make the text larger.
  while ((await focused()) !== 'settings') await page.keyboard.press('Tab');
  const size = () => inView((r) => getComputedStyle(r.querySelector('.content p')).fontSize);
  const before = await size();
  await page.keyboard.press('Enter');
  assert.equal(await focused(), 'font-smaller', 'the panel takes the focus');
  await page.keyboard.press('Tab');
  assert.equal(await focused(), 'font-larger');
  await page.keyboard.press('Enter');
  assert.ok(parseFloat(await size()) > parseFloat(before), `${before} -> ${await size()}`);
  // Esc closes the panel (focus back on Aa), Esc again closes the view; focus returns to the page's button.
  await page.keyboard.press('Escape');
  assert.equal(await focused(), 'settings');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => !!document.querySelector('adstrip-reader')), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'before');
  await page.close();
});

test('keyboard: the popup switch and "show what was hidden" by Tab, Space and Enter', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openPage(ctx, `${server.origin}/faces/spread.html`);
  const popup = await ctx.context.newPage();
  await popup.goto(`chrome-extension://${ctx.extId}/popup.html?tab=${status.tabId}`);
  await popup.waitForFunction(() => document.getElementById('reader-state').textContent !== '' && document.querySelector('#findings li'));
  const focusedId = () => popup.evaluate(() => document.activeElement.id);
  let guard = 0;
  while ((await focusedId()) !== 'site-on' && guard++ < 10) await popup.keyboard.press('Tab');
  assert.equal(await focusedId(), 'site-on');
  await popup.keyboard.press('Space');
  await popup.waitForFunction(() => document.getElementById('power-state').textContent === 'adstrip is off');
  await page.waitForFunction(() => document.querySelectorAll('[data-adstrip]').length === 0);
  await popup.keyboard.press('Space');
  await popup.waitForFunction(() => document.getElementById('power-state').textContent === 'adstrip is on');
  await page.waitForFunction(() => document.querySelectorAll('[data-adstrip]').length > 0);
  await popup.waitForFunction(() => !document.getElementById('outline').disabled && document.querySelector('#findings li'));
  guard = 0;
  while ((await focusedId()) !== 'outline' && guard++ < 10) await popup.keyboard.press('Tab');
  await popup.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-adstrip-show]').length > 0);
  await popup.close();
  await page.close();
});
