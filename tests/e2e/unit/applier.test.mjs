// Unit tests of the applier (extension/src/applier.js) in a jsdom document: what a user would
// check on a page after adstrip hid things and after it undid them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { Applier, USER_REASON, PRUNE_AT } from '../../../extension/src/applier.js';
import { MARKER, REASON, KEEP } from '../../../extension/src/contract.gen.js';

const PAGE = `<!DOCTYPE html><html lang="en"><head><title>t</title></head><body class="home">
<article><p class="story">First paragraph.</p>
<div class="ad" style="color: red; margin: 1px" title="the page's own title">Advertisement <b>buy</b></div>
<div class="slot">Sponsored</div>
<div class="jp">Discover more from Site<br>Subscribe to get the latest posts sent to your email.<br>Type your email</div>
<p class="story">Second paragraph.</p></article>
<aside class="widget" style="">Follow us</aside>
</body></html>`;

function page() {
  const dom = new JSDOM(PAGE);
  return dom.window.document;
}

/** The document as a user would compare it: every node, attribute (in order) and text. */
const snapshot = (doc) => doc.documentElement.outerHTML;

const finding = (element, rule = 'wordads-classic', kind = 'ad') => ({
  kind,
  rule,
  reason: `reason of ${rule}`,
  target: 'element',
  element,
  index: undefined,
  text: '',
});
const textFinding = (parent, text, index, rule = 'jetpack-subscribe-text') => ({
  kind: 'subscribe',
  rule,
  reason: 'Jetpack lines',
  target: 'text',
  element: parent,
  index,
  text,
});

function isHidden(el) {
  return el.style.getPropertyValue('display') === 'none' && el.style.getPropertyPriority('display') === 'important';
}

test('hide then undo restores the exact DOM: attributes, inline style, title and text runs', () => {
  const doc = page();
  const before = snapshot(doc);
  const a = new Applier();
  const ad = doc.querySelector('.ad');
  const aside = doc.querySelector('aside');
  const jp = doc.querySelector('.jp');
  const runs = [...jp.childNodes];
  const done = a.applyFindings([
    finding(ad),
    finding(aside, 'jetpack-follow', 'subscribe'),
    textFinding(jp, 'Discover more from Site', 0),
    textFinding(jp, 'Subscribe to get the latest posts sent to your email.', 2),
  ]);
  assert.equal(done.length, 4);
  assert.equal(ad.getAttribute(MARKER), 'ad:wordads-classic');
  assert.equal(ad.getAttribute(REASON), 'reason of wordads-classic');
  assert.ok(isHidden(ad) && isHidden(aside));
  const spans = jp.querySelectorAll(`span[${MARKER}]`);
  assert.equal(spans.length, 2);
  assert.deepEqual(
    [...spans].map((s) => s.textContent),
    ['Discover more from Site', 'Subscribe to get the latest posts sent to your email.'],
  );
  assert.ok([...spans].every(isHidden));
  assert.equal(jp.textContent.includes('Type your email'), true);
  // Outlined and back, then undone: the very page that was there, the same text nodes in it.
  a.outline(true);
  assert.equal(ad.getAttribute('title'), 'adstrip: reason of wordads-classic');
  assert.equal(ad.style.getPropertyValue('display'), 'revert');
  a.outline(false);
  assert.ok(isHidden(ad));
  assert.equal(ad.getAttribute('title'), "the page's own title");
  a.outline(true);
  assert.equal(a.undo(), 4);
  assert.equal(snapshot(doc), before);
  assert.deepEqual([...jp.childNodes], runs);
  assert.equal(a.count, 0);
});

test('a text run the page moved is found by its text; one that is gone is skipped', () => {
  const doc = page();
  const a = new Applier();
  const jp = doc.querySelector('.jp');
  jp.prepend(doc.createTextNode('moved in front '));
  const done = a.applyFindings([textFinding(jp, 'Discover more from Site', 0), textFinding(jp, 'no such text', 3)]);
  assert.equal(done.length, 1);
  assert.equal(jp.querySelector(`span[${MARKER}]`).textContent, 'Discover more from Site');
});

test('a text run reported trimmed is wrapped whole, its white space kept', () => {
  const doc = page();
  const before = snapshot(doc);
  const a = new Applier();
  const p = doc.createElement('p');
  p.append('  Subscribe to get the latest posts\n  ', doc.createElement('br'), ' kept ');
  doc.querySelector('article').append(p);
  const withP = snapshot(doc);
  assert.equal(a.applyFindings([textFinding(p, 'Subscribe to get the latest posts', 0)]).length, 1);
  assert.equal(p.querySelector(`span[${MARKER}]`).textContent, '  Subscribe to get the latest posts\n  ');
  assert.equal(p.lastChild.data, ' kept ');
  a.undo();
  assert.equal(snapshot(doc), withP);
  p.remove();
  assert.equal(snapshot(doc), before);
});

test('a finding reported again, or inside what is hidden already, is ignored and not counted', () => {
  const doc = page();
  const a = new Applier();
  const ad = doc.querySelector('.ad');
  assert.equal(a.applyFindings([finding(ad)]).length, 1);
  const afterFirst = snapshot(doc);
  assert.deepEqual(a.applyFindings([finding(ad), finding(ad.querySelector('b'), 'labelled-ad-slot')]), []);
  assert.equal(snapshot(doc), afterFirst);
  assert.equal(a.count, 1);
  // The same through the service-worker rows.
  assert.deepEqual(a.applyRows([{ kind: 'ad', rule: 'wordads-classic', reason: 'r', selector: 'div.ad', target: 'element', text: '' }]), []);
});

test('html, head and body are never hidden, whatever asks', () => {
  const doc = page();
  const before = snapshot(doc);
  const a = new Applier();
  const found = a.applyFindings([finding(doc.documentElement), finding(doc.head), finding(doc.body)]);
  const rows = a.applyRows([
    { kind: 'ad', rule: 'x', reason: 'r', selector: 'body', target: 'element', text: '' },
    { kind: 'ad', rule: 'x', reason: 'r', selector: 'html', target: 'element', text: '' },
  ]);
  const user = a.applySelectors(['body', 'html', 'head'], [doc]);
  assert.deepEqual([found.length, rows.length, user], [0, 0, 0]);
  assert.equal(snapshot(doc), before);
});

test("the user's own selectors are hidden as ads with a generic reason, never the selector text", () => {
  const doc = page();
  const a = new Applier();
  const sel = 'div.slot';
  assert.equal(a.applySelectors([sel, 'div['], [doc]), 1);
  const el = doc.querySelector(sel);
  assert.equal(el.getAttribute(MARKER), 'ad:user-selector');
  assert.equal(el.getAttribute(REASON), USER_REASON);
  assert.ok(!doc.documentElement.outerHTML.includes(sel), 'the selector text is not in the page');
  a.outline(true);
  assert.ok(!el.getAttribute('title').includes(sel));
});

test('service-worker rows apply per kind switched on; text rows wrap the run', () => {
  const doc = page();
  const a = new Applier();
  const rows = [
    { kind: 'ad', rule: 'wordads-classic', reason: 'r', selector: 'article > div.ad', target: 'element', text: '' },
    { kind: 'subscribe', rule: 'jetpack-subscribe-text', reason: 'j', selector: 'div.jp', target: 'text', text: 'Discover more from Site' },
  ];
  const done = a.applyRows(rows, { ads: false, subscribe: true }, doc);
  assert.deepEqual(
    done.map((r) => r.rule),
    ['jetpack-subscribe-text'],
  );
  assert.equal(doc.querySelector('.ad').hasAttribute(MARKER), false);
  assert.equal(doc.querySelector(`.jp span[${MARKER}]`).textContent, 'Discover more from Site');
});

test('what the article guard kept is marked, and unmarked by undo; scroll-lock styles come back', () => {
  const doc = page();
  const before = snapshot(doc);
  const a = new Applier();
  const story = doc.querySelector('p.story');
  a.keep([
    { rule: 'labelled-ad-slot', why: 'article text', element: story },
    { rule: 'x', why: 'text run', element: null },
  ]);
  assert.equal(story.hasAttribute(KEEP), true);
  a.setStyle(doc.body, { 'overflow-y': 'auto' });
  a.setStyle(doc.body, { 'overflow-y': 'scroll' });
  assert.equal(doc.body.style.getPropertyValue('overflow-y'), 'scroll');
  a.undo();
  assert.equal(snapshot(doc), before);
});

test('elements no longer in the page are skipped', () => {
  const doc = page();
  const a = new Applier();
  const ad = doc.querySelector('.ad');
  ad.remove();
  assert.deepEqual(a.applyFindings([finding(ad)]), []);
  assert.equal(ad.hasAttribute(MARKER), false);
});

test('a page that re-inserts an ad forever: the change list stays bounded, a removed ad carries nothing of adstrip, undo still restores the page', () => {
  const doc = page();
  const before = snapshot(doc);
  const a = new Applier();
  const article = doc.querySelector('article');
  const keptAd = doc.querySelector('.ad');
  assert.equal(a.applyFindings([finding(keptAd)]).length, 1);
  // The page's fight: a fresh ad every round, hidden by adstrip, then removed by the page.
  const removed = [];
  for (let i = 0; i < PRUNE_AT * 5; i++) {
    const ad = doc.createElement('div');
    ad.className = 'ad';
    ad.textContent = `Advertisement ${i}`;
    article.appendChild(ad);
    assert.equal(a.applyFindings([finding(ad)]).length, 1, `round ${i}`);
    ad.remove();
    removed.push(ad);
  }
  assert.ok(a.changes.length <= PRUNE_AT + 1, `${a.changes.length} change records kept`);
  // The ads let go of carry none of adstrip's attributes or styles (inserted again, they are new
  // to adstrip and hidden again).
  const stale = removed.slice(0, PRUNE_AT * 4).filter((ad) => ad.hasAttribute(MARKER) || ad.hasAttribute(REASON) || ad.hasAttribute('style'));
  assert.equal(stale.length, 0);
  article.appendChild(removed[0]);
  assert.equal(a.applyFindings([finding(removed[0])]).length, 1, 'an ad inserted again is hidden again');
  removed[0].remove();
  // What is still in the page is counted and undone exactly.
  assert.ok(a.count <= PRUNE_AT + 2, `${a.count} hidden counted`);
  assert.equal(keptAd.hasAttribute(MARKER), true);
  a.undo();
  assert.equal(snapshot(doc), before);
});

// Issue 16, point 7: the whole-page check judges what a user selector really matches here.
const NEWS = `<!DOCTYPE html><html><head><title>t</title></head><body>
<div id="wrap"><header><a href="/">Home</a></header>
<div class="layout"><main><article><h1>Council approves the river path</h1>
<div class="entry"><p>The council met on Thursday and approved the plan for the river path after a long debate.</p>
<p>Work begins in spring; the first section opens in the autumn, the city said in a statement.</p>
<div class="my-ad">Buy now</div>
<p>Residents had asked for the path for ten years, and the vote was unanimous in the end.</p></div>
</article></main><aside class="sidebar">Popular posts</aside></div></div></body></html>`;

test('a user selector that would hide the page is refused where it matches; a narrow one still works', () => {
  for (const sel of ['div', ':not(p)', ':is(html)', '*:has(*)', 'body > *', 'main', 'article', '.entry', 'p', '#wrap', ':root', 'html, .my-ad, p']) {
    const doc = new JSDOM(NEWS).window.document;
    const before = doc.documentElement.outerHTML;
    const a = new Applier();
    assert.equal(a.applySelectors([sel], [doc]), 0, `${sel} hid something`);
    assert.equal(doc.documentElement.outerHTML, before, `${sel} changed the page`);
  }
  const doc = new JSDOM(NEWS).window.document;
  const a = new Applier();
  assert.equal(a.applySelectors(['div', '.my-ad', 'aside'], [doc]), 2);
  assert.deepEqual(
    [...doc.querySelectorAll(`[${MARKER}]`)].map((e) => e.className),
    ['my-ad', 'sidebar'],
  );
  // Refused once, refused for what the page adds later too.
  const late = doc.createElement('div');
  late.textContent = 'late';
  doc.querySelector('aside').after(late);
  assert.equal(a.applySelectors(['div'], [late]), 0);
});

test('on a page without main or article, a selector that takes most of the text is refused', () => {
  const doc = new JSDOM(`<body><div class="a"><p>${'words '.repeat(50)}</p></div><div class="b">ad</div></body>`).window.document;
  const a = new Applier();
  assert.equal(a.applySelectors(['div'], [doc]), 0);
  assert.equal(a.applySelectors(['.b'], [doc]), 1);
});
