// Browser tests of the site in www/: the playground, the self-check page and the landing page,
// in Debian's chromium through playwright-core, served by scripts/serve.sh from target/www
// (scripts/www-test.sh assembles it and runs this file). One browser for the whole file;
// screenshots go to target/www-shots/ and are meant to be looked at.
//
// Environment: WWW_PORT (the server's port), ADSTRIP_CLI (the native CLI to compare with),
// UPDATE_LANDING=1 (also write the landing page's before/after images into www/img/).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, copyFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PORT = Number(process.env.WWW_PORT || 8089);
const BASE = `http://127.0.0.1:${PORT}`;
const SHOTS = path.join(ROOT, 'target/www-shots');
const CHROMIUM = '/usr/lib/chromium/chromium';
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update'];
const EXTENSION = path.join(ROOT, 'dist/chromium');
const CLI = process.env.ADSTRIP_CLI || path.join(ROOT, 'target/debug/adstrip');
/** Samples where the playground may not equal the CLI yet, with the reason (known failures). */
const KNOWN_DIFFERENCES = {};
/** A landing image must stay small enough to commit. */
const MAX_LANDING_PNG = 150 * 1024;

let server;
let browser;
const offsite = []; // every request that left 127.0.0.1
const pageErrors = [];

async function waitForServer() {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${BASE}/samples/index.json`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server on ${BASE} did not come up`);
}

const local = (u) => /^(http:\/\/127\.0\.0\.1[:/]|data:|about:|blob:|chrome-extension:)/.test(u);
function watch(page) {
  // A scanned page names many remote stylesheets and images: the frame inherits the site's
  // CSP, so they fail with 'csp' before any connection. Anything else that left is a leak.
  page.on('requestfinished', (r) => {
    if (!local(r.url())) offsite.push(r.url());
  });
  page.on('requestfailed', (r) => {
    if (!local(r.url()) && r.failure()?.errorText !== 'csp') offsite.push(`${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

async function newPage(opts = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  return watch(await ctx.newPage());
}

/** The native CLI's findings for a corpus page (the reference the playground must equal). */
function cliFindings(file) {
  const out = existsSync(CLI)
    ? execFileSync(CLI, ['scan', file, '--json'], { encoding: 'utf8' })
    : execFileSync('cargo', ['run', '-q', '--', 'scan', file, '--json'], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(out);
}

async function openSample(page, slug) {
  await page.selectOption('#sample', slug);
  await page.click('#load-sample');
  await page.waitForFunction(
    (s) =>
      document.getElementById('message').textContent.startsWith(document.querySelector(`#sample option[value="${s}"]`).textContent.replace(/ \([^()]*\)$/, '')),
    slug,
  );
}

async function tableRows(page) {
  return page.$$eval('#findings tbody tr[data-rule]', (rs) =>
    rs.map((r) => ({
      kind: r.dataset.kind,
      rule: r.dataset.rule,
      text: r.querySelector('td.text').textContent,
    })),
  );
}

/** WCAG contrast ratio of two computed colours (rgb/rgba strings, alpha ignored). */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c
      .match(/[\d.]+/g)
      .slice(0, 3)
      .map((v) => {
        const s = Number(v) / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = spawn(path.join(ROOT, 'scripts/serve.sh'), ['--serve-only', '-q'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(PORT) },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  await waitForServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
});

after(async () => {
  await browser?.close();
  if (server) {
    try {
      process.kill(-server.pid);
    } catch {
      /* already gone */
    }
  }
});

describe('playground', () => {
  let page;
  before(async () => {
    page = await newPage();
    await page.goto(`${BASE}/`);
    await page.waitForSelector('#findings tbody tr[data-rule]');
  });
  after(() => page.context().close());

  it('loads with the London Glossy Post sample first and shows the core timing', async () => {
    assert.match(await page.title(), /London Glossy Post/);
    assert.equal(await page.$eval('#sample', (s) => s.options[0].value), 'londonglossypost');
    for (const id of ['stat-scan', 'stat-load', 'stat-init']) {
      assert.match(await page.textContent(`#${id}`), /^\d+(\.\d+)? ms$/, id);
    }
    const stats = await page.$eval('#stats', (e) => e.innerText.replace(/\n/g, ' '));
    console.log(`# playground, London Glossy Post: ${stats}`);
    await page.screenshot({ path: path.join(SHOTS, 'playground.png') });
  });

  it('shows exactly the findings the native CLI gives for the London Glossy Post page', async () => {
    const cli = cliFindings(path.join(ROOT, 'tests/fixtures/corpus/pages/londonglossypost.html'));
    const rows = await tableRows(page);
    assert.equal(rows.length, cli.length);
    assert.deepEqual(
      rows.map((r) => `${r.kind}:${r.rule}`),
      cli.map((f) => `${f.kind}:${f.rule}`),
    );
    assert.deepEqual(
      rows.map((r) => r.rule),
      ['wordads-classic', 'wordads-dynamic-slot', 'jetpack-subscribe-text'],
    );
    // ... and the frame carries one marker per finding.
    const marks = await page.frameLocator('#frame').locator('[data-adstrip]').count();
    assert.equal(marks, cli.length);
  });

  it('gives the CLI findings on every bundled sample', async () => {
    const samples = JSON.parse(readFileSync(path.join(ROOT, 'target/www/samples/index.json'), 'utf8'));
    const differ = [];
    for (const s of samples) {
      await openSample(page, s.slug);
      const rows = await tableRows(page);
      const cli = cliFindings(path.join(ROOT, 'tests/fixtures/corpus/pages', s.file));
      const got = rows
        .map((r) => r.rule)
        .sort()
        .join(' ');
      const want = cli
        .map((f) => f.rule)
        .sort()
        .join(' ');
      if (KNOWN_DIFFERENCES[s.slug]) {
        console.log(
          got === want
            ? `# ${s.slug} now matches the CLI: remove it from KNOWN_DIFFERENCES`
            : `# known difference on ${s.slug} (${KNOWN_DIFFERENCES[s.slug]}): playground ${got} / CLI ${want}`,
        );
      } else if (got !== want) differ.push(`${s.slug}:\n  playground: ${got}\n  CLI:        ${want}`);
      const scan = await page.textContent('#stat-scan');
      console.log(`# ${s.slug}: ${rows.length} findings, core scan ${scan}, render ${await page.textContent('#stat-load')}`);
    }
    await openSample(page, 'londonglossypost');
    assert.deepEqual(differ, [], `the playground and the CLI differ:\n${differ.join('\n')}`);
  });

  it('switches between hidden, outlined and untouched views, and undoes exactly', async () => {
    const frame = page.frameLocator('#frame');
    const original = readFileSync(path.join(ROOT, 'tests/fixtures/corpus/pages/londonglossypost.html'), 'utf8');
    await page.check('input[value="hidden"]');
    await page.check('input[value="untouched"]');
    assert.equal(await frame.locator('[data-adstrip]').count(), 0);
    // Exactly the page as parsed: no marker, no wrapper span, no style left behind.
    const [now, parsed] = await frame
      .locator('body')
      .evaluate((b, html) => [b.innerHTML, new DOMParser().parseFromString(html, 'text/html').body.innerHTML], original);
    assert.equal(now, parsed, 'the untouched view is the page as parsed');
    await page.screenshot({ path: path.join(SHOTS, 'london-before.png') });
    const untouchedText = await frame.locator('body').evaluate((b) => b.innerText);
    assert.match(untouchedText, /Discover more from London Glossy Post/);
    assert.ok(original.includes('Subscribe to get the latest posts'));

    await page.check('input[value="hidden"]');
    assert.equal(await frame.locator('[data-adstrip]').count(), 3);
    const shown = await frame.locator('[data-adstrip]').evaluateAll((es) => es.filter((e) => e.checkVisibility()).length);
    assert.equal(shown, 0);
    const hiddenText = await frame.locator('body').evaluate((b) => b.innerText);
    assert.doesNotMatch(hiddenText, /Discover more from|Advertisements/);
    assert.match(hiddenText, /On Thursday, the UN General Assembly chose/);
    await page.screenshot({ path: path.join(SHOTS, 'london-after.png') });

    await page.check('input[value="outlined"]');
    const outlined = await frame.locator('[data-adstrip]').evaluateAll((es) => es.map((e) => getComputedStyle(e).outlineStyle));
    assert.deepEqual(outlined.filter((o) => o === 'dashed').length, 3);
    await page.screenshot({ path: path.join(SHOTS, 'london-outlined.png') });
    assert.equal(pageErrors.length, 0, pageErrors.join('\n'));
  });

  it('scrolls the frame to a finding when its row is selected', async () => {
    await page.check('input[value="hidden"]');
    await page.click('#findings tbody tr[data-rule="jetpack-subscribe-text"] td.rule');
    assert.equal(await page.isChecked('input[value="outlined"]'), true);
    const info = await page
      .frameLocator('#frame')
      .locator('[data-adstrip-playground-current]')
      .evaluate((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, scrolled: e.ownerDocument.defaultView.scrollY, height: e.ownerDocument.defaultView.innerHeight };
      });
    assert.ok(info.scrolled > 0, 'the frame scrolled');
    assert.ok(info.top >= 0 && info.top < info.height, `the finding is in view (${JSON.stringify(info)})`);
    assert.ok(await page.$('#findings tbody tr.current[data-rule="jetpack-subscribe-text"]'));
  });

  it('shows the article in reader view, without the ads and nags, and goes back', async () => {
    await openSample(page, 'londonglossypost');
    await page.check('input[value="reader"]');
    await page.waitForFunction(() => document.getElementById('message').textContent.startsWith('Reader view'));
    assert.equal(await page.isVisible('#frame'), false);
    const reader = page.frameLocator('#reader-frame');
    const paragraphs = await reader.locator('.content p').allTextContents();
    assert.equal(paragraphs.length, 14, 'the 14 article paragraphs');
    assert.match(paragraphs[0], /^China cannot co-operate/);
    // The view renders in a shadow root: its text is read there (and must hold the article).
    const text = await reader.locator('html').evaluate((root) => {
      const inShadows = (r) => [...r.querySelectorAll('*')].map((e) => (e.shadowRoot ? e.shadowRoot.textContent + inShadows(e.shadowRoot) : '')).join(' ');
      return root.textContent + inShadows(root);
    });
    assert.match(text, /China cannot co-operate/, "the view's text is read");
    assert.doesNotMatch(text, /Discover more from|Subscribe to get the latest posts|Advertisements/);
    assert.equal(await reader.locator('script, [onerror], [onclick]').count(), 0);
    await page.check('input[value="hidden"]');
    assert.equal(await page.isVisible('#frame'), true);
    assert.equal(await page.isVisible('#reader-frame'), false);
    assert.equal(await page.frameLocator('#frame').locator('[data-adstrip]').count(), 3);
  });

  it('scans pasted HTML', async () => {
    await page.fill(
      '#paste',
      '<p>Article text that stays.</p><div class="wpcnt"><div class="wpa"><span class="wpa-about">Werbung</span><div class="u top"></div></div></div>',
    );
    await page.click('#scan-paste');
    await page.waitForFunction(() => document.getElementById('page-name').textContent === 'Pasted HTML');
    const rows = await tableRows(page);
    assert.deepEqual(
      rows.map((r) => r.rule),
      ['wordads-classic'],
    );
    assert.equal(await page.textContent('#message'), 'Pasted HTML: 1 finding.');
  });

  it('refuses bad input with a clear message and keeps working', async () => {
    const message = () => page.$eval('#message', (m) => ({ text: m.textContent, error: m.classList.contains('error') }));
    // Empty.
    await page.fill('#paste', '   \n  ');
    await page.click('#scan-paste');
    let m = await message();
    assert.ok(m.error);
    assert.match(m.text, /Nothing to scan: the pasted text is empty\./i);
    // Binary: a PNG header and zeros.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048)]);
    await page.setInputFiles('#file', { name: 'photo.html', mimeType: 'text/html', buffer: png });
    await page.waitForFunction(() => document.getElementById('message').textContent.includes('photo.html'));
    m = await message();
    assert.ok(m.error);
    assert.match(m.text, /not HTML: it holds binary data/);
    // A 20 MB page, from disk and pasted.
    const big = Buffer.from(`<html><body>${'<p>A long page of article text.</p>\n'.repeat(600000)}</body></html>`);
    assert.ok(big.length > 20e6);
    await page.setInputFiles('#file', { name: 'huge.html', mimeType: 'text/html', buffer: big });
    await page.waitForFunction(() => document.getElementById('message').textContent.includes('huge.html'));
    m = await message();
    assert.ok(m.error);
    assert.match(m.text, /is 2\d(\.\d)? MB: too large\. The playground scans pages up to 8 MB/);
    await page.evaluate(() => {
      document.getElementById('paste').value = '<p>x</p>'.repeat(2_700_000);
    });
    await page.click('#scan-paste');
    m = await message();
    assert.ok(m.error);
    assert.match(m.text, /The pasted text is 2\d(\.\d)? MB: too large/);
    // The error is announced, and the last good page is still there.
    assert.equal(await page.getAttribute('#message', 'role'), 'alert');
    assert.equal(await page.textContent('#page-name'), 'Pasted HTML');
    await page.screenshot({ path: path.join(SHOTS, 'playground-error.png') });
    // Still working.
    await page.fill('#paste', '');
    await openSample(page, 'londonglossypost');
    assert.equal((await tableRows(page)).length, 3);
    assert.equal(pageErrors.length, 0, pageErrors.join('\n'));
  });

  it('is usable with the keyboard alone', async () => {
    await page.evaluate(() => document.activeElement?.blur());
    await page.mouse.click(5, 5);
    await page.evaluate(() => window.scrollTo(0, 0));
    const reached = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const e = document.activeElement;
          return e.id || (e.name === 'mode' ? `mode:${e.value}` : '') || e.getAttribute('aria-label') || e.textContent.trim();
        }),
      );
    }
    for (const want of ['Skip to the playground', 'sample', 'load-sample', 'file', 'paste', 'scan-paste', 'Show finding 1 in the page']) {
      assert.ok(reached.includes(want), `Tab reaches ${want}: ${reached.join(' | ')}`);
    }
    assert.ok(
      reached.some((r) => r.startsWith('mode:')),
      'Tab reaches the view radios',
    );
    // The radios move with the arrow keys; the finding buttons work with Enter.
    await page.focus('input[value="outlined"]');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.isChecked('input[value="untouched"]'), true);
    await page.keyboard.press('ArrowLeft');
    await page.focus('#findings tbody tr[data-rule="wordads-dynamic-slot"] button');
    await page.keyboard.press('Enter');
    assert.ok(await page.$('#findings tbody tr.current[data-rule="wordads-dynamic-slot"]'));
    // A visible focus ring.
    const ring = await page.$eval('#findings tbody tr.current button', (b) => getComputedStyle(b).outlineStyle);
    assert.equal(ring, 'solid');
  });

  it('is readable in light and dark mode', async () => {
    for (const scheme of ['light', 'dark']) {
      const p = await newPage({ colorScheme: scheme });
      for (const url of ['/', '/tests.html?mode=core', '/about.html']) {
        await p.goto(`${BASE}${url}`);
        const pairs = await p.evaluate(() => {
          const bg = getComputedStyle(document.documentElement).backgroundColor;
          const pick = (sel) => [...document.querySelectorAll(sel)].slice(0, 3).map((e) => [sel, getComputedStyle(e).color, bg]);
          return [...pick('h1'), ...pick('.lede'), ...pick('header.site nav a'), ...pick('footer.site'), ...pick('.hint'), ...pick('.tile .about')];
        });
        assert.ok(pairs.length >= 4);
        for (const [sel, fg, bg] of pairs) {
          const ratio = contrast(fg, bg);
          assert.ok(ratio >= 4.5, `${scheme} ${url} ${sel}: contrast ${ratio.toFixed(2)} (${fg} on ${bg})`);
        }
        const dark = await p.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
        assert.equal(dark === 'rgb(255, 255, 255)', scheme === 'light', `${scheme} background ${dark}`);
      }
      if (scheme === 'dark') {
        await p.goto(`${BASE}/`);
        await p.waitForSelector('#findings tbody tr[data-rule]');
        await p.screenshot({ path: path.join(SHOTS, 'playground-dark.png') });
      }
      await p.context().close();
    }
  });
});

describe('self-check page', () => {
  it('is all green in core-only mode', async () => {
    const page = await newPage();
    await page.goto(`${BASE}/tests.html?mode=core`);
    await page.waitForFunction(() => ['ok', 'bad'].includes(document.getElementById('summary').dataset.state));
    const bad = await page.$$eval('.tile.bad', (ts) => ts.map((t) => `${t.id}: ${t.querySelector('.status').textContent}`));
    await page.screenshot({ path: path.join(SHOTS, 'selfcheck-core.png'), fullPage: true });
    assert.deepEqual(bad, []);
    assert.equal(await page.getAttribute('#summary', 'data-state'), 'ok');
    assert.equal(await page.getAttribute('#summary', 'data-mode'), 'core');
    const tiles = await page.$$eval('.tile.ok', (ts) => ts.length);
    assert.ok(tiles >= 20, `${tiles} tiles`);
    console.log(`# self-check core only: ${await page.textContent('#summary-count')}; ${await page.textContent('#summary-mode')}`);
    // "Show what was hidden" brings the findings back, outlined, without turning tiles red.
    await page.click('#show-hidden');
    assert.equal(await page.getAttribute('#show-hidden', 'aria-pressed'), 'true');
    assert.ok(await page.$eval('#tile-wordads-classic .wpcnt', (e) => e.checkVisibility()));
    await page.screenshot({ path: path.join(SHOTS, 'selfcheck-outlined.png') });
    assert.equal(await page.getAttribute('#summary', 'data-state'), 'ok');
    await page.click('#show-hidden');
    assert.equal(await page.$eval('#tile-wordads-classic .wpcnt', (e) => e.checkVisibility()), false);
    await page.context().close();
  });

  it('says so, and offers the core, when no extension is at work', async () => {
    const page = await newPage();
    await page.goto(`${BASE}/tests.html`);
    await page.waitForFunction(() => document.getElementById('summary').dataset.mode === 'none');
    assert.match(await page.textContent('#summary-mode'), /not active in this page/);
    assert.equal(await page.getAttribute('#summary', 'data-state'), 'bad');
    await page.click('#run-core');
    await page.waitForFunction(() => document.getElementById('summary').dataset.state === 'ok');
    await page.context().close();
  });

  const hasExtension = existsSync(path.join(EXTENSION, 'manifest.json'));
  it('is all green with the built extension', { skip: hasExtension ? false : `no built extension in ${EXTENSION} (run make build)` }, async () => {
    const profile = mkdtempSync(path.join(tmpdir(), 'adstrip-www-'));
    const ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [...ARGS, `--disable-extensions-except=${EXTENSION}`, `--load-extension=${EXTENSION}`],
    });
    try {
      const page = watch(await ctx.newPage());
      await page.goto(`${BASE}/tests.html`);
      await page.waitForFunction(() => ['ok', 'bad'].includes(document.getElementById('summary').dataset.state), null, { timeout: 15000 });
      // The extension may act in steps: give it a moment to finish before the verdict.
      await page.waitForFunction(() => document.getElementById('summary').dataset.state === 'ok', null, { timeout: 5000 }).catch(() => {});
      await page.screenshot({ path: path.join(SHOTS, 'selfcheck-extension.png'), fullPage: true });
      const bad = await page.$$eval('.tile.bad', (ts) => ts.map((t) => `${t.id}: ${t.querySelector('.status').textContent}`));
      assert.deepEqual(bad, []);
      assert.equal(await page.getAttribute('#summary', 'data-mode'), 'extension');
    } finally {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

describe('landing page', () => {
  it('has before/after shots of the London Glossy Post page made by the playground', async () => {
    // The frame alone, 640 px wide and as tall as the untouched article, in both views.
    const page = await newPage({ viewport: { width: 1280, height: 1400 } });
    await page.goto(`${BASE}/#sample=londonglossypost`);
    await page.waitForSelector('#findings tbody tr[data-rule]');
    await page.check('input[value="untouched"]');
    const height = await page
      .frameLocator('#frame')
      .locator('html')
      .evaluate((h) => h.scrollHeight);
    await page.$eval(
      '#frame',
      (f, h) => {
        f.closest('.split').style.display = 'block';
        f.parentElement.style.width = '642px';
        Object.assign(f.style, { width: '640px', height: `${h}px`, minHeight: '0' });
      },
      height,
    );
    await page.locator('#frame').screenshot({ path: path.join(SHOTS, 'london-before-frame.png') });
    await page.check('input[value="hidden"]');
    await page.locator('#frame').screenshot({ path: path.join(SHOTS, 'london-after-frame.png') });
    console.log(`# landing shots: 640 x ${height}`);
    await page.context().close();
    if (process.env.UPDATE_LANDING === '1') {
      for (const name of ['london-before', 'london-after']) {
        copyFileSync(path.join(SHOTS, `${name}-frame.png`), path.join(ROOT, 'www/img', `${name}.png`));
      }
    }
  });

  it('shows its before/after screenshots, small enough to commit', async () => {
    const page = await newPage();
    await page.goto(`${BASE}/about.html`);
    const imgs = await page.$$eval('.compare img', (is) => is.map((i) => ({ src: i.getAttribute('src'), w: i.naturalWidth, alt: i.alt })));
    assert.equal(imgs.length, 2);
    for (const img of imgs) {
      assert.ok(img.w > 0, `${img.src} loads`);
      assert.ok(img.alt.length > 20, `${img.src} has a description`);
      const size = statSync(path.join(ROOT, 'www', img.src)).size;
      assert.ok(size <= MAX_LANDING_PNG, `${img.src} is ${size} bytes`);
    }
    for (const link of ['index.html', 'tests.html', '#install']) {
      assert.ok(await page.$(`a[href="${link}"]`), `links to ${link}`);
    }
    assert.match(await page.textContent('main'), /no network requests/i);
    await page.screenshot({ path: path.join(SHOTS, 'about.png'), fullPage: true });
    await page.context().close();
  });
});

describe('privacy', () => {
  it('never asked anything of a host other than 127.0.0.1', () => {
    assert.deepEqual(offsite, []);
    assert.equal(pageErrors.length, 0, pageErrors.join('\n'));
  });
});
