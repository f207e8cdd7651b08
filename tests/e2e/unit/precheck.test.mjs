// Unit tests of the content script's pre-check (extension/src/content/precheck.js) in jsdom: what
// lets a frame be without the core, and what does not. That it never skips a page the core acts
// on is proven natively over every fixture (tests/precheck.rs, its twin) and in Chromium by the
// live corpus test (browser findings equal native ones on every page).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { mayHold, hostPrefix, textMayHold, splitSelectors, namedForAd } from '../../../extension/src/content/precheck.js';

const doc = (body, head = '') =>
  new JSDOM(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`, { url: 'https://www.example.org/post/' }).window.document;

test('a plain frame (text, a video player, a map) is let be', () => {
  assert.equal(mayHold(doc('<p>A paragraph of plain text.</p><video src="v.mp4"></video><div id="map"></div>')), false);
  assert.equal(mayHold(doc('')), false);
  // Words that only a hidden element holds (a script's data, a style) are not on the page.
  assert.equal(mayHold(doc('<script type="application/json">{"t":"Subscribe to get the latest posts sent to your email"}</script>')), false);
});

test('known markup, subscribe lines, ad labels, ad-serving scripts and noscripts wake the core', () => {
  assert.equal(mayHold(doc('<div class="wpcnt"></div>')), true);
  assert.equal(mayHold(doc('<p>Subscribe to get the latest posts sent to your email.</p>')), true);
  assert.equal(mayHold(doc('<div><span>  ADVERTISEMENT </span></div>')), true);
  assert.equal(mayHold(doc('<div><script>googletag.cmd.push(function() { googletag.display("slot-1"); });</script></div>')), true);
  assert.equal(mayHold(doc('<div><script>window.dataLayer = [];</script></div>')), false, 'an ordinary inline script');
  assert.equal(mayHold(doc('<noscript><a href="https://ad.doubleclick.net/jump/x"><img src="b.gif"></a></noscript>')), true);
});

test('a box named for an ad wakes the core; ad letters inside other words do not', () => {
  for (const name of ['ad', 'ad-slot', 'sidebar-werbung', 'adBanner', 'top_ads', 'ad728', 'ads_300x250', 'edi-advertising', 'mpu-top', 'dfp-leaderboard'])
    assert.equal(namedForAd(name), true, name);
  for (const name of ['header', 'f9ad162', 'load-more', 'thread', 'adv-search', 'badge', 'shadow', 'ad7', 'heading_ad7f3'])
    assert.equal(namedForAd(name), false, name);
  assert.equal(mayHold(doc('<div id="sidebar-werbung"></div>')), true);
  assert.equal(mayHold(doc('<div class="site-header shadow"><div class="heading">Title</div></div>')), false);
  const d = doc('<div class="sidebar"></div>');
  const slot = d.createElement('div');
  slot.className = 'widget adBanner-top';
  d.querySelector('.sidebar').append(slot);
  assert.equal(mayHold(d, [slot]), true, 'an added slot');
});

test("Advanced Ads' placements named after the host, the location's or the one the page declares", () => {
  assert.equal(hostPrefix('www.example.org'), 'examp');
  assert.equal(hostPrefix('1a.b2cdef.net'), 'b2cde');
  assert.equal(hostPrefix('a.b.c'), null);
  assert.equal(mayHold(doc('<div id="examp-1234567">x</div>')), true);
  assert.equal(mayHold(doc('<div id="other-1234567">x</div>')), false);
  const declared = new JSDOM('<!doctype html><head><link rel="canonical" href="https://news.site.com/a"></head><body><div class="newss-target">x</div></body>')
    .window.document;
  assert.equal(mayHold(declared), true);
});

test('added nodes: their own markup or words, or what they are added into', () => {
  const d = doc('<div class="sidebar"></div><div class="code-block code-block-2"><p>Text.</p></div>');
  const p = d.createElement('p');
  p.textContent = 'Just words.';
  d.querySelector('.sidebar').append(p);
  assert.equal(mayHold(d, [p]), false);
  const inArticle = d.createElement('span');
  d.querySelector('.code-block p').append(inArticle);
  assert.equal(mayHold(d, [inArticle]), true, 'added inside an Ad Inserter block, which a rule looks at');
  const t = d.createTextNode('Discover more from Example');
  d.querySelector('.sidebar').append(t);
  assert.equal(mayHold(d, [t]), true);
  const box = d.createElement('div');
  box.innerHTML = '<ins class="adsbygoogle"></ins>';
  d.querySelector('.sidebar').append(box);
  assert.equal(mayHold(d, [box]), true);
});

test('the text test mirrors the core: long text never matches, labels whole and white space collapsed', () => {
  assert.equal(textMayHold('  - Advertisement -  '), true);
  assert.equal(textMayHold('Advertisement from our partners about the weather'), false);
  assert.equal(textMayHold(`${'x'.repeat(2001)} Subscribe to get the latest posts sent to your email`), false);
});

test('the selector list is asked one selector at a time: split at its top-level commas only, each part a selector of its own', async () => {
  assert.deepEqual(splitSelectors('a, b:is(c, d), [x=\'1,2\'], e[y="p,q"] > f'), ['a', 'b:is(c, d)', "[x='1,2']", 'e[y="p,q"] > f']);
  const { PRECHECK } = await import('../../../extension/src/contract.gen.js');
  const d = doc('');
  const parts = splitSelectors(PRECHECK.selector);
  assert.ok(parts.length > 100, `${parts.length} selectors`);
  for (const p of parts) assert.doesNotThrow(() => d.querySelector(p), p);
  assert.equal(parts.join(', '), PRECHECK.selector, 'nothing lost or added');
});
