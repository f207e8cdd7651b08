import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
const ROOT = new URL('..', import.meta.url).pathname;
const server = createServer(async (req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  try { const body = await readFile(join(ROOT, p));
    res.writeHead(200, { 'content-type': { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' }[extname(p)] || 'application/octet-stream' }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', headless: true, args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (r) => r.abort());
await page.goto(`${origin}/tests/fixtures/corpus/pages/${process.argv[2]}.html`, { waitUntil: 'domcontentloaded' });
await page.evaluate(async (origin) => {
  const m = await import(`${origin}/target/pkg/detector/adstrip.js`);
  await m.default({ module_or_path: `${origin}/target/pkg/detector/adstrip_bg.wasm` });
  window.m = m; m.scan({}); m.undo();
}, origin);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
await page.evaluate(() => { for (let i = 0; i < 5; i++) { m.scan({}); m.undo(); } });
const { profile } = await cdp.send('Profiler.stop');
const self = new Map(); const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; const counts = new Map();
profile.samples.forEach((s, i) => counts.set(s, (counts.get(s) || 0) + (dt[i] || 0)));
for (const [id, t] of counts) { const n = byId.get(id); const k = n.callFrame.functionName + ' ' + n.callFrame.url.split('/').pop() + ':' + n.callFrame.lineNumber; self.set(k, (self.get(k) || 0) + t); }
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, t]) => (t / 1000).toFixed(1) + 'ms ' + k).join('\n'));
await browser.close(); server.close();
