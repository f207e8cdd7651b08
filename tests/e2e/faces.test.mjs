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

const para = (n) =>
  `<p class="story">Paragraph ${n} of the story: the council met again to talk about the river path, the grant, the piling and the old mill race, and agreed to meet once more next month.</p>`;
/** A long article (about 8,000 px) with a WordAds unit near the top, an empty dynamic slot in
 *  the middle (zero height between two paragraphs) and the Jetpack subscribe block at the end. */
export const SPREAD_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Spread findings</title>
<style>body { font: 18px/1.6 serif; max-width: 640px; margin: 0 auto; } p { margin: 0 0 1.5em; }</style></head><body>
<article><h1>Findings spread over a long page</h1>
${para(1)}
<div class="wpcnt"><div class="wpa"><span class="wpa-about">Advertisements</span><div class="u top"><div style="width:300px;height:250px;background:#fc0">AD-BOX</div></div></div></div>
${Array.from({ length: 30 }, (_, i) => para(i + 2)).join('\n')}
<div id="atatags-370373-empty"></div>
<p class="story" id="after-empty">The paragraph right under the empty slot must stay clear of any outline drawn by adstrip.</p>
${Array.from({ length: 30 }, (_, i) => para(i + 40)).join('\n')}
<div class="wp-block-group"><div class="wp-block-group__inner-container"><hr class="wp-block-separator"><h2 class="wp-block-heading">Discover more from Spread Site</h2><p>Subscribe to get the latest posts sent to your email.</p><div class="wp-block-jetpack-subscriptions"><div class="wp-block-jetpack-subscriptions__container"><form action="#" method="post" id="subscribe-blog-7"><input type="email" name="email"><button type="submit">Subscribe</button></form></div></div></div></div>
</article></body></html>`;

let server, ctx;
before(async () => {
  server = await startServer();
  ctx = await launchChromium();
  await ctx.context.route(/\/faces\/spread\.html$/, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: SPREAD_PAGE }));
});
after(async () => {
  await ctx?.close();
  await server?.close();
});

/** Runs in a page: every element with text of its own whose computed font size is below `min`. */
export function smallText(min) {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.checkVisibility && !el.checkVisibility()) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim());
    if (!own) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < min) out.push(`${el.localName}#${el.id}.${el.className}: ${px}px "${el.textContent.trim().slice(0, 30)}"`);
  }
  return out;
}

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
    () => !document.querySelector('[data-adstrip-show]') && [...document.querySelectorAll('[data-adstrip]')].every((e) => !e.checkVisibility()),
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
