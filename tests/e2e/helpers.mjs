// Shared pieces of the browser tests: launching Chromium with the built extension, waiting for
// adstrip to have run on a page, and the checks a user would make (is it visible?).
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** ADSTRIP_E2E_EXT=dir runs the Chromium tests against another unpacked build. */
export const CHROMIUM_EXT = process.env.ADSTRIP_E2E_EXT || join(ROOT, 'dist/chromium');
export const FIREFOX_EXT = process.env.ADSTRIP_E2E_FIREFOX_EXT || join(ROOT, 'dist/firefox');
export const CORPUS = join(ROOT, 'tests/fixtures/corpus');
const CHROMIUM_BIN = process.env.ADSTRIP_CHROMIUM || '/usr/lib/chromium/chromium';

/** The selectors of the generated stylesheet, one per rule (to tell "hidden by adstrip"). */
export function stylesheetSelectors(extDir = CHROMIUM_EXT) {
  const css = readFileSync(join(extDir, 'adstrip.css'), 'utf8');
  return css
    .split('\n')
    .map((l) => l.replace(/\/\*.*?\*\//g, '').trim())
    .filter((l) => l.includes('{'))
    .map((l) => l.slice(0, l.indexOf('{')).trim());
}

/** The ad labels of rules/rules.toml ("Advertisement", "Anzeige", ...): a label is ad furniture, not article text. */
export function adLabels() {
  const toml = readFileSync(join(ROOT, 'rules/rules.toml'), 'utf8');
  const m = toml.match(/^ad_labels = \[([\s\S]*?)\]/m);
  return m ? [...m[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]) : [];
}

export function readLabels(slug) {
  return JSON.parse(readFileSync(join(CORPUS, 'labels', `${slug}.json`), 'utf8'));
}

export function knownFailures() {
  const p = join(ROOT, 'tests/corpus_known_failures.json');
  return existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : [];
}

/** Chromium with dist/chromium loaded; returns {context, sw, extId, close}. */
export async function launchChromium({ ext = CHROMIUM_EXT } = {}) {
  if (!existsSync(join(ext, 'manifest.json'))) throw new Error(`${ext} is not built: run make build`);
  const dir = mkdtempSync(join(tmpdir(), 'adstrip-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_BIN,
    headless: true,
    viewport: { width: 1200, height: 900 },
    args: [
      `--disable-extensions-except=${ext}`,
      `--load-extension=${ext}`,
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      // The saved pages link to the real web: answer every other host at once, offline.
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  // Saved pages that "upgrade" themselves to https (document.location = ...https:) get the
  // same file from the local server.
  await context.route(/^https:\/\/127\.0\.0\.1:\d+\//, async (route) => {
    const u = new URL(route.request().url());
    u.protocol = 'http:';
    await route.fulfill({ response: await route.fetch({ url: u.href }) });
  });
  const sw = context.serviceWorkers()[0] || (await context.waitForEvent('serviceworker', { timeout: 15000 }));
  const extId = new URL(sw.url()).host;
  return {
    context,
    sw,
    extId,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes settings (storage.sync) through the service worker. */
export async function setSettings(sw, values) {
  await sw.evaluate(async (v) => {
    await chrome.storage.sync.clear();
    await chrome.storage.sync.set(v);
  }, values);
}

export async function setLocal(sw, values) {
  await sw.evaluate((v) => chrome.storage.local.set(v), values);
}

/** Waits until the top frame of the tab showing `url` has reported to the service worker;
 *  returns that tab's status {tabId, mode, ads, subscribe, byRule}. */
export async function waitForAdstrip(sw, urlOrPage, { timeout = 10000, mode } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const url = typeof urlOrPage === 'string' ? urlOrPage : urlOrPage.url();
    const st = await sw.evaluate(async (u) => {
      const all = await chrome.storage.session.get(null);
      for (const [k, v] of Object.entries(all)) {
        if (v.url !== u) continue;
        let ads = 0,
          subscribe = 0;
        const byRule = {};
        for (const f of Object.values(v.frames || {})) {
          ads += f.ads;
          subscribe += f.subscribe;
          for (const [r, n] of Object.entries(f.byRule || {})) byRule[r] = (byRule[r] || 0) + n;
        }
        return { tabId: Number(k.slice(4)), mode: v.mode, host: v.host, ads, subscribe, byRule };
      }
      return null;
    }, url);
    if (st && (!mode || st.mode === mode)) return st;
    if (Date.now() > end) throw new Error(`adstrip did not report on ${url} (last: ${JSON.stringify(st)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens url in a new page and waits for load and adstrip's report. */
export async function openPage(ctx, url, opts = {}) {
  const page = await ctx.context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.text().includes('[adstrip]')) errors.push(m.text());
  });
  await page.goto(url, { waitUntil: 'load' });
  const status = opts.noWait ? null : await waitForAdstrip(ctx.sw, page, opts);
  return { page, status, adstripLogs: errors };
}

/**
 * Runs in the page: checks a page against its labels. Returns {failures: [...], checked: n}.
 * "Not visible" is what a reader sees (checkVisibility); "hidden by adstrip" is a marker or a
 * stylesheet rule on the element or an ancestor.
 */
export function checkLabelsInPage({ labels, cssSelectors, skip, adLabels = [] }) {
  const isLabel = (t) =>
    adLabels.includes(
      t
        .replace(/\s+/g, ' ')
        .trim()
        .replace(/^[-–—·.:|()\s]+|[-–—·.:|()\s]+$/g, '')
        .toLowerCase(),
    );
  const failures = [];
  let checked = 0;
  const union = cssSelectors.join(', ');
  const hiddenByAdstrip = (el) => {
    for (let e = el; e; e = e.parentElement || e.getRootNode()?.host) {
      if (e.hasAttribute?.('data-adstrip')) return true;
      if (e.matches?.(union) && !e.hasAttribute('data-adstrip-keep')) return true;
    }
    return false;
  };
  const visible = (el) => el.checkVisibility({ checkVisibilityCSS: true, checkOpacity: false });
  const skipped = new Set(skip);
  for (const h of labels.hide || []) {
    if (!h.visible || skipped.has(h.selector)) continue;
    const els = document.querySelectorAll(h.selector);
    if (!els.length) failures.push(`block ${h.selector}: not in the live page`);
    for (const el of els) {
      checked++;
      if (visible(el)) failures.push(`block ${h.selector} (${h.family}) is visible: ${el.textContent.trim().slice(0, 60)}`);
    }
  }
  for (const n of labels.negatives || []) {
    if (skipped.has(n.selector)) continue;
    for (const el of document.querySelectorAll(n.selector)) {
      checked++;
      if (hiddenByAdstrip(el))
        failures.push(
          `negative ${n.selector} hidden: ${el.getAttribute('data-adstrip') || el.closest('[data-adstrip]')?.getAttribute('data-adstrip') || 'by the stylesheet'}`,
        );
    }
  }
  const textNodes = (root) => {
    const out = [];
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) out.push(n);
    return out;
  };
  for (const line of labels.hide_text || []) {
    checked++;
    const n = textNodes(document.body).find((t) => t.data.includes(line));
    if (!n) failures.push(`text "${line}" not found`);
    else if (visible(n.parentElement)) failures.push(`text "${line}" is visible`);
  }
  for (const start of labels.keep_text || []) {
    checked++;
    const n = textNodes(document.body).find((t) => t.data.replace(/\s+/g, ' ').trimStart().startsWith(start.replace(/\s+/g, ' ')));
    if (!n) failures.push(`article text "${start}" not found`);
    else if (!visible(n.parentElement) || hiddenByAdstrip(n.parentElement)) failures.push(`article text "${start}" is hidden`);
  }
  if (labels.article) {
    const art = document.querySelector(labels.article);
    if (art) {
      const blocks = (labels.hide || []).flatMap((h) => [...document.querySelectorAll(h.selector)]);
      let lost = 0;
      const samples = [];
      for (const t of textNodes(art)) {
        const p = t.parentElement;
        if (!t.data.trim() || !p || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(p.tagName)) continue;
        if (blocks.some((b) => b.contains(t)) || isLabel(t.data)) continue;
        if (hiddenByAdstrip(p)) {
          lost += t.data.trim().length;
          if (samples.length < 3) samples.push(`${p.closest('[data-adstrip]')?.getAttribute('data-adstrip') || 'css'}: ${t.data.trim().slice(0, 50)}`);
        }
      }
      checked++;
      if (lost) failures.push(`${lost} chars of article text hidden (${samples.join(' | ')})`);
    }
  }
  return { failures, checked };
}

/** Runs in the page: the adstrip markers now in the page, as "marker @ path" strings. */
export function markersInPage() {
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      let i = 1;
      for (let s = e.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === e.localName) i++;
      parts.unshift(`${e.localName}:nth-of-type(${i})`);
    }
    return parts.join(' > ');
  };
  return [...document.querySelectorAll('[data-adstrip]')]
    .map((el) =>
      el.localName === 'span' && el.childNodes.length === 1 && el.firstChild.nodeType === 3
        ? `${el.getAttribute('data-adstrip')} @ text in ${path(el.parentElement)}: ${el.textContent.trim().slice(0, 40)}`
        : `${el.getAttribute('data-adstrip')} @ ${path(el)}`,
    )
    .sort();
}
