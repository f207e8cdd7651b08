// Unit tests of the service worker's job queue (extension/src/sw/queue.js) and of what the
// strict-CSP path sends it (extension/src/content/sw-path.js, in jsdom): issue 16, point 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { JobQueue, TAB_BUDGET_BURST_MS, TAB_BUDGET_MS_PER_SECOND } from '../../../extension/src/sw/queue.js';
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
  return { q, log, job, advance: (ms) => (now += ms) };
}

const settle = () => new Promise((r) => setTimeout(r, 5));

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
