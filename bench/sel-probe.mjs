import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', headless: true, args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.route('**/*', (r) => r.request().url().startsWith('file:') ? r.continue() : r.abort());
await page.goto(new URL('../tests/fixtures/corpus/pages/nonwp-nytimes-1.html', import.meta.url).href, { waitUntil: 'domcontentloaded' });
const rules = readFileSync(new URL('../rules/rules.toml', import.meta.url), 'utf8');
const sels = [...rules.matchAll(/^(select|evidence|unless|unless_has) = "(.*)"$/gm)].map((m) => m[2].replace(/@ad_payload/, 'ins'));
const res = await page.evaluate((sels) => sels.map((s) => {
  let err = null, t = performance.now(), n = 0;
  try { for (let i = 0; i < 20; i++) n = document.querySelectorAll(s).length; } catch (e) { err = e.message; }
  return [((performance.now() - t) / 20).toFixed(3), n, err ? 'ERR ' + err.slice(0, 80) : '', s.slice(0, 90)];
}), sels);
for (const r of res.sort((a, b) => b[0] - a[0]).slice(0, 12)) console.log(r.join(' | '));
console.log('errors:', res.filter((r) => r[2]).length);
await browser.close();
// union of all candidate selectors in one query
{
  const browser2 = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', headless: true, args: ['--no-sandbox'] });
  const p2 = await browser2.newPage();
  await p2.goto(new URL('../tests/fixtures/corpus/pages/nonwp-nytimes-1.html', import.meta.url).href, { waitUntil: 'domcontentloaded' });
  const selects = [...rules.matchAll(/^select = "(.*)"$/gm)].map((m) => m[1]);
  const r = await p2.evaluate((selects) => {
    const u = selects.join(', ');
    let t = performance.now(), n = 0;
    for (let i = 0; i < 20; i++) n = document.querySelectorAll(u).length;
    const union = (performance.now() - t) / 20;
    t = performance.now();
    for (let i = 0; i < 20; i++) for (const s of selects) document.querySelectorAll(s);
    const each = (performance.now() - t) / 20;
    t = performance.now();
    for (let i = 0; i < 20; i++) document.getElementsByTagName('*').length;
    return { union, each, n, all: (performance.now() - t) / 20 };
  }, selects);
  console.log('union', r);
  await browser2.close();
}
