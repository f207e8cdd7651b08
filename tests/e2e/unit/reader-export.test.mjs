// Unit tests of reader mode's exports (extension/src/reader/export.js) in a jsdom document: the
// article as Markdown keeps what a reader relies on (headings, links, emphasis, every code
// block with its lines and language, tables, nested lists, footnotes, images, quotes), and the
// HTML file stands on its own (a stylesheet inside, no script, absolute addresses).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { toMarkdown, toHtmlFile, fileName } from '../../../extension/src/reader/export.js';

const ARTICLE = `<div class="page">
<p>First paragraph with <strong>bold</strong>, <em>emphasis</em>, <code>inline_code()</code> and a <a href="/about">relative link</a>.</p>
<h2>Setting up</h2>
<pre class="language-rust"><code>fn main() {
    println!("hello");
}</code></pre>
<p>Second block:</p>
<pre><code class="language-python">def f(x):
    return x * 2  # *not* emphasis</code></pre>
<ol><li>One</li><li>Two<ul><li>Two a</li><li>Two b</li></ul></li><li>Three</li></ol>
<table><thead><tr><th>Year</th><th>Count</th></tr></thead><tbody><tr><td>2023</td><td>12</td></tr><tr><td>2024</td><td>17 | 18</td></tr></tbody></table>
<p>A claim.<sup id="reader-ref1"><a href="#reader-fn1">1</a></sup></p>
<figure><img src="/img/mill.jpg" alt="The old mill"><figcaption>The mill in 1910.</figcaption></figure>
<blockquote><p>Every month counts.</p><p>Second quoted line.</p></blockquote>
<p>Last paragraph * with stars_and_underscores.</p>
<ol class="footnotes"><li id="reader-fn1">The source. <a href="#reader-ref1">\u21a9</a></li></ol>
</div>`;

function content(html = ARTICLE, url = 'https://news.example/2024/story') {
  const { window } = new JSDOM(`<!DOCTYPE html><body><div class="content">${html}</div>`, { url });
  return window.document.querySelector('.content');
}

test('Markdown: title, source, headings, emphasis, links made absolute, first and last paragraphs', () => {
  const md = toMarkdown(content(), { title: 'The  mill story', byline: 'Ada', url: 'https://news.example/2024/story' });
  assert.ok(
    md.startsWith('# The mill story\n\nAda \u00b7 <https://news.example/2024/story>\n\nFirst paragraph with **bold**, _emphasis_, `inline_code()`'),
    md.slice(0, 200),
  );
  assert.match(md, /\[relative link\]\(https:\/\/news\.example\/about\)/);
  assert.match(md, /\n## Setting up\n/);
  assert.match(md, /\nLast paragraph \\\* with stars\\_and\\_underscores\.\n/);
  assert.match(md, /\n1\. The source\. \[\u21a9\]\(#reader-ref1\)\n$/, 'the last block (the footnotes) ends the file');
});

test('Markdown: every code block fenced with its language and its lines, nothing escaped inside', () => {
  const md = toMarkdown(content());
  assert.ok(md.includes('```rust\nfn main() {\n    println!("hello");\n}\n```'), md);
  assert.ok(md.includes('```python\ndef f(x):\n    return x * 2  # *not* emphasis\n```'), md);
  const fenced = toMarkdown(content('<pre><code>a ``` b</code></pre>'));
  assert.ok(fenced.includes('````\na ``` b\n````'), 'a fence longer than any run of backticks inside');
});

test('Markdown: nested lists, a table, footnotes with back-links, a figure with its caption, a quote', () => {
  const md = toMarkdown(content());
  assert.ok(md.includes('1. One\n2. Two\n\n   - Two a\n   - Two b\n3. Three') || md.includes('1. One\n2. Two\n   - Two a\n   - Two b\n3. Three'), md);
  assert.ok(md.includes('| Year | Count |\n| --- | --- |\n| 2023 | 12 |\n| 2024 | 17 \\| 18 |'), md);
  assert.ok(md.includes('A claim.<sup>[1](#reader-fn1)</sup>'), md);
  assert.ok(md.includes('1. The source. [\u21a9](#reader-ref1)'), md);
  assert.ok(md.includes('![The old mill](https://news.example/img/mill.jpg)'), md);
  assert.ok(md.includes('The mill in 1910.'), md);
  assert.ok(md.includes('> Every month counts.\n>\n> Second quoted line.'), md);
});

test('Markdown: a table with merged cells stays an HTML table', () => {
  const md = toMarkdown(content('<table><tr><td colspan="2">wide</td></tr><tr><td>a</td><td>b</td></tr></table>'));
  assert.match(md, /<table><tbody><tr><td colspan="2">wide<\/td>/);
});

test('HTML file: one document with its stylesheet, a no-script policy, the title and source, absolute addresses', () => {
  const file = toHtmlFile(content(ARTICLE + '<iframe src="https://www.youtube.com/embed/x" title="Video"></iframe>'), {
    title: 'The <mill> & story',
    byline: 'Ada',
    url: 'https://news.example/2024/story',
    lang: 'en',
  });
  const { window } = new JSDOM(file);
  const d = window.document;
  assert.equal(d.title, 'The <mill> & story');
  assert.equal(d.documentElement.lang, 'en');
  assert.match(d.querySelector('meta[http-equiv="Content-Security-Policy"]').content, /default-src 'none'/);
  assert.equal(d.querySelectorAll('script, link, iframe').length, 0, 'nothing that loads or runs code');
  assert.ok(d.querySelector('style').textContent.includes('@media print'));
  assert.equal(d.querySelector('.origin a').href, 'https://news.example/2024/story');
  assert.equal(d.querySelector('h1').textContent, 'The <mill> & story');
  assert.equal(d.querySelector('img').getAttribute('src'), 'https://news.example/img/mill.jpg');
  assert.equal(d.querySelector('a[href="#reader-fn1"]').textContent, '1', 'footnote links stay in the file');
  assert.equal(d.querySelector('a[href="https://www.youtube.com/embed/x"]').textContent, 'Video', 'a player becomes a link');
  assert.ok(d.querySelector('pre.language-rust code').textContent.includes('println!'));
  assert.equal(d.querySelectorAll('tbody tr').length, 2);
});

test('file names come from the title', () => {
  assert.equal(fileName('River path to reopen in phases', 'md'), 'river-path-to-reopen-in-phases.md');
  assert.equal(fileName('Café – «Über» 2024!', 'html'), 'cafe-uber-2024.html');
  assert.equal(fileName('東京の天気', 'md'), '東京の天気.md');
  assert.equal(fileName('', 'md'), 'article.md');
  assert.equal(fileName('x'.repeat(300), 'md'), `${'x'.repeat(80)}.md`);
});
