// The browser half of `make demo`: the built extension in headless Chromium over the bundled
// sample pages; prints per page what was hidden and why, and writes before/after screenshots
// to target/demo/ (before: the page with adstrip switched off for the site).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../tests/e2e/server.mjs';
import { launchChromium, openPage, setSettings, ROOT, CHROMIUM_EXT } from '../tests/e2e/helpers.mjs';

const PAGES = [
  'londonglossypost',
  'news-djz-adinserter-gpt',
  'blog-chefjackovens-jetpack-modal',
  'wpcom-nesselsetzer-2014-archive-wpa',
  'news-kulumedia-adinserter-adsense',
];
const out = join(ROOT, 'target/demo');
mkdirSync(out, { recursive: true });
const server = await startServer();
const ctx = await launchChromium();
try {
  for (const slug of PAGES) {
    const url = `${server.origin}/corpus/${slug}.html`;
    await setSettings(ctx.sw, { disabledSites: ['127.0.0.1'] });
    const before = await openPage(ctx, url, { noWait: true });
    await before.page.waitForTimeout(300);
    await before.page.screenshot({ path: join(out, `${slug}.before.png`) });
    await before.page.close();
    await setSettings(ctx.sw, {});
    const { page } = await openPage(ctx, url);
    await page.waitForTimeout(300);
    const rows = await page.evaluate(() =>
      [...document.querySelectorAll('[data-adstrip]')].map(
        (e) => `${e.getAttribute('data-adstrip')}\t${e.getAttribute('data-adstrip-reason')}\t"${e.textContent.replace(/\s+/g, ' ').trim().slice(0, 50)}"`,
      ),
    );
    await page.screenshot({ path: join(out, `${slug}.after.png`) });
    console.log(`== ${slug}: ${rows.length} hidden in the page (plus what the stylesheet hid before paint)`);
    for (const r of rows) console.log(`   ${r}`);
    await page.close();
  }
} finally {
  await ctx.close();
  await server.close();
}
console.log(`\nscreenshots: ${out}/<page>.before.png and .after.png`);
console.log(`unpacked extension to load in your browser: ${CHROMIUM_EXT} (Chromium/Chrome), ${join(ROOT, 'dist/firefox')} (Firefox)`);
