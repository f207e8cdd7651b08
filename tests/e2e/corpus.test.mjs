// The live corpus test: every saved page of tests/fixtures/corpus with dist/chromium loaded.
// On WordPress pages every `visible: true` labelled block must not be visible after load; on
// every page no negative and no article text may be hidden by adstrip. Blocks listed in
// tests/corpus_known_failures.json ({slug, selector, reason}) are skipped, never deleted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './server.mjs';
import { launchChromium, openPage, readLabels, stylesheetSelectors, checkLabelsInPage, setSettings, knownFailures, adLabels, CORPUS } from './helpers.mjs';

const CONCURRENCY = Number(process.env.ADSTRIP_E2E_JOBS || 3);
let server, ctx, css;
const results = new Map();

before(async () => {
  server = await startServer();
  ctx = await launchChromium();
  css = stylesheetSelectors();
  await setSettings(ctx.sw, {});
  const known = knownFailures();
  const slugs = readdirSync(join(CORPUS, 'labels')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
  const todo = [...slugs];
  const workerFn = async () => {
    for (let slug = todo.shift(); slug; slug = todo.shift()) {
      const labels = readLabels(slug);
      if (!labels.wordpress) labels.hide = [];
      const skip = known.filter((k) => k.slug === slug).map((k) => k.selector);
      try {
        const { page, status, adstripLogs } = await openPage(ctx, `${server.origin}/corpus/${slug}.html`);
        await page.waitForTimeout(300); // late scripts of the saved page
        const r = await page.evaluate(checkLabelsInPage, { labels, cssSelectors: css, skip, adLabels: adLabels() });
        results.set(slug, { ...r, status, adstripLogs });
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
  console.log(`# corpus: ${results.size} pages, ${checked} checks, ${bad.length} failures`);
  assert.ok(results.size >= 50, `pages checked: ${results.size}`);
  assert.deepEqual(bad, []);
});

test('live corpus: adstrip logged no error on any page', () => {
  const logs = [...results].flatMap(([slug, r]) => (r.adstripLogs || []).map((l) => `${slug}: ${l}`));
  assert.deepEqual(logs, []);
});
