// Development probe: where a whole scan (Session.begin + step) spends its time in Chromium, by
// stage (the guard, each detector, the text walk, the final climb), from one step(0) per unit
// of work. Warm, 10 rounds per page; prints each page and the totals.
//   node bench/stages.mjs /corpus/<slug>.html [...]
import { startServer } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
const server = await startServer();
const b = await launch();
const tot = {};
for (const path of process.argv.slice(2)) {
  const page = await b.context.newPage();
  await page.goto(server.origin + path, { waitUntil: 'load' });
  const out = await page.evaluate(async () => {
    const m = await import('/pkg/detector/adstrip.js');
    await m.default({ module_or_path: '/pkg/detector/adstrip_bg.wasm' });
    const session = new m.Session({});
    for (let i = 0; i < 3; i++) session.run(document);
    const acc = {};
    const R = 10;
    let whole = 0;
    for (let i = 0; i < R; i++) {
      session.begin(document);
      let stage = 'guard';
      for (;;) {
        const t = performance.now();
        const r = session.step(0);
        const dt = performance.now() - t;
        whole += dt;
        acc[stage] = (acc[stage] || 0) + dt / R;
        if (r.done) break;
        stage = r.stage;
      }
    }
    return { acc, whole: whole / R };
  });
  console.log(
    path,
    out.whole.toFixed(2),
    Object.entries(out.acc)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', '),
  );
  for (const [k, v] of Object.entries(out.acc)) tot[k] = (tot[k] || 0) + v;
  await page.close();
}
console.log(
  'TOTAL',
  Object.entries(tot)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(1)}`)
    .join(', '),
);
await b.close();
await server.close();
