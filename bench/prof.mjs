// Development probe: where a scan (Session.run) spends its time in Chromium. Samples the CPU
// profile of repeated scans (warm) and prints self time per function (wasm functions by name when the
// build keeps its names section; otherwise by index).
//   node bench/prof.mjs [PATH] [ROUNDS] [scan|added:N]
//     PATH: /corpus/<slug>.html (default London) or /synth.html?n=10000
//     added:N  profiles beginAdded() + step() over one appended <article> of about N elements instead
//     insert   profiles beginAdded() + step() over one Ad Inserter block inserted after a paragraph
//              (what tests/e2e/fixtures/hostile-reinsert.html does every 10 ms)
import { startServer } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { addSelfTimes, byCategory, nameAndFile } from './lib/profile.mjs';

const path = process.argv[2] || '/corpus/londonglossypost.html';
const rounds = Number(process.argv[3] || 20);
const mode = process.argv[4] || 'scan';
const addedN = mode.startsWith('added:') ? Number(mode.slice(6)) : mode === 'insert' ? -1 : 0;
const server = await startServer();
const b = await launch();
const page = await b.context.newPage();
await page.goto(server.origin + path, { waitUntil: 'load' });
await page.evaluate(async () => {
  const m = await import('/pkg/detector/adstrip.js');
  await m.default({ module_or_path: '/pkg/detector/adstrip_bg.wasm' });
  // The core decides only (nothing to undo); one session for every round.
  window.session = new m.Session({});
  for (let i = 0; i < 5; i++) window.session.run(document);
});
const cdp = await b.context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
const wall = await page.evaluate(
  ([n, added]) => {
    const P = "<p>Paragraph of article text with <a href='#'>a link</a> and <em>some emphasis</em> in it.</p>";
    const AD = "<div class=wpcnt><div class=wpa><span class=wpa-about>Advertisements</span><div class='u top'></div></div></div>";
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (!added) {
        const t = performance.now();
        window.session.run(document);
        total += performance.now() - t;
        continue;
      }
      if (added < 0) {
        const p = document.querySelector('p') || document.body;
        p.insertAdjacentHTML(
          'afterend',
          "<div class='code-block code-block-3'><ins class='adsbygoogle' style='display:inline-block;width:336px;height:280px' data-ad-client='ca-pub-0000000000000000' data-ad-slot='1234567890'></ins></div>",
        );
        const ad = p.nextElementSibling;
        const t = performance.now();
        window.session.beginAdded([ad]);
        window.session.step(Infinity);
        total += performance.now() - t;
        ad.remove();
        continue;
      }
      const art = document.createElement('article');
      art.innerHTML = '<div class=entry-content>' + Array.from({ length: Math.round(added / 3) }, (_, k) => (k % 50 === 25 ? AD : P)).join('') + '</div>';
      document.body.append(art);
      const t = performance.now();
      window.session.beginAdded([art]);
      window.session.step(Infinity);
      total += performance.now() - t;
    }
    return total / n;
  },
  [rounds, addedN],
);
const { profile } = await cdp.send('Profiler.stop');
const self = addSelfTimes(profile, nameAndFile);
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log(
  `${path}: ${addedN < 0 ? 'scanAdded over one inserted ad' : addedN ? `scanAdded over ${addedN} elements` : 'scan'} ${wall.toFixed(2)} ms per call, ${rounds} rounds`,
);
const cat = (k) =>
  k.includes('adstrip_bg.wasm')
    ? 'wasm code'
    : k.endsWith('adstrip.js')
      ? 'JS glue'
      : k.startsWith('(')
        ? k.split(')')[0] + ')'
        : k.startsWith('wasm-to-js') || k.startsWith('js-to-wasm')
          ? 'boundary'
          : 'browser built-ins (DOM, strings)';
console.log(
  byCategory(self, cat)
    .map(([k, t]) => `${k} ${((100 * t) / total).toFixed(0)} %`)
    .join(', '),
);
for (const [k, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
if (process.env.CALLERS) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const agg = new Map();
  profile.samples.forEach((s, i) => {
    const n = byId.get(s);
    if (!n.callFrame.functionName.includes(process.env.CALLERS)) return;
    const chain = [];
    for (let id = parent.get(n.id); id && chain.length < 4; id = parent.get(id)) {
      const f = byId.get(id).callFrame.functionName;
      if (!f.startsWith('<core') && !f.startsWith('core::')) chain.push(f.replace(/::h[0-9a-f]{16}$/, '').slice(0, 90));
    }
    const k = chain.join(' < ');
    agg.set(k, (agg.get(k) || 0) + (profile.timeDeltas[i] || 0));
  });
  for (const [k, t] of [...agg].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${k}`);
}
await b.close();
await server.close();
