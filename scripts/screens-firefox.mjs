// The faces in firefox-esr for review, beside scripts/screens.mjs's Chromium ones, with the same
// layout checks (no horizontal overflow, text at 13 px or more as computed styles, the reader's
// text column). Writes target/screens/firefox-<face>-<width>-<scheme>.png:
//   firefox-popup-<w>-<scheme>    the popup (in a tab) for a page with findings, outlines on
//   firefox-options-<w>-<scheme>  the options page
//   firefox-reader-<w>-<scheme>   reader mode opened on the reader article (theme auto)
// Widths 1280 and 500 (headless Firefox's narrowest window), schemes light and dark. Exit
// status 1 if a check failed (listed). Needs dist/firefox (make build), firefox-esr, geckodriver.
// Usage: node scripts/screens-firefox.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREENS, SCHEMES, SPREAD_PAGE, smallText, overflowX, readerLayout } from './screens.mjs';

const WIDTHS = [1280, 500];

const { startServer } = await import('../tests/e2e/server.mjs');
const { launchFirefox, tabOnHost } = await import('../tests/e2e/firefox-driver.mjs');
mkdirSync(SCREENS, { recursive: true });
const problems = [];
const check = (ok, what) => {
  if (!ok) problems.push(what);
};
const server = await startServer({ pages: { 'spread.html': SPREAD_PAGE } });
const ff = await launchFirefox();
const { driver } = ff;
const main = await driver.getWindowHandle();
const run = (fn, arg) => ff.run(fn, arg);
const until = (fn, what, timeout = 10000) => driver.wait(async () => !!(await run(fn)), timeout, what);
const shot = async (name) => {
  writeFileSync(join(SCREENS, `${name}.png`), Buffer.from(await driver.takeScreenshot(), 'base64'));
  console.log(`screens: target/screens/${name}.png`);
};
/** Closes every tab but the main one and goes back to it. */
const backToMain = async () => {
  for (const h of await driver.getAllWindowHandles()) {
    if (h === main) continue;
    await driver.switchTo().window(h);
    await driver.close();
  }
  await driver.switchTo().window(main);
};
/** Opens a page of the test server in the main tab; the tab's id once the page is ready. */
const openSite = async (path, ready) => {
  await backToMain();
  await driver.get(`${server.origin}${path}`);
  await until(ready, `${path} ready`);
  await ff.openExtensionPage('options.html');
  const tabId = await ff.runAsync(tabOnHost, '127.0.0.1');
  await backToMain();
  return tabId;
};

try {
  await ff.openExtensionPage('options.html');
  await ff.runAsync(async () => {
    await browser.storage.sync.clear();
    await browser.storage.local.set({ debugOpenShadow: true });
  });
  await backToMain();
  for (const scheme of SCHEMES) {
    await ff.setColorScheme(scheme);
    for (const width of WIDTHS) {
      await driver.manage().window().setRect({ width, height: 900 });
      const at = `${width} ${scheme}`;

      // The popup for a page with findings, outlines on.
      const tabId = await openSite('/page/spread.html', () => document.querySelectorAll('[data-adstrip]').length >= 2);
      await ff.openExtensionPage(`popup.html?tab=${tabId}`);
      await until(() => document.querySelector('#findings li') && !document.getElementById('outline').disabled, 'popup findings');
      await run(() => document.getElementById('outline').click());
      await until(() => document.getElementById('outline').getAttribute('aria-pressed') === 'true', 'outlines on');
      check((await run(smallText, 13)).length === 0, `popup ${at}: text under 13 px: ${await run(smallText, 13)}`);
      check((await run(overflowX)) === 0, `popup ${at}: horizontal overflow ${await run(overflowX)}px`);
      await shot(`firefox-popup-${width}-${scheme}`);
      await run(() => document.getElementById('outline').click());

      // The options page.
      await backToMain();
      await ff.openExtensionPage('options.html');
      await until(() => document.getElementById('reader-sites'), 'options');
      check((await run(smallText, 13)).length === 0, `options ${at}: text under 13 px: ${await run(smallText, 13)}`);
      check((await run(overflowX)) === 0, `options ${at}: horizontal overflow ${await run(overflowX)}px`);
      await shot(`firefox-options-${width}-${scheme}`);

      // Reader mode on the reader article, opened from its popup.
      const readerTab = await openSite('/fx/reader-article.html', () => document.querySelector('#live-slot p'));
      await ff.openExtensionPage(`popup.html?tab=${readerTab}`);
      await until(() => document.getElementById('reader-state').textContent !== '', 'popup reader state');
      await run(() => document.getElementById('reader').click());
      await backToMain();
      await until(() => document.querySelector('adstrip-reader')?.shadowRoot?.querySelector('.content p'), 'reader open', 15000);
      const l = await driver.executeScript(`return (${readerLayout.toString()}).call(document.querySelector('adstrip-reader').shadowRoot)`);
      check(l.overflowX === 0, `reader ${at}: horizontal overflow ${l.overflowX}px`);
      check(l.textPx >= 16, `reader ${at}: text at ${l.textPx}px`);
      const vw = await run(() => document.querySelector('adstrip-reader').shadowRoot.querySelector('.scroller').clientWidth);
      // Wide: a comfortable measure; narrow: one padding (the text takes all of the view but
      // 60 px; Firefox's scrollbar takes its own width off the view).
      check(width > 720 ? l.column >= 500 && l.column <= 760 : l.column >= vw - 60, `reader ${at}: text column ${l.column}px in a ${vw}px view`);
      await shot(`firefox-reader-${width}-${scheme}`);
    }
  }
} finally {
  await ff.close();
  await server.close();
}
for (const p of problems) console.log(`screens: FAILED ${p}`);
console.log(`screens (firefox): ${problems.length ? `${problems.length} checks failed` : 'all layout checks passed'}`);
process.exitCode = problems.length ? 1 : 0;
