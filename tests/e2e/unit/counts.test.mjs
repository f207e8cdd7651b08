// Unit tests of the service worker's per-tab counts (extension/src/sw/counts.js) with a stand-in
// storage.session: a new top document forgets the old document's frames, and keeps its own
// frames that reported before it did (a frame without the core reports at once).
import { test } from 'node:test';
import assert from 'node:assert/strict';

const store = {};
globalThis.chrome = {
  storage: {
    session: {
      get: async (k) => (k in store ? { [k]: structuredClone(store[k]) } : {}),
      set: async (o) => Object.assign(store, structuredClone(o)),
      remove: async (k) => delete store[k],
    },
  },
  action: { setBadgeText: async () => {}, setBadgeBackgroundColor: async () => {} },
};
const { onCounts, tabStatus } = await import('../../../extension/src/sw/counts.js');

const msg = (docId, extra) => ({ type: 'counts', docId, top: false, host: 'example.org', mode: 'wasm', ads: 0, subscribe: 0, byRule: {}, ...extra });
const from = (frameId) => ({ tab: { id: 7 }, frameId });

test('a new top document forgets the frames of the old one, not its own early ones', async () => {
  const t0 = Date.now();
  await onCounts(msg('old', { top: true, since: t0 - 10_000, ads: 1 }), from(0));
  await onCounts(msg('frame-old', { ads: 5 }), from(3));
  assert.equal((await tabStatus(7)).ads, 6);
  // The new page's frames report before its top frame does (their reports are after it began).
  await new Promise((r) => setTimeout(r, 5));
  const since = Date.now();
  await new Promise((r) => setTimeout(r, 5));
  await onCounts(msg('frame-new', { ads: 2 }), from(8));
  await onCounts(msg('frame-idle', { mode: 'idle' }), from(9));
  await onCounts(msg('new', { top: true, since, ads: 1 }), from(0));
  const st = await tabStatus(7);
  assert.equal(st.ads, 3, 'the new top frame and its ad frame; the old frame forgotten');
  assert.deepEqual(Object.keys(store['tab:7'].frames).sort(), ['0', '8', '9']);
  assert.equal(store['tab:7'].frames[9].mode, 'idle');
});

test('a top document that does not say when it began forgets every older frame', async () => {
  await onCounts(msg('frame-x', { ads: 4 }), from(11));
  await onCounts(msg('newer', { top: true, ads: 0 }), from(0));
  assert.deepEqual(Object.keys(store['tab:7'].frames), ['0']);
});
