// The element picker in headless Chromium with the built extension, as a person uses it: open it
// from the popup, point and click (a link on the page is not followed), make the choice larger,
// hide it on this site, see it stay hidden after a reload and listed in the options, undo it;
// the same with the keyboard alone; a choice that would hide the page is refused; Esc leaves the
// page as it was; axe-core finds no serious or critical violation in the panel, light and dark. The panel's shadow root is open only in these tests (storage.local
// debugOpenShadow). Run: node --test tests/e2e/picker.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './server.mjs';
import { launchChromium, openPage, setSettings, setLocal } from './helpers.mjs';

let server, ctx;
before(async () => {
  server = await startServer();
  ctx = await launchChromium();
  await setLocal(ctx.sw, { debugOpenShadow: true });
});
after(async () => {
  await ctx?.close();
  await server?.close();
});

const URL_PATH = () => `${server.origin}/fx/picker.html`;
const stored = () => ctx.sw.evaluate(async () => (await chrome.storage.sync.get('extraSelectors')).extraSelectors || []);
const visible = (page, sel) => page.evaluate((s) => document.querySelector(s).checkVisibility({ checkVisibilityCSS: true }), sel);
const panelText = (page) => page.evaluate(() => document.querySelector('adstrip-picker')?.shadowRoot.querySelector('.panel').textContent ?? null);
const panelCode = (page) => page.evaluate(() => document.querySelector('adstrip-picker')?.shadowRoot.querySelector('code')?.textContent ?? null);
const pickerOpen = (page) => page.evaluate(() => !!document.querySelector('adstrip-picker'));

/** Opens the picker as the popup's "Hide an element on this page…" button does. */
async function openPicker(tabId) {
  const popup = await ctx.context.newPage();
  await popup.goto(`chrome-extension://${ctx.extId}/popup.html?tab=${tabId}`);
  await popup.waitForFunction(() => document.getElementById('site').textContent !== '' && !document.getElementById('pick').disabled);
  await popup.click('#pick');
  await popup.close();
}

async function center(page, sel) {
  const b = await page.locator(sel).boundingBox();
  return { x: b.x + b.width / 2, y: b.y + Math.min(b.height / 2, 10) };
}

test('point and click, a link is not followed, larger, hide on this site, kept after a reload, undo', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openPage(ctx, URL_PATH());
  await openPicker(status.tabId);
  await page.waitForFunction(() => !!document.querySelector('adstrip-picker'));
  assert.match(await panelText(page), /Point at what to hide on 127\.0\.0\.1/);

  // Clicking the link chooses it; the page stays where it is.
  await page.evaluate(() => document.getElementById('link').scrollIntoView({ block: 'center' }));
  const l = await center(page, '#link');
  await page.mouse.move(l.x, l.y);
  await page.mouse.click(l.x, l.y);
  assert.ok(page.url().endsWith('/fx/picker.html'), `the link was followed: ${page.url()}`);
  assert.equal(await panelCode(page), 'a#link');

  // Another click chooses the promotion's heading; "Larger" takes the whole box.
  await page.evaluate(() => window.scrollTo(0, 0));
  const hd = await center(page, '#promo h3');
  await page.mouse.click(hd.x, hd.y);
  assert.equal(await panelCode(page), 'h3');
  await page.click('adstrip-picker >> button:has-text("Larger")');
  assert.equal(await panelCode(page), 'div#promo');
  assert.match(await panelText(page), /1 element will be hidden on 127\.0\.0\.1/);
  assert.equal(await visible(page, '#promo'), true, 'nothing changes before the user says hide');

  await page.click('adstrip-picker >> button:has-text("Hide on 127.0.0.1")');
  await page.waitForFunction(() => !document.getElementById('promo').checkVisibility({ checkVisibilityCSS: true }));
  assert.deepEqual(await stored(), ['127.0.0.1##div#promo']);
  assert.match(await panelText(page), /Hidden on 127\.0\.0\.1/);
  for (const p of await page.$$('p.story')) assert.equal(await p.isVisible(), true, 'the story stays');

  // Kept on the next visit, and listed in the options as a rule for this site only.
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => !document.getElementById('promo').checkVisibility({ checkVisibilityCSS: true }));
  const options = await ctx.context.newPage();
  await options.goto(`chrome-extension://${ctx.extId}/options.html`);
  await options.waitForSelector('#selectors li');
  assert.match(await options.textContent('#selectors'), /div#promo \(only on 127\.0\.0\.1\)/);
  await options.close();

  // Undo: open it again, hide, and take it back at once.
  await setSettings(ctx.sw, {});
  await page.waitForFunction(() => document.getElementById('promo').checkVisibility({ checkVisibilityCSS: true }));
  await openPicker(status.tabId);
  await page.waitForFunction(() => !!document.querySelector('adstrip-picker'));
  await page.mouse.click(hd.x, hd.y);
  await page.click('adstrip-picker >> button:has-text("Hide on 127.0.0.1")');
  await page.waitForFunction(() => !document.querySelector('#promo h3').checkVisibility({ checkVisibilityCSS: true }));
  assert.deepEqual(await stored(), ['127.0.0.1##h3']);
  await page.click('adstrip-picker >> button:has-text("Undo")');
  await page.waitForFunction(() => document.querySelector('#promo h3').checkVisibility({ checkVisibilityCSS: true }));
  assert.deepEqual(await stored(), []);
  assert.equal(await pickerOpen(page), false, 'undo closes the picker');
  await page.close();
});

test('keyboard alone: Tab stays in the panel, Enter chooses what is in the middle, Enter hides it', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openPage(ctx, URL_PATH());
  await openPicker(status.tabId);
  await page.waitForFunction(() => !!document.querySelector('adstrip-picker'));
  // Tab and Shift+Tab walk the panel (itself and its Cancel button) and never leave it.
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Tab']) {
    await page.keyboard.press(key);
    assert.equal(await page.evaluate(() => document.activeElement?.localName), 'adstrip-picker', `${key} left the panel`);
  }
  assert.equal(await page.evaluate(() => document.querySelector('adstrip-picker').shadowRoot.activeElement?.className), 'panel');
  await page.keyboard.press('Enter');
  assert.equal(await panelCode(page), 'div#promo');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.getElementById('promo').checkVisibility({ checkVisibilityCSS: true }));
  assert.deepEqual(await stored(), ['127.0.0.1##div#promo']);
  await page.keyboard.press('Enter'); // "Done"
  await page.waitForFunction(() => !document.querySelector('adstrip-picker'));
  await page.close();
});

test('a choice that would hide the page is refused; Esc leaves the page as it was', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openPage(ctx, URL_PATH());
  const before = await page.evaluate(() => document.body.innerHTML);
  await openPicker(status.tabId);
  await page.waitForFunction(() => !!document.querySelector('adstrip-picker'));
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowUp'); // article
  assert.equal(await panelCode(page), 'article.post');
  assert.match(await panelText(page), /Refused: this would hide the page itself/);
  assert.equal(await page.evaluate(() => document.querySelector('adstrip-picker').shadowRoot.querySelector('button.primary').disabled), true);
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowDown');
  assert.equal(await panelCode(page), 'div#promo');
  await page.keyboard.press('Escape');
  assert.equal(await pickerOpen(page), false);
  assert.deepEqual(await stored(), []);
  assert.equal(await page.evaluate(() => document.body.innerHTML), before, 'the page is as it was');
  await page.close();
});

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

for (const scheme of ['light', 'dark']) {
  test(`axe, ${scheme}: the picker's panel, pointing and with a choice`, async () => {
    await setSettings(ctx.sw, {});
    const { page, status } = await openPage(ctx, URL_PATH());
    await page.emulateMedia({ colorScheme: scheme });
    await openPicker(status.tabId);
    await page.waitForFunction(() => !!document.querySelector('adstrip-picker'));
    await page.evaluate(AXE);
    const audit = () =>
      page.evaluate(async () => {
        const host = document.querySelector('adstrip-picker');
        const res = await globalThis.axe.run(host, { resultTypes: ['violations'] });
        return res.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
    assert.deepEqual(await audit(), [], 'pointing');
    await page.keyboard.press('Enter');
    assert.equal(await panelCode(page), 'div#promo');
    assert.deepEqual(await audit(), [], 'with a choice');
    // Text a person can read: 13 px or more everywhere in the panel (the popup's floor).
    const small = await page.evaluate(() =>
      [...document.querySelector('adstrip-picker').shadowRoot.querySelectorAll('.panel *')]
        .filter((e) => e.childNodes.length && [...e.childNodes].some((n) => n.nodeType === 3 && n.data.trim()))
        .map((e) => [e.localName, parseFloat(getComputedStyle(e).fontSize)])
        .filter(([, px]) => px < 13),
    );
    assert.deepEqual(small, []);
    await page.keyboard.press('Escape');
    await page.close();
  });
}
