// Development probe: where a cold first scan spends its time: each page on a site of its own
// (a fresh renderer), the detector's module imported and instantiated, then two scans (the
// first on cold code, the second warm), profiled together; prints the wall time of each and
// self time by function. Build target/pkg with the names section kept to see wasm names.
//   node bench/prof-cold.mjs SLUG...   (corpus pages)
import { startServer } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { addSelfTimes, byCategory, nameAndFile } from './lib/profile.mjs';
const slugs = process.argv.slice(2);
const server = await startServer();
const b = await launch();
const self = new Map();
let seq = 0;
const walls = [];
for (const slug of slugs) {
  const page = await b.context.newPage();
  const origin = server.origin.replace('127.0.0.1', `c${++seq}.test`).replace('localhost', `c${seq}.test`);
  await page.goto(`${origin}/corpus/${slug}.html`, { waitUntil: 'domcontentloaded' });
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const w = await page.evaluate(async (o) => {
    const t0 = performance.now();
    const m = await import(o + '/pkg/detector/adstrip.js');
    await m.default({ module_or_path: o + '/pkg/detector/adstrip_bg.wasm' });
    const t1 = performance.now();
    const s = new m.Session({});
    s.run(document);
    const t2 = performance.now();
    s.run(document);
    const t3 = performance.now();
    return [t1 - t0, t2 - t1, t3 - t2];
  }, origin);
  const { profile } = await cdp.send('Profiler.stop');
  walls.push(w);
  addSelfTimes(profile, nameAndFile, self);
  await page.close();
  console.log(slug, w.map((x) => x.toFixed(1)).join(' / '));
}
const cat = (k) =>
  k.includes('adstrip_bg.wasm') ? 'wasm code' : k.endsWith('adstrip.js') ? 'JS glue' : k.startsWith('(') ? k.split(')')[0] + ')' : 'built-ins';
console.log(
  byCategory(self, cat)
    .map(([k, t]) => `${k} ${(t / 1000).toFixed(1)} ms`)
    .join(', '),
);
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${(t / 1000).toFixed(2).padStart(7)} ms  ${k}`);
await b.close();
await server.close();
