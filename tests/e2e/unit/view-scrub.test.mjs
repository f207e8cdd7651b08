// Unit tests of the reader view's second line of defence (extension/src/reader/view.js scrub) in
// a jsdom document: a video iframe stays only when the browser's URL parser reads its address
// as the plain https URL it looks like; path tricks that the core's text check already refuses
// are refused here too, by the parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!DOCTYPE html><html><body></body></html>');
globalThis.document = window.document;
const { scrub, isPlainEmbedUrl } = await import('../../../extension/src/reader/view.js');

const SANDBOX = 'allow-scripts allow-same-origin allow-presentation allow-popups';
function kept(src, sandbox = SANDBOX) {
  const div = window.document.createElement('div');
  const f = window.document.createElement('iframe');
  f.setAttribute('src', src);
  if (sandbox) f.setAttribute('sandbox', sandbox);
  div.append(f);
  scrub(div);
  return !!div.querySelector('iframe');
}

test('plain player URLs are kept', () => {
  for (const src of [
    'https://www.youtube.com/embed/dQw4w9WgXcQ',
    'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=30&rel=0',
    'https://player.vimeo.com/video/76979871',
    'https://geo.dailymotion.com/player/x8abc.html?video=x7tgad0',
    'https://WWW.YOUTUBE.COM/embed/AbC_-12', // the parser lower-cases the host, nothing else
  ]) {
    assert.equal(isPlainEmbedUrl(src), true, src);
    assert.equal(kept(src), true, src);
  }
});

test('addresses the parser rewrites or that carry more than a player URL are removed', () => {
  for (const src of [
    'https://www.youtube.com/embed/../../redirect?q=https://evil.example',
    'https://www.youtube.com/embed/%2e%2e/%2e%2e/redirect?q=x',
    'https://www.youtube.com/embed/%2E%2E/redirect',
    'https://www.youtube.com/embed/x%2fy',
    'https://www.youtube.com\\embed\\..\\redirect',
    'https://www.youtube.com/embed/./x',
    'https://user:pw@www.youtube.com/embed/x',
    'https://www.youtube.com:8443/embed/x',
    'http://www.youtube.com/embed/x',
    '//www.youtube.com/embed/x',
    'javascript:alert(1)',
    'https://www.youtube.com/embed/x y',
    '',
  ]) {
    assert.equal(isPlainEmbedUrl(src), false, src);
    assert.equal(kept(src), false, src);
  }
});

test('an iframe without the sandbox the core gives is removed whatever its address', () => {
  assert.equal(kept('https://www.youtube.com/embed/dQw4w9WgXcQ', null), false);
});
