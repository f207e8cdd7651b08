// The extension's recall in the browser: dist/chromium in headless Chromium over every labelled
// page of tests/fixtures/corpus-new (served from 127.0.0.1, every other host unreachable).
// Counts the visible labelled blocks a reader no longer sees (WordPress ads, WordPress nags,
// ads of other sites), per family, the negatives and the article characters adstrip hid; for
// all pages, for the held-out `world` pages (sources/world.tsv: no rule was tuned on them) and
// for the others. The native twin is `make corpus-report`.
// Usage: node scripts/corpus-browser.mjs [extension dir] [--json]   (make corpus-report-browser)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { launchChromium, openPage, setSettings, stylesheetSelectors, ROOT } from '../tests/e2e/helpers.mjs';
const args = process.argv.slice(2);
const json = args.includes('--json');
const ext = args.find((a) => !a.startsWith('--')) || join(ROOT, 'dist/chromium');
const DIR = join(ROOT, 'tests/fixtures/corpus-new');
const world = new Set(
  readFileSync(join(DIR, 'sources/world.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[0])
    .filter(Boolean),
);
const server = createServer((req, res) => {
  const slug = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1)).replace(/\.html$/, '');
  let body = null;
  try {
    body = readFileSync(join(DIR, 'pages', slug + '.html'));
  } catch {
    /* not a page */
  }
  if (body) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  else res.writeHead(404).end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const ctx = await launchChromium({ ext });
const css = stylesheetSelectors(ext);
await setSettings(ctx.sw, {});
const out = [];
for (const f of readdirSync(join(DIR, 'labels')).sort()) {
  const labels = JSON.parse(readFileSync(join(DIR, 'labels', f), 'utf8'));
  let r;
  try {
    const { page } = await openPage(ctx, `${origin}/${labels.slug}.html`, { timeout: 15000 });
    await page.waitForTimeout(300);
    r = await page.evaluate(
      ({ labels, union }) => {
        const visible = (el) => el.checkVisibility({ checkVisibilityCSS: true, checkOpacity: false });
        const byAdstrip = (el) => {
          for (let e = el; e; e = e.parentElement || e.getRootNode()?.host) {
            if (e.hasAttribute?.('data-adstrip')) return true;
            if (e.matches?.(union)) return true;
          }
          return false;
        };
        const blocks = [];
        for (const h of labels.hide || []) {
          if (!h.visible) continue;
          for (const el of document.querySelectorAll(h.selector)) blocks.push({ kind: h.kind, family: h.family, hidden: !visible(el) });
        }
        let negHidden = 0,
          negs = 0;
        for (const n of labels.negatives || [])
          for (const el of document.querySelectorAll(n.selector)) {
            negs++;
            if (byAdstrip(el)) negHidden++;
          }
        let lost = 0;
        const art = labels.article && document.querySelector(labels.article);
        if (art) {
          const all = (labels.hide || []).flatMap((h) => [...document.querySelectorAll(h.selector)]);
          const w = document.createTreeWalker(art, NodeFilter.SHOW_TEXT);
          for (let t = w.nextNode(); t; t = w.nextNode()) {
            const p = t.parentElement;
            if (!t.data.trim() || !p || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(p.tagName) || all.some((b) => b.contains(t))) continue;
            if (byAdstrip(p)) lost += t.data.trim().length;
          }
        }
        return { blocks, negs, negHidden, lost };
      },
      { labels, union: css.join(', ') },
    );
    await page.close();
  } catch (e) {
    r = { error: String(e).slice(0, 100) };
  }
  out.push({ slug: labels.slug, wordpress: labels.wordpress, world: world.has(labels.slug), ...r });
}
await ctx.close();
server.close();
const pct = ([a, b]) => `${a}/${b} (${b ? Math.round((100 * a) / b) : 0} %)`;
function sum(pages) {
  const s = { pages: pages.length, ads: [0, 0], nags: [0, 0], other: [0, 0], negHidden: 0, lost: 0, errors: [], families: {} };
  for (const p of pages) {
    if (p.error) {
      s.errors.push(`${p.slug}: ${p.error}`);
      continue;
    }
    for (const b of p.blocks) {
      const k = !p.wordpress ? 'other' : b.kind === 'ad' ? 'ads' : 'nags';
      s[k][1]++;
      if (b.hidden) s[k][0]++;
      const f = (s.families[`${k === 'other' ? 'other-site' : b.kind} ${b.family}`] ??= [0, 0]);
      f[1]++;
      if (b.hidden) f[0]++;
    }
    s.negHidden += p.negHidden;
    s.lost += p.lost;
  }
  return s;
}
const report = { all: sum(out), world: sum(out.filter((p) => p.world)), tuned: sum(out.filter((p) => !p.world)) };
if (json) console.log(JSON.stringify({ ...report, pages: out }, null, 1));
else {
  console.log(`corpus-new in Chromium with ${ext}`);
  for (const [name, s] of Object.entries(report)) {
    console.log(
      `${name} (${s.pages} pages): WordPress ads ${pct(s.ads)}, WordPress nags ${pct(s.nags)}, other sites' ads ${pct(s.other)}; negatives hidden ${s.negHidden}, article characters hidden ${s.lost}${s.errors.length ? `; errors: ${s.errors.join('; ')}` : ''}`,
    );
  }
  console.log('per family (all pages):');
  for (const [f, v] of Object.entries(report.all.families).sort()) console.log(`  ${f}: ${pct(v)}`);
}
