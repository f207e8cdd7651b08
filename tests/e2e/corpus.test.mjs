// The live corpus test: every saved page of tests/fixtures/corpus with dist/chromium loaded.
// On WordPress pages every `visible: true` labelled block must not be visible after load; on
// every page no negative and no article text may be hidden by adstrip. Blocks listed in
// tests/corpus_known_failures.json ({slug, selector, reason}) are skipped, never deleted.
// A page that declares its address (canonical link or og:url) is opened at that address, the
// saved file answering for it, so that adstrip sees the site's own host name as a reader's
// browser would (rules that tell the site's links from other sites' depend on it); a page that
// does not is opened from the local server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { launchChromium, openPage, readLabels, stylesheetSelectors, checkLabelsInPage, setSettings, knownFailures, adLabels, CORPUS } from './helpers.mjs';

const CONCURRENCY = Number(process.env.ADSTRIP_E2E_JOBS || 3);
let server, ctx, css;
const results = new Map();

/** The address the saved page declares for itself (http or https), if any. */
function declaredUrl(file) {
  const head = readFileSync(file, 'latin1').slice(0, 200000);
  for (const re of [/<link\b[^>]*\brel=["']?canonical["']?[^>]*>/i, /<meta\b[^>]*\bproperty=["']?og:url["']?[^>]*>/i]) {
    const tag = head.match(re)?.[0];
    const url = tag?.match(/\b(?:href|content)=["']?([^"'\s>]+)/i)?.[1];
    if (url && /^https?:\/\/[^/]+/i.test(url)) {
      try {
        const u = new URL(url.replace(/&amp;/g, '&'));
        u.hash = '';
        return u.href;
      } catch {
        /* not a URL */
      }
    }
  }
  return null;
}

/** Opens the page at its declared address (answered with the saved file) or locally. */
async function pageUrl(slug) {
  const file = join(CORPUS, 'pages', `${slug}.html`);
  const url = declaredUrl(file);
  if (!url) return `${server.origin}/corpus/${slug}.html`;
  await ctx.context.route(
    (u) => u.href === url,
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: readFileSync(file) }),
  );
  return url;
}

before(async () => {
  server = await startServer();
  ctx = await launchChromium();
  css = stylesheetSelectors();
  await setSettings(ctx.sw, {});
  const known = knownFailures();
  const slugs = readdirSync(join(CORPUS, 'labels'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
  const todo = [...slugs];
  const workerFn = async () => {
    for (let slug = todo.shift(); slug; slug = todo.shift()) {
      const labels = readLabels(slug);
      // Off WordPress adstrip need not hide the labelled ads, but what it hides of them is not
      // article text: they stay in the labels as blocks nobody requires hidden.
      if (!labels.wordpress) labels.hide = (labels.hide || []).map((h) => ({ ...h, visible: false }));
      const skip = known.filter((k) => k.slug === slug).map((k) => k.selector);
      try {
        const { page, status, adstripLogs } = await openPage(ctx, await pageUrl(slug));
        await page.waitForTimeout(300); // late scripts of the saved page
        const r = await page.evaluate(checkLabelsInPage, { labels, cssSelectors: css, skip, adLabels: adLabels() });
        results.set(slug, { ...r, status, adstripLogs, url: page.url() });
        await page.close();
      } catch (e) {
        results.set(slug, { failures: [`error: ${e.message.split('\n')[0]}`], checked: 0 });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, workerFn));
});
after(async () => {
  await ctx?.close();
  await server?.close();
});

test('live corpus: every visible WordPress block hidden, nothing of the article or negatives hidden', () => {
  const bad = [];
  let checked = 0;
  for (const [slug, r] of [...results].sort()) {
    checked += r.checked;
    for (const f of r.failures) bad.push(`${slug}: ${f}`);
  }
  const atHome = [...results.values()].filter((r) => r.url && !r.url.startsWith(server.origin)).length;
  console.log(`# corpus: ${results.size} pages (${atHome} at their own address), ${checked} checks, ${bad.length} failures`);
  assert.ok(results.size >= 50, `pages checked: ${results.size}`);
  assert.deepEqual(bad, []);
});

test('live corpus: adstrip logged no error on any page', () => {
  const logs = [...results].flatMap(([slug, r]) => (r.adstripLogs || []).map((l) => `${slug}: ${l}`));
  assert.deepEqual(logs, []);
});
