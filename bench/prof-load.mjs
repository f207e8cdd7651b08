// Development probe: where a page load's main-thread time goes with the extension (CPU profile of
// the whole load, by script: content script, wasm, page, browser work), with the CDP task,
// script, style and layout times of each load.
//   node bench/prof-load.mjs SLUG...        with dist/chromium (EXT=DIR: another build)
//   BARE=1 node bench/prof-load.mjs SLUG... without the extension
import { startServer } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { addSelfTimes, byCategory } from './lib/profile.mjs';
const withExt = process.env.BARE ? false : true;
const slugs = process.argv.slice(2);
const server = await startServer();
const port = new URL(server.origin).port;
const b = await launch(withExt ? { ext: process.env.EXT || 'dist/chromium' } : {});
const self = new Map();
let seq = 0;
for (const slug of slugs) {
  const page = await b.context.newPage();
  const origin = `http://p${++seq}.test:${port}`;
  await page.goto(`${origin}/b/blank.html`, { waitUntil: 'load' }).catch(() => page.goto(`${origin}/corpus/${slug}.html`));
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const m0 = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(`${origin}/corpus/${slug}.html?csp=1`, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 600));
  const { profile } = await cdp.send('Profiler.stop');
  const m1 = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  const d = (k) => ((m1[k] - m0[k]) * 1000).toFixed(0);
  console.log(slug, `task ${d('TaskDuration')} script ${d('ScriptDuration')} style ${d('RecalcStyleDuration')} layout ${d('LayoutDuration')}`);
  addSelfTimes(
    profile,
    (f) => {
      const u = f.url;
      const file = u.startsWith('chrome-extension') ? 'EXT:' + u.split('/').slice(3).join('/') : u ? 'page' : '';
      return `${f.functionName || '(anonymous)'} ${file}`;
    },
    self,
  );
  await page.close();
}
const cat = (k) => (k.includes('.wasm') ? 'wasm' : k.includes('EXT:') ? k.split('EXT:')[1] : k.endsWith(' page') ? 'page JS' : k.split(' ')[0]);
const n = slugs.length;
console.log(
  'per page:',
  byCategory(self, cat)
    .slice(0, 14)
    .map(([k, t]) => `${k} ${(t / 1000 / n).toFixed(1)}`)
    .join(', '),
);
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${(t / 1000 / n).toFixed(2).padStart(7)} ms  ${k}`);
await b.close();
await server.close();
