// Development probe: time scan() of the detector wasm in headless Chromium on corpus pages.
// node bench/scan-probe.mjs [slug...]
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
const ROOT = new URL('..', import.meta.url).pathname;
const server = createServer(async (req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  try {
    const body = await readFile(join(ROOT, p));
    res.writeHead(200, { 'content-type': { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' }[extname(p)] || 'application/octet-stream' }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', headless: true, args: ['--no-sandbox', '--disable-background-networking'] });
const slugs = process.argv.slice(2).length ? process.argv.slice(2) : ['londonglossypost', 'news-9to5mac-2019-adsense-gpt', 'blog-spainonafork-jetpack-mediavine', 'nonwp-nytimes-1'];
for (const slug of slugs) {
  const page = await browser.newPage({ javaScriptEnabled: true });
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (r) => r.abort());
  await page.goto(`${origin}/tests/fixtures/corpus/pages/${slug}.html`, { waitUntil: 'domcontentloaded' });
  const r = await page.evaluate(async (origin) => {
    const m = await import(`${origin}/target/pkg/detector/adstrip.js`);
    await m.default({ module_or_path: `${origin}/target/pkg/detector/adstrip_bg.wasm` });
    const times = [];
    let found = 0;
    for (let i = 0; i < 5; i++) {
      m.undo();
      const t = performance.now();
      const rep = m.scan({});
      times.push(performance.now() - t);
      found = rep.ads + rep.subscribe;
    }
    return { times, found, elements: document.getElementsByTagName('*').length };
  }, origin);
  console.log(slug, r.elements, 'elements', r.found, 'found', r.times.map((t) => t.toFixed(1)).join(' '));
  await page.close();
}
await browser.close();
server.close();
