// A small static server for the e2e tests, on 127.0.0.1 and a random port.
//   /corpus/<slug>.html  tests/fixtures/corpus/pages (the real saved pages)
//   /fx/<file>           tests/e2e/fixtures (pages written for these tests)
//   /page/<name>         pages given to startServer({ pages: { name: html } })
// `?csp=strict` adds `Content-Security-Policy: script-src 'self'` (no 'wasm-unsafe-eval').
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIRS = { corpus: join(ROOT, 'tests/fixtures/corpus/pages'), fx: join(ROOT, 'tests/e2e/fixtures') };
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
  '.svg': 'image/svg+xml',
};
export const STRICT_CSP = "script-src 'self'";

export async function startServer({ pages = {} } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const [, dir, ...rest] = url.pathname.split('/');
    if (dir === 'page' && Object.hasOwn(pages, rest.join('/'))) {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' }).end(pages[rest.join('/')]);
      return;
    }
    const base = DIRS[dir];
    const file = base && normalize(join(base, decodeURIComponent(rest.join('/'))));
    if (!file || !file.startsWith(base)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
      if (url.searchParams.get('csp') === 'strict') headers['content-security-policy'] = STRICT_CSP;
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((r) => server.close(r)) };
}
