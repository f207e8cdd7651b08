// Unit tests of reader mode's read aloud (extension/src/reader/speech.js) and its keys
// (view-keys.js) in a jsdom document with a scripted speech engine: the article is read
// sentence by sentence in order (title first, no code, no math), each highlighted as it is
// read; pause, resume, previous, next, speed and voice behave as a listener expects; an engine
// error stops reading with the error kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { sentences, orderVoices, ReadAloud, clampRate } from '../../../extension/src/reader/speech.js';
import { keyAction } from '../../../extension/src/reader/view-keys.js';

const { window } = new JSDOM(`<!DOCTYPE html><body><article>
<h1 class="title">Mill reopens</h1>
<div class="content">
<p>The mill opened in 1820. It closed in 1990! Did it reopen? Yes, <a href="#">last <em>year</em></a>.</p>
<pre><code>let skipped = true;</code></pre>
<ul><li>First item</li><li><p>Item paragraph.</p></li></ul>
<div>A bare line in a wrapper.</div>
<p>Formula <math><mi>x</mi></math> stays silent.</p>
</div></article>`);
const doc = window.document;
const title = doc.querySelector('.title');
const body = doc.querySelector('.content');

test('sentences: title first, in order, code and math left out, each a range over its own words', () => {
  const items = sentences([title, body], 'en');
  assert.deepEqual(
    items.map((i) => i.text),
    [
      'Mill reopens',
      'The mill opened in 1820.',
      'It closed in 1990!',
      'Did it reopen?',
      'Yes, last year.',
      'First item',
      'Item paragraph.',
      'A bare line in a wrapper.',
      'Formula stays silent.',
    ],
  );
  // The highlight covers the sentence read (and, within it, the formula that is not spoken).
  const shown = items.map((i) => i.range.toString().replace(/\s+/g, ' '));
  assert.deepEqual(
    shown,
    items.map((i) => i.text.replace('Formula stays', 'Formula x stays')),
  );
  assert.equal(items[4].block.localName, 'p', 'a sentence through a link and an emphasis belongs to its paragraph');
  assert.equal(items[6].block.localName, 'p', 'the innermost block: the p in the li');
});

test('voices: those of the article language first, then by name', () => {
  const v = orderVoices(
    [
      { name: 'Zed', lang: 'de-DE' },
      { name: 'Bea', lang: 'en-US' },
      { name: 'Al', lang: 'en_GB' },
      { name: 'Cy', lang: 'fr-FR' },
    ],
    'en',
  );
  assert.deepEqual(
    v.map((x) => x.name),
    ['Al', 'Bea', 'Cy', 'Zed'],
  );
});

/** A speech engine the test drives: speak() records, end() finishes the utterance. */
function engine(voices = [{ name: 'Al', lang: 'en-GB' }]) {
  const e = {
    spoken: [],
    current: null,
    getVoices: () => voices,
    speak(u) {
      this.current = u;
      this.spoken.push({ text: u.text, rate: u.rate, voice: u.voice?.name ?? null });
    },
    cancel() {
      const u = this.current;
      this.current = null;
      u?.onerror?.({ error: 'interrupted' });
    },
    end() {
      const u = this.current;
      this.current = null;
      u.onend?.({});
    },
    fail(error) {
      const u = this.current;
      this.current = null;
      u.onerror?.({ error });
    },
  };
  return e;
}
class Utterance {
  constructor(text) {
    this.text = text;
  }
}

function reader(synth, opts = {}) {
  const items = sentences([title, body], 'en');
  const seen = { marks: [], states: [] };
  const r = new ReadAloud({
    items,
    synth,
    Utterance,
    lang: 'en',
    highlight: (i) => seen.marks.push(i?.text ?? null),
    onChange: (s) => seen.states.push(s),
    ...opts,
  });
  return { r, seen, items };
}

test('reading goes sentence by sentence to the end, each highlighted as it is read, then stops', () => {
  const synth = engine();
  const { r, seen, items } = reader(synth);
  r.play(0);
  for (let i = 1; i < items.length; i++) synth.end();
  assert.deepEqual(
    synth.spoken.map((s) => s.text),
    items.map((i) => i.text),
  );
  assert.equal(synth.spoken[0].voice, 'Al');
  synth.end();
  assert.equal(r.state, 'idle');
  assert.equal(seen.marks.at(-1), null, 'the highlight goes when reading ends');
  assert.deepEqual(
    seen.marks.slice(0, 3),
    items.slice(0, 3).map((i) => i.text),
  );
});

test('pause and resume: the sentence starts over; previous and next move while paused or playing', () => {
  const synth = engine();
  const { r } = reader(synth);
  r.play(0);
  synth.end();
  r.toggle();
  assert.equal(r.state, 'paused');
  assert.equal(synth.current, null, 'the engine is silent while paused');
  r.toggle();
  assert.deepEqual(
    synth.spoken.map((s) => s.text),
    ['Mill reopens', 'The mill opened in 1820.', 'The mill opened in 1820.'],
  );
  r.skip(1);
  assert.equal(synth.spoken.at(-1).text, 'It closed in 1990!');
  r.pause();
  r.skip(-1);
  r.skip(-5);
  assert.equal(r.index, 0, 'previous stops at the first sentence');
  assert.equal(synth.spoken.length, 4, 'moving while paused says nothing');
  r.play();
  assert.equal(synth.spoken.at(-1).text, 'Mill reopens');
});

test('speed and voice apply at once, from the current sentence; speed is kept in 0.5-2', () => {
  const synth = engine([
    { name: 'Al', lang: 'en-GB' },
    { name: 'Zed', lang: 'de-DE' },
  ]);
  const { r } = reader(synth, { rate: 1.5 });
  r.play(0);
  assert.equal(synth.spoken[0].rate, 1.5);
  r.set('rate', 9);
  assert.equal(synth.spoken.at(-1).rate, 2);
  r.set('voice', 'Zed');
  assert.deepEqual(synth.spoken.at(-1), { text: 'Mill reopens', rate: 2, voice: 'Zed' });
  r.set('voice', 'Gone');
  assert.equal(synth.spoken.at(-1).voice, 'Al', 'a voice no longer installed falls back to the language');
  assert.equal(clampRate(0.1), 0.5);
  assert.equal(clampRate('junk'), 1);
  assert.equal(clampRate(1.3), 1.25);
});

test('an engine error stops reading and is reported; interruptions by our own cancel are not errors', () => {
  const synth = engine();
  const { r, seen } = reader(synth);
  r.play(0);
  r.skip(1); // cancels the first utterance: "interrupted" must not stop anything
  assert.equal(r.state, 'playing');
  synth.fail('synthesis-failed');
  assert.equal(r.state, 'paused');
  assert.equal(seen.states.at(-1).error, 'synthesis-failed');
});

test('keys: letters without modifiers, nothing while typing in a control; Esc always', () => {
  const ev = (key, extra = {}) => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    composedPath: () => [extra.target || { localName: 'div' }],
    ...extra,
  });
  assert.equal(keyAction(ev('j')), 'next-heading');
  assert.equal(keyAction(ev('K')), 'previous-heading');
  assert.equal(keyAction(ev('+')), 'larger');
  assert.equal(keyAction(ev('-')), 'smaller');
  assert.equal(keyAction(ev('t')), 'theme');
  assert.equal(keyAction(ev('s')), 'read-aloud');
  assert.equal(keyAction(ev('Escape')), 'close');
  assert.equal(keyAction(ev('s', { ctrlKey: true })), null, 'Ctrl+S stays the browser\u2019s');
  assert.equal(keyAction(ev('j', { target: { localName: 'select' } })), null, 'typing in the voice list');
  assert.equal(keyAction(ev('Escape', { target: { localName: 'select' } })), 'close');
  assert.equal(keyAction(ev('x')), null);
});
