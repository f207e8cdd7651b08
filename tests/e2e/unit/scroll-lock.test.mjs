// Unit tests of the scroll-lock fix (extension/src/content/scroll-lock.js) in a jsdom page: a
// hidden nag that locked scrolling gives the page its scrolling back; nothing else is touched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';

function setup() {
  const dom = new JSDOM('<!DOCTYPE html><html><body><p>Article.</p></body></html>');
  const { window } = dom;
  // The module reads the page's globals, as a content script does.
  Object.assign(globalThis, { document: window.document, getComputedStyle: window.getComputedStyle.bind(window) });
  const set = [];
  const applier = { setStyle: (el, props) => set.push([el.localName, props]) };
  return { window, set, applier };
}

test('an opt-in modal that locked the page: scrolling comes back when it is hidden', async () => {
  const { window, set, applier } = setup();
  const { ScrollLock } = await import('../../../extension/src/content/scroll-lock.js');
  const lock = new ScrollLock({ applier, active: () => true, guarded: (_, fn) => fn() });
  lock.record();
  window.document.body.style.overflowY = 'hidden'; // the pop-up plugin locks the page
  lock.noteFindings([{ kind: 'subscribe', rule: 'opt-in' }]);
  assert.deepEqual(set, [['body', { 'overflow-y': 'visible' }]]);
});

test('a nag that does not lock scrolling, or a page locked from the start: nothing is changed', async () => {
  const { window, set, applier } = setup();
  const { ScrollLock } = await import('../../../extension/src/content/scroll-lock.js');
  const lock = new ScrollLock({ applier, active: () => true, guarded: (_, fn) => fn() });
  window.document.body.style.overflowY = 'hidden'; // the page's own choice, before any nag
  lock.record();
  lock.noteFindings([{ kind: 'subscribe', rule: 'opt-in' }]);
  lock.noteFindings([{ kind: 'subscribe', rule: 'jetpack-subscribe-group' }]);
  assert.deepEqual(set, []);
});
