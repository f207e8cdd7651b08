// Development probe: scan, outline, undo on a DOMParser document and an iframe document; print
// any difference from the page as parsed.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
const ROOT = new URL('..', import.meta.url).pathname;
const server = createServer(async (req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  try { const body = await readFile(join(ROOT, p)); res.writeHead(200, { 'content-type': { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' }[extname(p)] || 'application/octet-stream' }).end(body); }
  catch { res.writeHead(404).end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium', headless: true, args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.goto(`${origin}/tests/e2e/fixtures/strict.html`);
const out = await page.evaluate(async (origin) => {
  const m = await import(`${origin}/target/pkg/detector/adstrip.js`);
  await m.default({ module_or_path: `${origin}/target/pkg/detector/adstrip_bg.wasm` });
  const html = await (await fetch(`${origin}/tests/fixtures/corpus/pages/londonglossypost.html`)).text();
  const log = [];
  for (const steps of [['undo'], ['outline1', 'undo'], ['outline1', 'outline0', 'undo']]) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const before = doc.body.innerHTML;
    const rep = m.scanDocument(doc, {});
    log.push(JSON.stringify(rep.findings.map((f) => f.rule)) + ' ' + doc.querySelector('.wpcnt').getAttribute('style'));
    for (const s of steps) s === 'undo' ? m.undo() : m.outline(s === 'outline1');
    const after = doc.body.innerHTML;
    log.push(`${steps.join('+')}: ${after === before ? 'exact' : 'DIFF ' + after.match(/<div class="wpcnt"[^>]*>/)[0]}`);
  }
  for (const steps of [['undo'], ['outline1', 'undo']]) {
    const f = document.createElement('iframe');
    f.setAttribute('sandbox', 'allow-same-origin');
    f.srcdoc = html;
    await new Promise((r) => { f.onload = r; document.body.append(f); });
    const doc = f.contentDocument;
    const before = doc.body.innerHTML;
    const rep = m.scanDocument(doc, {});
    for (const s of steps) s === 'undo' ? m.undo() : m.outline(s === 'outline1');
    const after = doc.body.innerHTML;
    log.push(`iframe ${rep.findings.length} ${steps.join('+')}: ${after === before ? 'exact' : 'DIFF ' + after.match(/<div class="wpcnt"[^>]*>/)[0]}`);
    f.remove();
  }
  return log;
}, origin);
console.log(out.join('\n'));
await browser.close(); server.close();
