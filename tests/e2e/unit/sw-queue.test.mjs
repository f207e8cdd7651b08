// Unit tests of the service worker's job queue (extension/src/sw/queue.js) and of what the
// strict-CSP path sends it (extension/src/content/sw-path.js, in jsdom): issue 16, point 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { JobQueue, Steps, TAB_BUDGET_BURST_MS, TAB_BUDGET_MS_PER_SECOND } from '../../../extension/src/sw/queue.js';
import { scanSteps } from '../../../extension/src/sw/scan-steps.js';
import { pageHtml, MAX_DEPTH } from '../../../extension/src/content/sw-path.js';

/** A queue on a fake clock: each job "runs" for the ms it names. */
function fakeQueue() {
  let now = 0;
  const q = new JobQueue({ now: () => now });
  const log = [];
  const job = (name, ms) => () => {
    log.push({ name, start: now });
    now += ms;
    return name;
  };
  return { q, log, job, advance: (ms) => (now += ms), now: () => now };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

/** A job of `n` pieces of `ms` each on the fake clock, logged as `name#i`. */
function pieces(fq, name, n, ms, cancelled = []) {
  let i = 0;
  return () =>
    new Steps({
      step() {
        fq.log.push({ name: `${name}#${i}`, start: fq.now() });
        fq.advance(ms);
        return ++i === n;
      },
      result: () => name,
      cancel: () => cancelled.push(name),
    });
}

test("a frame's newer scan replaces its scan still waiting; the older one is answered at once", async () => {
  const { q, log, job } = fakeQueue();
  const first = q.run(1, 'scan:0', job('a1', 10)); // runs at once
  const second = q.run(1, 'scan:0', job('a2', 10));
  const third = q.run(1, 'scan:0', job('a3', 10));
  assert.deepEqual(await second, { superseded: true });
  assert.equal(await first, 'a1');
  assert.equal(await third, 'a3');
  assert.deepEqual(
    log.map((l) => l.name),
    ['a1', 'a3'],
  );
  assert.equal(q.stats.superseded, 1);
});

test("tabs take turns: another tab's scan waits for the job running now, never for a backlog", async () => {
  const { q, log, job } = fakeQueue();
  const all = [];
  // Tab 1: a page with many frames, each asking for slow scans.
  for (let f = 0; f < 5; f++) all.push(q.run(1, `scan:${f}`, job(`t1f${f}`, 80)));
  all.push(q.run(2, 'scan:0', job('t2', 5)));
  await Promise.all(all);
  const order = log.map((l) => l.name);
  assert.ok(order.indexOf('t2') <= 1, `tab 2 waited behind ${order.indexOf('t2')} jobs of tab 1: ${order}`);
  const t2 = q.stats.waits.find((w) => w.tab === 2);
  assert.ok(t2.waitMs <= 80, `tab 2 waited ${t2.waitMs} ms`);
});

test('reader mode (a user-initiated job) goes before waiting scans; then tabs in turn', async () => {
  const { q, log, job } = fakeQueue();
  const all = [q.run(1, 'scan:0', job('s1', 50)), q.run(1, 'scan:1', job('s2', 50)), q.run(3, 'scan:0', job('s3', 50))];
  all.push(q.run(2, JobQueue.USER, job('reader', 20)));
  await Promise.all(all);
  assert.deepEqual(
    log.map((l) => l.name),
    ['s1', 'reader', 's3', 's2'],
  );
});

test('a tab over its budget waits; another tab within budget is not held up by it', async () => {
  const { q, log, job } = fakeQueue();
  // Tab 1 spends its whole burst and more in one job.
  await q.run(1, 'scan:0', job('big', TAB_BUDGET_BURST_MS + 500));
  const t1 = q.run(1, 'scan:0', job('again', 10));
  const t2 = q.run(2, 'scan:0', job('other', 10));
  assert.equal(await t2, 'other');
  await settle();
  assert.deepEqual(
    log.map((l) => l.name),
    ['big', 'other'],
    'tab 1 ran again before its budget refilled',
  );
  assert.ok(q.stats.throttled >= 1);
  // It runs once the bucket refilled (500 ms over budget at TAB_BUDGET_MS_PER_SECOND).
  assert.ok((500 * 1000) / TAB_BUDGET_MS_PER_SECOND < 2500);
  q.now = () => log.at(-1).start + 10 + (501 * 1000) / TAB_BUDGET_MS_PER_SECOND;
  clearTimeout(q.timer);
  q.timer = 0;
  q.pump();
  assert.equal(await t1, 'again');
});

test('a job that throws is answered with its error; the queue goes on', async () => {
  const { q, job } = fakeQueue();
  const bad = q.run(1, 'scan:0', () => {
    throw new WebAssembly.RuntimeError('unreachable');
  });
  const good = q.run(2, 'scan:0', job('ok', 1));
  assert.deepEqual(await bad, { error: 'unreachable' });
  assert.equal(await good, 'ok');
});

test("a job in pieces: another tab's scan goes between two pieces, not after the whole job", async () => {
  const fq = fakeQueue();
  const { q, log, job } = fq;
  const huge = q.run(1, 'scan:0', pieces(fq, 'huge', 20, 40));
  await settle(); // the huge job has begun
  const at = log.length; // pieces done when tab 2 asks
  assert.ok(at >= 1 && at < 20);
  const other = q.run(2, 'scan:0', job('other', 5));
  assert.equal(await other, 'other');
  assert.equal(await huge, 'huge');
  const order = log.map((l) => l.name);
  assert.ok(order.indexOf('other') <= at + 1, `tab 2 asked after ${at} pieces and waited behind ${order.indexOf('other') - at} more: ${order}`);
  const wait = q.stats.waits.find((w) => w.tab === 2).waitMs;
  assert.ok(wait <= 40, `tab 2 waited ${wait} ms for one piece of 40 ms`);
  assert.equal(order.filter((n) => n.startsWith('huge#')).length, 20);
  assert.equal(q.stats.pieces, 20);
  assert.equal(q.stats.jobs, 2);
});

test("a job in pieces is finished once begun, beyond its budget; its cost holds back the tab's next job", async () => {
  const fq = fakeQueue();
  const { q, log, job } = fq;
  // Twice the tab's burst in pieces: it finishes without waiting for a refill.
  assert.equal(await q.run(1, 'scan:0', pieces(fq, 'big', 40, TAB_BUDGET_BURST_MS / 20)), 'big');
  const next = q.run(1, 'scan:0', job('next', 1));
  await settle();
  assert.ok(!log.some((l) => l.name === 'next'), 'the next job ran before the budget refilled');
  assert.ok(q.stats.throttled >= 1);
  q.forget(1);
  assert.deepEqual(await next, { superseded: true });
});

test('a newer scan of the same frame supersedes a job between two pieces; the old job is cancelled', async () => {
  const fq = fakeQueue();
  const { q, log, job } = fq;
  const cancelled = [];
  const old = q.run(1, 'scan:0', pieces(fq, 'old', 10, 5, cancelled));
  await settle();
  const fresh = q.run(1, 'scan:0', job('fresh', 1));
  assert.deepEqual(await old, { superseded: true });
  assert.equal(await fresh, 'fresh');
  assert.deepEqual(cancelled, ['old']);
  assert.ok(log.filter((l) => l.name.startsWith('old#')).length < 10);
});

test('a piece that throws answers the job with its error and cancels it; the queue goes on', async () => {
  const fq = fakeQueue();
  const cancelled = [];
  const bad = fq.q.run(
    1,
    'scan:0',
    () =>
      new Steps({
        step: () => {
          throw new RangeError('Maximum call stack size exceeded');
        },
        result: () => 'x',
        cancel: () => cancelled.push('bad'),
      }),
  );
  const good = fq.q.run(2, 'scan:0', fq.job('ok', 1));
  assert.deepEqual(await bad, { error: 'Maximum call stack size exceeded' });
  assert.deepEqual(cancelled, ['bad']);
  assert.equal(await good, 'ok');
});

test('scanSteps: a page scanned in pieces on a scanner; a job begun before a reset fails and never touches the new instance', () => {
  const calls = [];
  const instance = { resets: 0, callSync: (obj, fn) => fn(obj) };
  const makeJob = (n) => ({
    left: n,
    step() {
      calls.push('step');
      return --this.left === 0;
    },
    rows: () => [{ rule: 'r' }],
    free: () => calls.push('free'),
    __destroy_into_raw: () => calls.push('forget'),
  });
  const scanner = { start: (html) => (calls.push(`start ${html}`), makeJob(3)) };
  const s = scanSteps(instance, scanner, '<p>x</p>');
  assert.equal(s.step(), false);
  assert.equal(s.step(), false);
  assert.equal(s.step(), true);
  const r = s.result();
  assert.deepEqual(r.rows, [{ rule: 'r' }]);
  assert.equal(r.pieces, 3);
  assert.deepEqual(calls, ['start <p>x</p>', 'step', 'step', 'step', 'free']);
  // Begun, then the instance is replaced (a trap elsewhere): the next piece fails, and the old
  // object is forgotten, not freed into the new instance.
  calls.length = 0;
  const t = scanSteps(instance, scanner, '<p>y</p>');
  assert.equal(t.step(), false);
  instance.resets++;
  assert.throws(() => t.step(), /replaced after a trap/);
  t.cancel();
  assert.deepEqual(calls, ['start <p>y</p>', 'step', 'forget']);
});

test('a page deeper than MAX_DEPTH is sent without what lies deeper; every shallower element keeps its place', () => {
  const dom = new JSDOM('<!DOCTYPE html><html><head><title>t</title></head><body><p>a</p><div id="chain"></div><p id="after">b</p></body></html>');
  const doc = dom.window.document;
  let cur = doc.getElementById('chain');
  for (let i = 0; i < 3000; i++) cur = cur.appendChild(doc.createElement('div'));
  cur.textContent = 'bottom';
  const plain = doc.documentElement.outerHTML;
  const { html, capped } = pageHtml(doc);
  assert.equal(capped, true);
  assert.ok(html.length < plain.length / 5, `${html.length} of ${plain.length} bytes`);
  const copy = new JSDOM(`<!DOCTYPE html>${html}`).window.document;
  let depth = 0;
  for (let e = copy.getElementById('chain'); e; e = e.firstElementChild) depth++;
  assert.equal(depth, MAX_DEPTH - 2, 'the chain is cut at MAX_DEPTH (html, body above it)');
  assert.equal(copy.querySelector('body > p:nth-of-type(2)').id, 'after');
  assert.ok(!html.includes('bottom'));
  // The live page is untouched; an ordinary page goes as it is.
  assert.equal(doc.documentElement.outerHTML, plain);
  const flat = new JSDOM('<!DOCTYPE html><html><head></head><body><div><p>x</p></div></body></html>').window.document;
  assert.deepEqual(pageHtml(flat), { html: flat.documentElement.outerHTML, capped: false });
});
