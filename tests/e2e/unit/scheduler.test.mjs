// Unit tests of the scheduler's slicing (extension/src/content/scheduler.js) in a jsdom page,
// with a stand-in for the wasm session that records the budgets it is given: an ordinary
// insert is scanned whole in the observer's callback (no time limit, so a busy machine cannot
// push it past a paint); only a big subtree goes in timed pieces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!DOCTYPE html><html><body><main id="article"><p>Story.</p></main></body></html>');
// The scheduler's clock is the test's: only the fake session's steps take time.
let clock = 0;
Object.defineProperty(globalThis, 'performance', { value: { now: () => clock }, configurable: true, writable: true });
Object.assign(globalThis, { document: window.document, requestAnimationFrame: () => 0 });
const { Scheduler, scanSize } = await import('../../../extension/src/content/scheduler.js');
const doc = window.document;

function many(n) {
  const div = doc.createElement('div');
  for (let i = 0; i < n; i++) div.appendChild(doc.createElement('span'));
  return div;
}

/** A scheduler over a fake session: `steps` holds each step's budget; a step takes 5 ms (a
 *  timed one its budget at most) and ends its scan after `piecesPerScan` calls unless its
 *  budget is unlimited. */
function setup({ piecesPerScan = 3 } = {}) {
  const steps = [];
  const reports = [];
  let left = 0;
  const session = {
    beginAdded: () => (left = piecesPerScan),
    step: (budget) => {
      steps.push(budget);
      clock += Math.min(5, budget);
      left = budget === Infinity ? 0 : left - 1;
      return left > 0 ? { done: false } : { done: true, findings: [], guarded: [] };
    },
  };
  const stats = { sliceCalls: 0, sliceMicros: 0, maxSliceMicros: 0 };
  const frame = { opts: {}, mode: 'wasm', session };
  const s = new Scheduler({
    frame,
    onReport: (r) => reports.push(r),
    onAdded: () => {},
    swRescan: () => {},
    trap: () => {},
    stats,
    guarded: (_, fn) => fn(),
  });
  s.observer = { observe() {} };
  return { s, steps, reports };
}

test('scanSize: an element and its descendants, a text node by its parent, capped', () => {
  const box = many(10);
  doc.body.appendChild(box);
  assert.equal(scanSize([box], 100), 11);
  const t = doc.createTextNode('Discover more');
  box.appendChild(t);
  assert.equal(scanSize([t], 100), 11, 'text counts its parent, as the core scans it');
  assert.equal(scanSize([box, t], 100), 22);
  assert.equal(scanSize([many(500)], 100), 101, 'more than the cap stops counting at cap + 1');
  assert.equal(scanSize([many(60), many(60)], 100), 101, 'the cap holds over several nodes');
  box.remove();
});

test('an ordinary insert (an ad, a nag, a bare line of text) is scanned whole in the callback', () => {
  const { s, steps, reports } = setup();
  const ad = many(40);
  const line = doc.createTextNode('Subscribe to get the latest posts sent to your email.');
  doc.body.append(ad, line);
  s.onMutations([{ addedNodes: [ad, line] }]);
  assert.deepEqual(steps, [Infinity], 'one step, without a time limit');
  assert.equal(reports.length, 1);
  assert.equal(s.added, false);
  ad.remove();
  line.remove();
});

test('a big added subtree is worked in timed pieces, one per frame', () => {
  const { s, steps, reports } = setup();
  const big = many(5000);
  doc.body.append(big);
  s.onMutations([{ addedNodes: [big] }]);
  assert.equal(steps.length, 1);
  assert.ok(Number.isFinite(steps[0]) && steps[0] >= 16, `a timed piece: ${steps[0]}`);
  assert.equal(reports.length, 0, 'not done in the callback');
  assert.ok(s.added, 'the scan goes on in the next frame');
  s.rafPending = false;
  s.work();
  s.rafPending = false;
  s.work();
  assert.equal(steps.length, 3);
  assert.ok(steps.every(Number.isFinite), 'every piece is timed');
  assert.equal(reports.length, 1);
  big.remove();
});

test("many small nodes at once (two of the core's batches): both scanned whole in the callback", () => {
  const { s, steps, reports } = setup();
  const nodes = Array.from({ length: 100 }, () => many(5));
  doc.body.append(...nodes);
  s.onMutations([{ addedNodes: nodes }]);
  assert.deepEqual(steps, [Infinity, Infinity], 'the second batch is not left for a later frame');
  assert.equal(reports.length, 2);
  for (const n of nodes) n.remove();
});

test('more than the allowance at once: timed pieces, the rest in the next frames', () => {
  const { s, steps, reports } = setup({ piecesPerScan: 1 });
  // 70 nodes of 1001 elements: two batches (64 nodes a call), each over the allowance.
  const nodes = Array.from({ length: 70 }, () => many(1000));
  doc.body.append(...nodes);
  s.onMutations([{ addedNodes: nodes }]);
  assert.deepEqual(steps, [16], 'one timed piece; the slice is then spent');
  assert.equal(reports.length, 1);
  assert.ok(s.added, 'the second batch waits for the next frame');
  s.rafPending = false;
  s.work();
  assert.deepEqual(steps, [16, 16]);
  assert.equal(reports.length, 2);
  for (const n of nodes) n.remove();
});
