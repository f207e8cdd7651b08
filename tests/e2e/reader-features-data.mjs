// What the reader tests share (Chromium: reader.test.mjs, reader-features.test.mjs; Firefox:
// firefox-reader.test.mjs, firefox-reader-mode.test.mjs): an article as the core returns it, long
// enough to scroll and to print on several pages, with headings, footnotes and their back-links,
// a code block, a table and a quote; a speech engine that a test drives, installed in a page in
// place of the browser's (headless browsers here have no voices); and what the view and the page
// under it show, read the same way in both browsers.

const para = (n) =>
  `<p>Paragraph ${n} of the report: the engineers walked the whole length of the path again, measured the bank, and wrote down where the water had cut under the old stones.</p>`;

export const FEATURE_ARTICLE = {
  title: 'How the mill race was surveyed',
  byline: 'Grace Hopper',
  site_name: 'Survey Weekly',
  lang: 'en',
  content_html: `<div class="page">
<p>The survey began at dawn. It took three days to finish.<sup id="reader-ref1"><a href="#reader-fn1">1</a></sup></p>
${Array.from({ length: 12 }, (_, i) => para(i + 1)).join('\n')}
<h2 id="reader-method">The method</h2>
${Array.from({ length: 12 }, (_, i) => para(i + 13)).join('\n')}
<pre class="language-python"><code>depth = measure(bank)
if depth &gt; 2:
    flag(bank)</code></pre>
<table><thead><tr><th>Day</th><th>Metres</th></tr></thead><tbody><tr><td>1</td><td>410</td></tr><tr><td>2</td><td>385</td></tr></tbody></table>
<h2 id="reader-findings">The findings</h2>
${Array.from({ length: 12 }, (_, i) => para(i + 25)).join('\n')}
<blockquote><p>The stones are older than the mill.</p></blockquote>
<p>See <a href="#reader-method">the method</a> for how it was done.</p>
<ol class="footnotes"><li id="reader-fn1">Weather permitting. <a href="#reader-ref1">\u21a9</a></li></ol>
</div>`,
};
FEATURE_ARTICLE.text = FEATURE_ARTICLE.content_html.replace(/<[^>]+>/g, ' ');

/** Runs in a page before the view opens: a speech engine that records what it is asked to say
 *  and finishes or fails an utterance when the test says so (window.fakeSpeech). */
export function installFakeSpeech() {
  const synth = {
    spoken: [],
    current: null,
    voices: [
      { name: 'Beta', lang: 'de-DE', default: false, localService: true, voiceURI: 'beta' },
      { name: 'Alpha', lang: 'en-GB', default: true, localService: true, voiceURI: 'alpha' },
      { name: 'Gamma', lang: 'en-US', default: false, localService: true, voiceURI: 'gamma' },
    ],
    getVoices() {
      return this.voices;
    },
    speak(u) {
      this.current = u;
      this.spoken.push({ text: u.text, rate: u.rate, voice: u.voice ? u.voice.name : null });
    },
    cancel() {
      const u = this.current;
      this.current = null;
      if (u && u.onerror) u.onerror({ error: 'interrupted' });
    },
    end() {
      const u = this.current;
      this.current = null;
      if (u && u.onend) u.onend({});
    },
    fail(error) {
      const u = this.current;
      this.current = null;
      if (u && u.onerror) u.onerror({ error });
    },
    addEventListener() {},
    removeEventListener() {},
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  window.SpeechSynthesisUtterance = class {
    constructor(text) {
      this.text = text;
    }
  };
  window.fakeSpeech = synth;
  return true;
}

/** Runs with `this` = the view's shadow root: what read aloud shows. */
export function speechView() {
  const reg = CSS.highlights && CSS.highlights.get('adstrip-reading');
  const ranges = reg ? [...reg] : [];
  const row = this.querySelector('.speech');
  const marked = this.querySelector('[data-reading]');
  const sc = this.querySelector('.scroller');
  const bar = this.querySelector('.bar').getBoundingClientRect();
  const r = marked && marked.getBoundingClientRect();
  return {
    rowShown: !!row && !row.hidden && row.getClientRects().length > 0,
    play: this.querySelector('[data-action="speech-play"]').textContent,
    pressed: this.querySelector('[data-action="read-aloud"]').getAttribute('aria-pressed'),
    rate: this.querySelector('.speech .rate').textContent,
    voices: [...this.querySelectorAll('.speech select option')].map((o) => o.value),
    voice: this.querySelector('.speech select').value,
    highlighted: ranges.map((x) => x.toString().replace(/\s+/g, ' ')),
    marked: marked ? marked.textContent.replace(/\s+/g, ' ').trim().slice(0, 60) : null,
    markedInView: r ? r.top >= bar.bottom - 1 && r.top < sc.getBoundingClientRect().bottom : null,
    status: this.querySelector('.speech-status').textContent,
  };
}

/** Runs with `this` = the view's shadow root: where the view is scrolled, and what is at its top. */
export function viewPosition() {
  const sc = this.querySelector('.scroller');
  const bar = this.querySelector('.bar').getBoundingClientRect();
  const top = (el) => Math.round(el.getBoundingClientRect().top - bar.bottom);
  const active = this.activeElement;
  return {
    scrollTop: sc.scrollTop,
    viewHeight: Math.round(sc.getBoundingClientRect().bottom - bar.bottom),
    method: top(this.getElementById('reader-method')),
    findings: top(this.getElementById('reader-findings')),
    title: top(this.querySelector('.page > .title')),
    footnote: top(this.getElementById('reader-fn1')),
    ref: top(this.getElementById('reader-ref1')),
    focused: active ? active.id || active.localName : null,
    fontSize: getComputedStyle(this.querySelector('.content p')).fontSize,
    theme: sc.dataset.theme,
  };
}

/** What the view shows: title, meta, paragraphs, images, links, styles. */
export function readView() {
  const root = this;
  const sc = root.querySelector('.scroller');
  const content = root.querySelector('.content');
  const cs = getComputedStyle(sc);
  const p = content?.querySelector('p');
  return {
    title: root.querySelector('h1.title')?.textContent,
    site: root.querySelector('.site')?.textContent ?? null,
    byline: root.querySelector('.byline')?.textContent ?? null,
    readingTime: root.querySelector('.reading-time')?.textContent ?? null,
    message: root.querySelector('.message')?.textContent ?? null,
    text: content?.textContent ?? '',
    paragraphs: content ? content.querySelectorAll('p').length : 0,
    images: content ? [...content.querySelectorAll('img')].map((i) => i.getAttribute('src')) : [],
    captions: content ? [...content.querySelectorAll('figcaption, .wp-caption-text, .wp-element-caption')].map((c) => c.textContent.trim()) : [],
    background: cs.backgroundColor,
    color: cs.color,
    font: p ? getComputedStyle(p).fontFamily : cs.fontFamily,
    fontSize: p ? getComputedStyle(p).fontSize : cs.fontSize,
    lineHeight: p ? getComputedStyle(p).lineHeight : cs.lineHeight,
    pageWidth: getComputedStyle(root.querySelector('.page')).maxWidth,
    theme: sc.dataset.theme,
    scrollTop: sc.scrollTop,
    scrollHeight: sc.scrollHeight,
    clientHeight: sc.clientHeight,
  };
}

/** Runs in the page: its DOM as text, every element's display, and its scroll position. */
export function pageSnapshot() {
  return {
    html:
      [...document.documentElement.attributes]
        .map((a) => `${a.name}=${a.value}`)
        .sort()
        .join(' ') +
      '\n' +
      document.documentElement.innerHTML,
    display: [...document.querySelectorAll('*')].map((e) => `${e.localName}:${getComputedStyle(e).display}`).join('|'),
    scrollY: window.scrollY,
  };
}

/** Runs with `this` = the view's shadow root: markup in the view that could run (script-like
 *  elements in the article, event handlers, srcdoc, script URLs), listed; then every link but
 *  the plain http ones is clicked and every element of the article hovered and clicked, so
 *  that a payload that slipped through runs and the page's own record of it shows. */
export function hostileInView() {
  const bad = [];
  for (const el of this.querySelectorAll('*')) {
    if (['script', 'iframe', 'object', 'embed', 'form', 'style', 'noscript'].includes(el.localName) && el.closest('.content')) bad.push(el.localName);
    for (const a of el.attributes) {
      if (/^on/i.test(a.name) || a.name === 'srcdoc') bad.push(`${el.localName}[${a.name}]`);
      if (/^\s*(javascript|data|vbscript):/i.test(a.value) && a.name !== 'src') bad.push(`${el.localName}[${a.name}=${a.value}]`);
    }
  }
  for (const a of this.querySelectorAll('.content a')) if (!/^https?:/.test(a.getAttribute('href') || '')) a.click();
  for (const el of this.querySelectorAll('.content *')) {
    el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
  }
  return bad;
}
