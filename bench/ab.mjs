// Development probe: two builds of the detector wasm side by side on the corpus pages (or the
// pages given), alternating warm whole scans in the same page; prints both medians per page, the
// ratio, and any page where their findings differ. AB=dirA,dirB names two folders of target/pkg
// (default base,detector: build the other one into target/pkg/base first).
//   AB=base,detector node bench/ab.mjs [/corpus/<slug>.html ...]
import { startServer } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
import { readdirSync } from 'node:fs';
const server = await startServer();
const b = await launch();
const [A, B] = (process.env.AB || 'base,detector').split(',');
let pages = process.argv.slice(2);
if (!pages.length)
  pages = readdirSync(new URL('../tests/fixtures/corpus/pages', import.meta.url))
    .filter((f) => f.endsWith('.html'))
    .map((f) => '/corpus/' + f);
const ratios = [];
let ta = 0,
  tb = 0;
for (const path of pages) {
  const page = await b.context.newPage();
  try {
    await page.goto(server.origin + path + '?coi=1&csp=1', { waitUntil: 'load', timeout: 30000 });
  } catch {
    await page.close();
    continue;
  }
  const out = await page.evaluate(
    async ([A, B, O]) => {
      const load = async (d) => {
        const m = await import(`${O}/pkg/${d}/adstrip.js`);
        await m.default({ module_or_path: `${O}/pkg/${d}/adstrip_bg.wasm` });
        return new m.Session({});
      };
      const sa = await load(A),
        sb = await load(B);
      const fa = sa.run(document).findings.length,
        fb = sb.run(document).findings.length;
      for (let i = 0; i < 3; i++) {
        sa.run(document);
        sb.run(document);
      }
      const xa = [],
        xb = [];
      for (let i = 0; i < 11; i++) {
        let t = performance.now();
        sa.run(document);
        xa.push(performance.now() - t);
        t = performance.now();
        sb.run(document);
        xb.push(performance.now() - t);
      }
      const med = (x) => x.sort((p, q) => p - q)[x.length >> 1];
      return { a: med(xa), b: med(xb), fa, fb };
    },
    [A, B, server.origin],
  );
  ta += out.a;
  tb += out.b;
  ratios.push(out.b / out.a);
  console.log(
    path.padEnd(60),
    out.a.toFixed(2).padStart(7),
    out.b.toFixed(2).padStart(7),
    (out.b / out.a).toFixed(2),
    out.fa === out.fb ? '' : `FINDINGS ${out.fa} vs ${out.fb}`,
  );
  await page.close();
}
ratios.sort((p, q) => p - q);
console.log(`total ${A} ${ta.toFixed(1)} ms, ${B} ${tb.toFixed(1)} ms; median ratio ${ratios[ratios.length >> 1].toFixed(2)}`);
await b.close();
await server.close();
