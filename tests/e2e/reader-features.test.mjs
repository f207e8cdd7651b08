// Reader mode's features in headless Chromium: read aloud (with a speech engine the test drives,
// since this machine has no voices; and with the real one, which must say so plainly), keys,
// in-article links, saving as Markdown and HTML, the print layout (a real print to PDF), and the
// browser's own default font. The view's own code runs in an ordinary page (the reader copy,
// shadow root open) where the engine can be replaced; then the built extension on a real tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from './server.mjs';
import { launchChromium, openPage, setSettings } from './helpers.mjs';
import { readerCopyPage, inShadow } from '../../scripts/screens.mjs';
import { FEATURE_ARTICLE, installFakeSpeech, speechView, viewPosition } from './reader-features-data.mjs';

let server, ctx, copy;
before(async () => {
  server = await startServer();
  ctx = await launchChromium();
  copy = await readerCopyPage();
  await ctx.context.route(/\/features\/reader-copy\.html$/, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: copy }));
});
after(async () => {
  await ctx?.close();
  await server?.close();
});

const HOST = 'adstrip-reader';
const inView = (page, fn, arg) =>
  page.evaluate(
    ([src, a]) => new Function(`return (${src}).call(this, arguments[0])`).call(document.querySelector('adstrip-reader').shadowRoot, a),
    [fn.toString(), arg],
  );
const click = (page, action) => page.evaluate((a) => document.querySelector('adstrip-reader').shadowRoot.querySelector(`[data-action="${a}"]`).click(), action);

/** The reader copy with the feature article (and, with `speech`, the test's engine). */
async function openCopy({ speech = false, settings = {} } = {}) {
  const page = await ctx.context.newPage();
  await page.goto(`${server.origin}/features/reader-copy.html`);
  if (speech) await page.evaluate(installFakeSpeech);
  await page.evaluate(([a, s]) => window.openReaderCopy(a, s), [FEATURE_ARTICLE, settings]);
  return page;
}

test('read aloud: sentence by sentence from the title, highlighted and in view; pause, resume, next, speed, voice, errors, stop', async () => {
  const page = await openCopy({ speech: true });
  const spoken = () => page.evaluate(() => window.fakeSpeech.spoken.map((s) => ({ ...s })));
  await click(page, 'read-aloud');
  await page.waitForFunction(() => window.fakeSpeech.spoken.length === 1);
  let v = await inView(page, speechView);
  assert.equal(v.rowShown, true, 'the controls open under the bar');
  assert.equal(v.pressed, 'true');
  assert.deepEqual(v.voices, ['Alpha', 'Gamma', 'Beta'], "the article's language first");
  assert.deepEqual(await spoken(), [{ text: 'How the mill race was surveyed', rate: 1, voice: 'Alpha' }]);
  assert.deepEqual(v.highlighted, ['How the mill race was surveyed']);

  await page.evaluate(() => window.fakeSpeech.end());
  v = await inView(page, speechView);
  assert.deepEqual(v.highlighted, ['The survey began at dawn.']);
  assert.match(v.marked, /^The survey began at dawn/);
  // S pauses (the engine falls silent) and resumes the same sentence from its start.
  await page.keyboard.press('s');
  assert.equal((await inView(page, speechView)).play, 'Play');
  assert.equal(await page.evaluate(() => window.fakeSpeech.current), null);
  await page.keyboard.press('s');
  assert.equal((await spoken()).at(-1).text, 'The survey began at dawn.');
  assert.equal((await inView(page, speechView)).play, 'Pause');
  await click(page, 'speech-next');
  assert.equal((await spoken()).at(-1).text, 'It took three days to finish.');
  await click(page, 'speech-faster');
  assert.deepEqual((await spoken()).at(-1), { text: 'It took three days to finish.', rate: 1.25, voice: 'Alpha' });
  assert.equal((await inView(page, speechView)).rate, '1.25\u00d7');
  await page.evaluate(() => {
    const sel = document.querySelector('adstrip-reader').shadowRoot.querySelector('.speech select');
    sel.value = 'Beta';
    sel.dispatchEvent(new Event('change', { bubbles: true }));
  });
  assert.equal((await spoken()).at(-1).voice, 'Beta');
  await click(page, 'speech-previous');
  assert.equal((await spoken()).at(-1).text, 'The survey began at dawn.');

  // Far down the article, the sentence being read is scrolled into view.
  for (let i = 0; i < 20; i++) await page.evaluate(() => window.fakeSpeech.end());
  v = await inView(page, speechView);
  assert.match(v.marked, /^Paragraph \d+ of the report/);
  assert.equal(v.markedInView, true, 'the paragraph being read is on screen');
  assert.ok((await inView(page, viewPosition)).scrollTop > 500);

  // An engine failure stops reading and says so.
  await page.evaluate(() => window.fakeSpeech.fail('synthesis-failed'));
  v = await inView(page, speechView);
  assert.equal(v.play, 'Play');
  assert.match(v.status, /speech engine failed \(synthesis-failed\)/);
  await click(page, 'speech-stop');
  v = await inView(page, speechView);
  assert.deepEqual([v.rowShown, v.pressed, v.highlighted, v.marked], [false, 'false', [], null]);
  // Closing while reading silences the engine.
  await click(page, 'read-aloud');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate((h) => !!document.querySelector(h), HOST), false);
  assert.equal(await page.evaluate(() => window.fakeSpeech.current), null, 'nothing is read after close');
  assert.equal(await page.evaluate(() => CSS.highlights.has('adstrip-reading')), false);
  await page.close();
});

test('keys: J/K move between headings, +/- size, T theme; in-article links and footnotes scroll the view, never the page', async () => {
  const page = await openCopy();
  await page.evaluate(() => {
    document.body.style.height = '5000px';
    window.scrollTo(0, 40);
  });
  const pageState = () => page.evaluate(() => ({ y: scrollY, hash: location.hash }));
  const before = await pageState();
  await page.keyboard.press('j');
  let p = await inView(page, viewPosition);
  assert.ok(p.method >= 0 && p.method <= 12, `"The method" just under the bar: ${p.method}`);
  assert.equal(p.focused, 'reader-method', 'focus follows, for screen readers');
  await page.keyboard.press('j');
  p = await inView(page, viewPosition);
  assert.ok(p.findings >= 0 && p.findings <= 12, `"The findings": ${p.findings}`);
  await page.keyboard.press('j');
  assert.equal((await inView(page, viewPosition)).scrollTop, p.scrollTop, 'no heading after the last');
  await page.keyboard.press('k');
  p = await inView(page, viewPosition);
  assert.ok(p.method >= 0 && p.method <= 12, `back to "The method": ${p.method}`);
  await page.keyboard.press('k');
  await page.keyboard.press('k');
  p = await inView(page, viewPosition);
  assert.ok(p.title >= 0 && p.title <= 12, `back to the title: ${p.title}`);

  await page.evaluate(() => document.querySelector('adstrip-reader').shadowRoot.querySelector('#reader-ref1 a').click());
  p = await inView(page, viewPosition);
  assert.ok(p.footnote >= 0 && p.footnote <= p.viewHeight - 40, `the footnote in view: ${p.footnote} of ${p.viewHeight}`);
  assert.equal(p.focused, 'reader-fn1');
  await page.evaluate(() => document.querySelector('adstrip-reader').shadowRoot.querySelector('#reader-fn1 a').click());
  p = await inView(page, viewPosition);
  assert.ok(p.ref >= 0 && p.ref <= 40, `back at the reference: ${p.ref}`);
  assert.deepEqual(await pageState(), before, "the page's scroll and address are untouched");

  const size = parseFloat(p.fontSize);
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  assert.equal(parseFloat((await inView(page, viewPosition)).fontSize), size + 4);
  await page.keyboard.press('-');
  assert.equal(parseFloat((await inView(page, viewPosition)).fontSize), size + 2);
  const themes = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press('t');
    themes.push((await inView(page, viewPosition)).theme);
  }
  assert.deepEqual(themes, ['light', 'dark', 'sepia', 'auto']);
  await page.close();
});

test('save as Markdown and as one HTML file: the whole article, code, table and footnotes kept', async () => {
  const page = await openCopy();
  const save = async (action) => {
    const [d] = await Promise.all([page.waitForEvent('download'), click(page, action)]);
    return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
  };
  const md = await save('export-markdown');
  assert.equal(md.name, 'how-the-mill-race-was-surveyed.md');
  assert.ok(md.text.startsWith('# How the mill race was surveyed\n\nGrace Hopper \u00b7 <http'), md.text.slice(0, 120));
  assert.ok(md.text.includes('The survey began at dawn. It took three days to finish.<sup>[1](#reader-fn1)</sup>'));
  assert.ok(md.text.includes('```python\ndepth = measure(bank)\nif depth > 2:\n    flag(bank)\n```'));
  assert.ok(md.text.includes('| Day | Metres |\n| --- | --- |\n| 1 | 410 |'));
  assert.ok(md.text.includes('## The findings'));
  assert.ok(md.text.includes('> The stones are older than the mill.'));
  assert.equal((md.text.match(/^Paragraph \d+ of the report/gm) || []).length, 36, 'every paragraph');
  const html = await save('export-html');
  assert.equal(html.name, 'how-the-mill-race-was-surveyed.html');
  // The saved file opened on its own: the article, and nothing that runs.
  const view = await ctx.context.newPage();
  await view.setContent(html.text);
  const f = await view.evaluate(() => ({
    title: document.title,
    h1: document.querySelector('h1').textContent,
    paragraphs: document.querySelectorAll('main p').length,
    code: document.querySelector('pre code').textContent,
    scripts: document.querySelectorAll('script').length,
    footnote: document.querySelector('a[href="#reader-fn1"]') !== null,
    width: document.querySelector('main').getBoundingClientRect().width,
  }));
  assert.deepEqual(
    { ...f, width: f.width > 300 },
    {
      title: 'How the mill race was surveyed',
      h1: 'How the mill race was surveyed',
      paragraphs: 41,
      code: 'depth = measure(bank)\nif depth > 2:\n    flag(bank)',
      scripts: 0,
      footnote: true,
      width: true,
    },
  );
  await view.close();
  await page.close();
});

test('print: only the article is printed, on as many pages as it needs; the page is exactly as before afterwards', async () => {
  const page = await openCopy({ settings: { readerTheme: 'dark' } });
  const pageHtml = () => page.evaluate(() => [...document.documentElement.children].map((e) => `${e.localName}:${e.getAttribute('style')}`).join('|'));
  const beforeHtml = await pageHtml();
  await page.evaluate(() => {
    window.printState = [];
    window.addEventListener('beforeprint', () => {
      const host = document.querySelector('adstrip-reader');
      window.printState.push({
        body: getComputedStyle(document.body).display,
        host: getComputedStyle(host).position,
        height: host.getBoundingClientRect().height,
      });
    });
  });
  const pdf = await page.pdf({ format: 'A4' });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  const during = await page.evaluate(() => window.printState);
  assert.equal(during.length, 1);
  assert.equal(during[0].body, 'none', "the page's own body is not printed");
  assert.equal(during[0].host, 'static', 'the view flows');
  assert.ok(pages >= 3, `the article runs over ${pages} pages`);
  const afterHtml = await pageHtml();
  assert.ok(afterHtml === beforeHtml, `afterwards the page is as it was: ${afterHtml.slice(0, 40)} / ${beforeHtml.slice(0, 40)}`);
  // The print layout itself: no toolbar, black on white whatever the theme.
  await page.emulateMedia({ media: 'print' });
  const look = await inView(page, function () {
    const sc = this.querySelector('.scroller');
    return { bar: getComputedStyle(this.querySelector('.bar')).display, bg: getComputedStyle(sc).backgroundColor, fg: getComputedStyle(sc).color };
  });
  assert.deepEqual(look, { bar: 'none', bg: 'rgb(255, 255, 255)', fg: 'rgb(0, 0, 0)' });
  await page.emulateMedia({ media: 'screen' });
  await page.close();
});

test("the browser's default font: the reader takes the font the browser gives a page with no style", async () => {
  const page = await openCopy({ settings: { readerFont: 'browser' } });
  await page.evaluate(() => {
    document.body.style.fontFamily = 'monospace';
  });
  const r = await page.evaluate(() => {
    const f = document.createElement('iframe');
    document.body.append(f);
    const blank = getComputedStyle(f.contentDocument.body).fontFamily;
    const p = document.querySelector('adstrip-reader').shadowRoot.querySelector('.content p');
    return {
      blank,
      reader: getComputedStyle(p).fontFamily,
      pressed: document.querySelector('adstrip-reader').shadowRoot.querySelector('[data-value="browser"]').getAttribute('aria-pressed'),
    };
  });
  assert.equal(r.reader, r.blank, `reader ${r.reader}, blank page ${r.blank}`);
  assert.equal(r.pressed, 'true');
  await page.close();
});

test('in the extension: keys, Markdown saved from the content script, print, and read aloud without voices says so', async () => {
  await setSettings(ctx.sw, {});
  const { page, status } = await openPage(ctx, `${server.origin}/fx/reader-article.html`);
  await page.waitForFunction(() => document.querySelector('#live-slot p'));
  assert.equal((await ctx.sw.evaluate((id) => globalThis.adstripHandlers.onCommand('toggle-reader', { id }), status.tabId)).open, true);
  const shadow = (fn, arg) => inShadow(page, HOST, fn, arg);
  const fontSize = () =>
    shadow(function () {
      return parseFloat(getComputedStyle(this.querySelector('.content p')).fontSize);
    });
  const size = await fontSize();
  await page.keyboard.press('+');
  assert.equal(await fontSize(), size + 2, '+ makes the text larger');
  assert.equal(await ctx.sw.evaluate(() => chrome.storage.sync.get('readerFontSize').then((r) => r.readerFontSize)), size + 2, 'and is remembered');
  await page.keyboard.press('-');

  const [d] = await Promise.all([
    page.waitForEvent('download'),
    shadow(function () {
      this.querySelector('[data-action="export-markdown"]').click();
    }),
  ]);
  const md = readFileSync(await d.path(), 'utf8');
  assert.equal(d.suggestedFilename(), 'river-path-to-reopen-in-phases.md');
  assert.ok(md.startsWith('# River path to reopen in phases\n'), md.slice(0, 80));
  assert.ok(md.includes('The council met on Thursday evening'));
  assert.ok(md.includes('![The river path](http'), 'the lazy image, by its real address');
  assert.ok(!/BUY-CHEAP-WIDGETS|Subscribe to get/.test(md), 'no ad or nag text');

  await page.evaluate(() => {
    window.printState = [];
    window.addEventListener('beforeprint', () => window.printState.push(getComputedStyle(document.body).display));
  });
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length >= 2, 'the article over its pages');
  assert.deepEqual(await page.evaluate(() => window.printState), ['none'], "the page's body is set aside while printing");
  assert.equal(await page.evaluate(() => document.body.getAttribute('style')), null, 'and given back after');

  // Headless Chromium here lists no speech voices: the view says so instead of failing silently
  // (a machine with voices starts reading instead).
  await shadow(function () {
    this.querySelector('[data-action="read-aloud"]').click();
  });
  let state = { said: '', reading: false };
  for (let i = 0; i < 50 && !state.said && !state.reading; i++) {
    await page.waitForTimeout(100);
    state = await shadow(function () {
      const said = this.querySelector('.speech-status').textContent;
      return { said, reading: !said && this.querySelector('[data-action="read-aloud"]').getAttribute('aria-pressed') === 'true' };
    });
  }
  assert.ok(state.said || state.reading, 'read aloud answers');
  if (state.said) assert.match(state.said, /needs a voice|not available in this browser|speech engine failed/, `a plain message: "${state.said}"`);
  await page.keyboard.press('Escape');
  await page.waitForFunction((h) => !document.querySelector(h), HOST);
  await page.close();
});
