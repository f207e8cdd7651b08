// The benchmark's static server, on 127.0.0.1 and a random port. Everything the benchmark
// loads comes from here; the browser answers every other host with NOTFOUND.
//   /corpus/<slug>.html   tests/fixtures/corpus/pages
//   /readability/<slug>/source.html  tests/fixtures/readability (Readability's test pages)
//   /frame.html?src=PATH  a plain page with PATH (a corpus or Readability page) as its iframe
//   /fx/<file>            tests/e2e/fixtures (late ads, infinite scroll, paint check)
//   /pkg/<weight>/...     target/pkg (the wasm-bindgen output of `make build`)
//   /npm/<package>/...    bench/node_modules (Readability)
//   /b/<file>             bench/pages
//   /synth.html?n=N       a WordPress-like page of N elements (same generator as benches/core.rs)
//   /stream.html          a page whose body arrives in chunks, ads among them (parse-time flash)
// `?coi=1` serves the page cross-origin isolated (COOP + COEP), which gives performance.now()
// 5 µs resolution instead of 100 µs. `?csp=1` adds `script-src 'self' 'wasm-unsafe-eval'`.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIRS = {
  corpus: join(ROOT, 'tests/fixtures/corpus/pages'),
  readability: join(ROOT, 'tests/fixtures/readability'),
  fx: join(ROOT, 'tests/e2e/fixtures'),
  pkg: join(ROOT, 'target/pkg'),
  npm: join(ROOT, 'bench/node_modules'),
  b: join(ROOT, 'bench/pages'),
  // Another build to compare with, for probes (ADSTRIP_BENCH_EXTRA=DIR is served as /extra/).
  extra: process.env.ADSTRIP_BENCH_EXTRA || join(ROOT, 'target/bench/extra'),
};
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm',
};

/** A WordPress-like page with about `n` elements: paragraphs and a WordAds block every 50.
 *  Mirrors `synthetic()` in benches/core.rs so native and browser figures compare. */
export function synthetic(n) {
  let s = '<html><head><meta charset="utf-8"><title>synthetic</title></head><body><main><article><h1>Title</h1><div class=entry-content>';
  let count = 6;
  for (let i = 0; count < n; i++) {
    if (i % 50 === 25) {
      s += "<div class=wpcnt><div class=wpa><span class=wpa-about>Advertisements</span><div class='u top'></div></div></div>";
      count += 4;
    } else {
      s += "<p>Paragraph of article text with <a href='#'>a link</a> and <em>some emphasis</em> in it.</p>";
      count += 3;
    }
  }
  return s + '</div></article></main></body></html>';
}

/** Ads written while the page parses: one per family the document_start stylesheet covers,
 *  plus families only the core finds (by structure), each tagged data-test-ad for the paint
 *  counter. */
const STREAM_ADS = [
  ['wordads-classic', (id) => `<div class="wpcnt" data-test-ad="${id}"><div class="wpa"><span class="wpa-about">Advertisements</span><div class="u inline"><div style="width:300px;height:250px;background:#fc0">AD</div></div></div></div>`],
  ['adsense-auto', (id) => `<div class="google-auto-placed" data-test-ad="${id}"><ins class="adsbygoogle" style="display:block;height:280px;background:#fc0">AD</ins></div>`],
  ['wordads-watl', (id) => `<div class="wordads-tag" data-slot-type="belowpost" data-test-ad="${id}"><div id="atatags-dynamic-belowpost-${id}" style="width:300px;height:250px;background:#fc0">AD</div></div>`],
  ['wordads-smart', (id) => `<div class="wordads-ad-wrapper" data-test-ad="${id}"><div class="wordads-ad"><div class="wordads-ad-title">Advertisement</div><div class="wordads-ad-content" style="width:300px;height:250px;background:#fc0">AD</div></div></div>`],
  ['ezoic', (id) => `<div id="ezoic-pub-ad-placeholder-10${id.length}" data-test-ad="${id}" style="width:300px;height:250px;background:#fc0">AD</div>`],
  ['jetpack-subscribe-group', (id) => `<div class="wp-block-group" data-test-ad="${id}"><div class="wp-block-group__inner-container"><hr><h2>Discover more from Stream Site</h2><p>Subscribe to get the latest posts sent to your email.</p><div class="wp-block-jetpack-subscriptions"><div class="wp-block-jetpack-subscriptions__container"><form id="subscribe-blog-1"><input type="email"><button>Subscribe</button></form></div></div></div></div>`],
];
const PARA = '<p>The council met on Thursday and the minister said the report would be published in full next week, with every finding and the evidence behind it.</p>';

async function stream(res, chunkMs) {
  res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
  res.write('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parse-time ads</title></head><body><article class="post"><h1>Ads written while the page parses</h1><div class="entry-content">');
  // Padding so the parser yields and paints between chunks.
  for (const [family, ad] of STREAM_ADS) {
    await new Promise((r) => setTimeout(r, chunkMs));
    res.write(PARA.repeat(4) + ad(`parse-${family}`) + `<!-- ${' '.repeat(2048)} -->`);
  }
  await new Promise((r) => setTimeout(r, chunkMs));
  res.end(PARA.repeat(4) + '</div></article></body></html>');
}

export async function startServer() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const headers = { 'cache-control': 'no-store' };
    if (url.searchParams.get('coi') === '1') {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'credentialless';
    }
    if (url.searchParams.get('csp') === '1') {
      // The saved pages' inline scripts stay out (some send the page to its real host, which
      // is unreachable here); our own module and wasm still load.
      headers['content-security-policy'] = "script-src 'self' 'wasm-unsafe-eval'";
    }
    if (url.pathname === '/synth.html') {
      const n = Math.min(1_000_000, Number(url.searchParams.get('n')) || 1000);
      res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }).end(synthetic(n));
      return;
    }
    if (url.pathname === '/frame.html') {
      // A plain page whose one iframe is a saved page (its inline scripts kept out by ?csp=1).
      const src = url.searchParams.get('src') || '';
      if (!/^\/(corpus|readability)\/[A-Za-z0-9._/-]+\.html$/.test(src) || src.includes('..')) {
        res.writeHead(400).end();
        return;
      }
      res
        .writeHead(200, { ...headers, 'content-type': TYPES['.html'] })
        .end(`<!doctype html><html><head><meta charset="utf-8"><title>frame</title></head><body><iframe src="${src}?csp=1" style="width:1000px;height:800px"></iframe></body></html>`);
      return;
    }
    if (url.pathname === '/stream.html') {
      await stream(res, Number(url.searchParams.get('chunkMs')) || 120);
      return;
    }
    const [, dir, ...rest] = url.pathname.split('/');
    const base = DIRS[dir];
    const file = base && normalize(join(base, decodeURIComponent(rest.join('/'))));
    if (!file || !file.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cross-origin-resource-policy': 'cross-origin' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return { port, origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}
