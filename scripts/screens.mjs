// Screenshots of the extension's faces for review, with the layout checks a person would make
// (no horizontal overflow, text at 13 px or more as computed styles, the reader's text column),
// in headless Chromium with the built extension. Writes target/screens/<face>-<width>-<scheme>.png:
//   popup-<scheme>            the toolbar popup on a page with findings (340 px, its own width)
//   outline-<w>-<scheme>      "show what was hidden" on a long page, jumped to the empty slot
//   reader-<w>-<scheme>       reader mode on an article (theme auto: follows the scheme)
//   reader-aa-400-<scheme>    the same at 400 px with the "Aa" settings panel open
//   options-<w>-<scheme>      the options page
//   playground-<w>-<scheme>   the playground (target/www, assembled by scripts/serve.sh)
//   playground-reader-<w>-<scheme>  its reader preview (the extension's view)
// Widths 1280 and 400, schemes light and dark. Exit status 1 if a check failed (listed).
// Also the helpers the face tests share (tests/e2e/faces.test.mjs, a11y.test.mjs).
// Usage: node scripts/screens.mjs   (ADSTRIP_E2E_EXT=dir for another unpacked build)
import { mkdirSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, extname, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCREENS = join(ROOT, 'target/screens');
export const WIDTHS = [1280, 400];
export const SCHEMES = ['light', 'dark'];

/** Runs in a page: elements with text of their own whose computed font size is below `min`. */
export function smallText(min) {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.checkVisibility && !el.checkVisibility()) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.data.trim())) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < min) out.push(`${el.localName}#${el.id}.${el.className}: ${px}px "${el.textContent.trim().slice(0, 30)}"`);
  }
  return out;
}

/** Runs in a page: how far the document is wider than the viewport (0 when it is not). */
export function overflowX() {
  return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** A long article (about 8,000 px) with a WordAds unit near the top, an empty dynamic slot in
 *  the middle (zero height, between two paragraphs) and the Jetpack subscribe block at the end. */
const para = (n) =>
  `<p class="story">Paragraph ${n} of the story: the council met again to talk about the river path, the grant, the piling and the old mill race, and agreed to meet once more next month.</p>`;
export const SPREAD_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Spread findings</title>
<style>body { font: 18px/1.6 serif; max-width: 640px; margin: 0 auto; padding: 0 16px; } p { margin: 0 0 1.5em; }</style></head><body>
<article><h1>Findings spread over a long page</h1>
${para(1)}
<div class="wpcnt"><div class="wpa"><span class="wpa-about">Advertisements</span><div class="u top"><div style="width:300px;max-width:100%;height:250px;background:#fc0">AD-BOX</div></div></div></div>
${Array.from({ length: 30 }, (_, i) => para(i + 2)).join('\n')}
<div id="atatags-370373-empty"></div>
<p class="story" id="after-empty">The paragraph right under the empty slot must stay clear of any outline drawn by adstrip.</p>
${Array.from({ length: 30 }, (_, i) => para(i + 40)).join('\n')}
<div class="wp-block-group"><div class="wp-block-group__inner-container"><hr class="wp-block-separator"><h2 class="wp-block-heading">Discover more from Spread Site</h2><p>Subscribe to get the latest posts sent to your email.</p><div class="wp-block-jetpack-subscriptions"><div class="wp-block-jetpack-subscriptions__container"><form action="#" method="post" id="subscribe-blog-7"><input type="email" name="email"><button type="submit">Subscribe</button></form></div></div></div></div>
</article></body></html>`;

/** An article as the core's extractor returns it, with the traps the view must handle: the
 *  site's name after the title, a byline equal to nothing special, the extractor's own
 *  `div.page` wrapper, headings inside the article. */
export const SAMPLE_ARTICLE = {
  title: 'River path to reopen in phases - Reader Site',
  byline: 'Ada Lovelace',
  site_name: 'Reader Site',
  lang: 'en',
  content_html: `<div class="page"><p>The council met on Thursday evening in the old library to decide the future of the river path, which has been closed since the spring floods washed away a section near the mill.</p>
<p>Residents filled every seat, and many stood along the walls, holding printed maps of the route and notes from the last consultation, which had ended <a href="https://example.org/consultation">without agreement</a>.</p>
<h2>What the engineer found</h2>
<p>The engineer's report, published a week earlier, found that rebuilding the washed-out section would cost about twice the original estimate, mostly because the bank needs new piling.</p>
<blockquote><p>Every month of closure pushes children onto the main road.</p></blockquote>
<h3>The vote</h3>
<p>After two hours of debate the council voted seven to two to begin the first phase in August, with a review of the grant application at the September meeting.</p>
<p>Work on the first phase will close the car park by the mill for about six weeks, and the council promised signs and a temporary drop-off point near the school gates.</p></div>`,
};
SAMPLE_ARTICLE.text = SAMPLE_ARTICLE.content_html.replace(/<[^>]+>/g, ' ').repeat(3);

/** The reader view's own code (extension/src/reader/view.js) bundled for a plain page, with an
 *  open shadow root so an audit can read it: `window.openReaderCopy(article, settings)`. */
export async function readerCopyScript() {
  const r = await build({
    stdin: {
      contents: `import { ReaderView } from './reader/view.js'; import { parseSettings } from './settings.js';
        window.openReaderCopy = (article, raw) => { const v = new ReaderView({ settings: parseSettings(raw || {}), onSetting() {}, onClose: () => v.close(), shadowMode: 'open' }); v.open(article); window.readerCopy = v; return true; };`,
      resolveDir: join(ROOT, 'extension/src'),
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

/** A page on 127.0.0.1 with the reader copy's script, for context.route. */
export async function readerCopyPage() {
  const js = await readerCopyScript();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Reader copy</title></head><body><p><button id="before">A button of the page</button></p><script>${js.replace(/<\/script/gi, '<\\/script')}</script></body></html>`;
}

/** Runs `fn` (a function's source) with `this` = the closed shadow root of the first `hostTag`
 *  element, through the DevTools protocol (as a debugger reaches it). */
export async function inShadow(page, hostTag, fn, arg) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const find = (n) => (n.localName === hostTag ? n : (n.children || []).map(find).find(Boolean) || null);
    const host = find(root);
    if (!host) return null;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: host.shadowRoots[0].backendNodeId });
    const r = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: fn.toString(),
      arguments: [{ value: arg ?? null }],
      returnByValue: true,
      awaitPromise: true,
    });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
    return r.result.value;
  } finally {
    await cdp.detach();
  }
}

/** Runs with `this` = the reader view's shadow root: what a reader's layout check looks at. */
export function readerLayout() {
  const sc = this.querySelector('.scroller');
  const page = this.querySelector('.main > .page');
  const title = this.querySelector('.page > .title');
  const h2 = this.querySelector('.content h2');
  const p = this.querySelector('.content p');
  const bar = this.querySelector('.bar');
  const inner = this.querySelector('.content .page');
  const r = (el) => el && el.getBoundingClientRect();
  return {
    role: sc.getAttribute('role'),
    modal: sc.getAttribute('aria-modal'),
    labelledBy: sc.getAttribute('aria-labelledby'),
    title: title?.textContent ?? null,
    meta: this.querySelector('.page > .meta')?.textContent ?? null,
    origin: this.querySelector('.page > .origin')?.textContent ?? null,
    domainHref: this.querySelector('.page > .origin a')?.getAttribute('href') ?? null,
    overflowX: Math.max(0, sc.scrollWidth - sc.clientWidth),
    column: p ? r(p).width : 0,
    textLeft: p ? r(p).left : 0,
    titleLeft: title ? r(title).left : 0,
    innerPadding: inner ? getComputedStyle(inner).paddingLeft : null,
    titlePx: title ? parseFloat(getComputedStyle(title).fontSize) : 0,
    h2Px: h2 ? parseFloat(getComputedStyle(h2).fontSize) : 0,
    textPx: p ? parseFloat(getComputedStyle(p).fontSize) : 0,
    barHeight: r(bar).height,
    pageWidth: page ? r(page).width : 0,
  };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A static server of `dir` on 127.0.0.1 (the assembled playground). */
export async function staticServer(dir) {
  const server = createServer(async (req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = normalize(join(dir, p));
    if (!file.startsWith(dir)) return res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] || 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

export const WWW = join(ROOT, 'target/www');

async function main() {
  const { startServer } = await import('../tests/e2e/server.mjs');
  const { launchChromium, openPage, setSettings } = await import('../tests/e2e/helpers.mjs');
  mkdirSync(SCREENS, { recursive: true });
  const problems = [];
  const check = (ok, what) => {
    if (!ok) problems.push(what);
  };
  const server = await startServer();
  const www = existsSync(join(WWW, 'index.html')) ? await staticServer(WWW) : null;
  const ctx = await launchChromium();
  await ctx.context.route(/\/faces\/spread\.html$/, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: SPREAD_PAGE }));
  const shot = async (page, name, opts = {}) => {
    await page.screenshot({ path: join(SCREENS, `${name}.png`), ...opts });
    console.log(`screens: target/screens/${name}.png`);
  };
  const send = (tabId, msg) => ctx.sw.evaluate(([id, m]) => chrome.tabs.sendMessage(id, m, { frameId: 0 }), [tabId, msg]);
  try {
    await setSettings(ctx.sw, {});
    for (const scheme of SCHEMES) {
      // Popup, on a page with findings.
      const { page, status } = await openPage(ctx, `${server.origin}/faces/spread.html`);
      const popup = await ctx.context.newPage();
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.setViewportSize({ width: 340, height: 640 });
      await popup.goto(`chrome-extension://${ctx.extId}/popup.html?tab=${status.tabId}`);
      await popup.waitForFunction(() => document.getElementById('reader-state').textContent !== '' && document.querySelector('#findings li'));
      check((await popup.evaluate(smallText, 13)).length === 0, `popup ${scheme}: text under 13 px`);
      check((await popup.evaluate(overflowX)) === 0, `popup ${scheme}: horizontal overflow`);
      await shot(popup, `popup-${scheme}`, { fullPage: true });
      await popup.close();

      // Show what was hidden, jumped to the empty slot (the second finding).
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        await page.emulateMedia({ colorScheme: scheme });
        await send(status.tabId, { type: 'jump', index: 1 });
        await page.waitForTimeout(100);
        check((await page.evaluate(overflowX)) === 0, `outline ${width} ${scheme}: horizontal overflow`);
        await shot(page, `outline-${width}-${scheme}`);
      }
      await page.close();

      // The element picker, with a choice made (the element in the middle of the window).
      for (const width of WIDTHS) {
        const k = await openPage(ctx, `${server.origin}/faces/spread.html`);
        await k.page.setViewportSize({ width, height: 800 });
        await k.page.emulateMedia({ colorScheme: scheme });
        await send(k.status.tabId, { type: 'pick' });
        await k.page.waitForFunction(() => !!document.querySelector('adstrip-picker'));
        await k.page.keyboard.press('Enter');
        await k.page.waitForTimeout(100);
        check((await k.page.evaluate(overflowX)) === 0, `picker ${width} ${scheme}: horizontal overflow`);
        await shot(k.page, `picker-${width}-${scheme}`);
        await k.page.close();
      }

      // Reader mode (theme auto follows the scheme).
      for (const width of WIDTHS) {
        const r = await openPage(ctx, `${server.origin}/fx/reader-article.html`);
        await r.page.setViewportSize({ width, height: 800 });
        await r.page.emulateMedia({ colorScheme: scheme });
        await send(r.status.tabId, { type: 'readerToggle', action: 'open' });
        await r.page.waitForFunction(() => !!document.querySelector('adstrip-reader'));
        await r.page.waitForTimeout(150);
        const l = await inShadow(r.page, 'adstrip-reader', readerLayout);
        check(l.role === 'dialog' && l.modal === 'true' && l.labelledBy === 'rv-title', `reader ${width} ${scheme}: not a labelled modal dialog`);
        check(l.overflowX === 0, `reader ${width} ${scheme}: horizontal overflow ${l.overflowX}px`);
        check(Math.abs(l.textLeft - l.titleLeft) < 1, `reader ${width} ${scheme}: text starts ${l.textLeft - l.titleLeft}px off the title`);
        check(l.titlePx >= 1.4 * l.h2Px || !l.h2Px, `reader ${width} ${scheme}: title ${l.titlePx}px vs h2 ${l.h2Px}px`);
        check(l.barHeight <= 48, `reader ${width} ${scheme}: toolbar ${l.barHeight}px tall (one row wanted)`);
        if (width === 400) check(l.column >= 360, `reader 400 ${scheme}: text column ${l.column}px (single padding wants >= 360)`);
        else check(l.column <= 760 && l.column >= 500, `reader 1280 ${scheme}: text column ${l.column}px`);
        await shot(r.page, `reader-${width}-${scheme}`);
        if (width === 400) {
          await inShadow(r.page, 'adstrip-reader', function () {
            this.querySelector('button.aa').click();
          });
          await shot(r.page, `reader-aa-400-${scheme}`);
        }
        await r.page.close();
      }

      // Options.
      for (const width of WIDTHS) {
        const o = await ctx.context.newPage();
        await o.setViewportSize({ width, height: 900 });
        await o.emulateMedia({ colorScheme: scheme });
        await o.goto(`chrome-extension://${ctx.extId}/options.html`);
        await o.waitForFunction(() => document.getElementById('enabled').checked);
        check((await o.evaluate(smallText, 13)).length === 0, `options ${width} ${scheme}: text under 13 px: ${await o.evaluate(smallText, 13)}`);
        check((await o.evaluate(overflowX)) === 0, `options ${width} ${scheme}: horizontal overflow`);
        await shot(o, `options-${width}-${scheme}`, { fullPage: true });
        await o.close();
      }

      // Playground.
      if (!www) problems.push('playground: target/www is not assembled (scripts/serve.sh assembles it)');
      for (const width of www ? WIDTHS : []) {
        const w = await ctx.context.newPage();
        await w.setViewportSize({ width, height: 900 });
        await w.emulateMedia({ colorScheme: scheme });
        await w.goto(`${www.origin}/index.html`);
        await w.waitForTimeout(1500);
        check((await w.evaluate(overflowX)) === 0, `playground ${width} ${scheme}: horizontal overflow ${await w.evaluate(overflowX)}px`);
        await shot(w, `playground-${width}-${scheme}`);
        // Its reader preview: the extension's view in the preview frame.
        await w.check('input[value="reader"]');
        await w.waitForFunction(() => document.getElementById('message').textContent.startsWith('Reader view'));
        await w.locator('#reader-frame').scrollIntoViewIfNeeded();
        await shot(w, `playground-reader-${width}-${scheme}`);
        await w.close();
      }
    }
  } finally {
    await ctx.close();
    await server.close();
    await www?.close();
  }
  for (const p of problems) console.log(`screens: FAILED ${p}`);
  console.log(`screens: ${problems.length ? `${problems.length} checks failed` : 'all layout checks passed'}`);
  process.exitCode = problems.length ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
