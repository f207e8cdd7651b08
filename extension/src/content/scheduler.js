// The scheduler: when the wasm session works, and for how long, so adstrip never makes a page
// unresponsive.
//
// - The first scan in pieces: the first at once (FIRST_STEP_MS, enough for an ordinary page),
//   the rest in pieces of STEP_MS with the page's own tasks (input, rendering) in between (what
//   must not be painted before it is done, the document_start stylesheet hides). Added nodes
//   wait in the queue until it is done.
// - Added nodes: a MutationObserver (over the document and every open shadow root) queues them
//   (script/style/link/meta skipped); the observer's callback (a microtask, so a late ad is
//   hidden before the next paint) scans an ordinary insert whole, however busy the machine,
//   and begins a big one; the rest goes in slices of SLICE_MS, one per animation frame, all
//   under a token-bucket budget so a page that mutates forever costs little.

import { worthALook, watchShadowRoots } from './added.js';

/** One slice of queued mutations: about what uBlock Origin spends per animation frame. */
const SLICE_MS = 4;
/** Sustained budget for mutation work (ms of scanning per second of page life). */
const BUDGET_MS_PER_SECOND = 40;
/** Burst allowance: how much unspent budget may accumulate. */
const BUDGET_BURST_MS = 120;
/** Nodes handed to the core in one scan of added nodes. */
const NODES_PER_CALL = 64;
/** The first scan's first piece (ms): an ordinary page is done in it. */
const FIRST_STEP_MS = 20;
/** Each later piece of a first scan that did not fit (a huge page). */
const STEP_MS = 8;
/** Added nodes whose scan covers at most this many elements (with the parents of added text)
 *  are scanned whole, at once, however busy the machine: an ordinary insert (an ad slot, a
 *  post appended by infinite scroll, a line of text) is hidden before the next paint, which a
 *  time limit cannot promise when the page shares the CPU. Only more is worked in timed pieces. */
const WHOLE_SCAN_ELEMENTS = 1000;
/** A timed piece of a big added subtree gets at least this long. */
const MIN_STEP_MS = 16;
/** How many elements the core's scan of these added nodes covers (an element and its
 *  descendants; for text, its parent's), or `cap + 1` if more: counts no further than `cap`. */
export function scanSize(nodes, cap) {
  let n = 0;
  for (const node of nodes) {
    const el = node.nodeType === 1 ? node : node.parentElement;
    if (!el) continue;
    const all = el.getElementsByTagName('*');
    // A live collection walks only as far as the index asked for.
    if (all[cap - n] !== undefined) return cap + 1;
    n += all.length + 1;
    if (n > cap) return cap + 1;
  }
  return n;
}

export class Scheduler {
  /**
   * `frame`: {opts, mode, session} of the content script (read live);
   * `onReport(report)`: a finished scan's report (findings, guarded);
   * `onAdded(elements)`: added elements, before they are scanned (the user's selectors);
   * `swRescan()`: added nodes on the service-worker path; `trap()`: the tests' fault injection;
   * `guarded(what, fn, fallback)` runs fn, logging errors; `idle`: {mayHold(nodes), wake()} for
   * a frame without the core (mode 'idle'), woken by the first added nodes that may hold something.
   */
  constructor({ frame, onReport, onAdded, swRescan, trap, stats, guarded, idle }) {
    Object.assign(this, { frame, onReport, onAdded, swRescan, trap, stats, guarded, idle });
    this.observer = null;
    this.roots = new WeakSet();
    this.queue = [];
    this.queued = new Set();
    this.rafPending = false;
    this.budget = BUDGET_BURST_MS;
    this.budgetAt = performance.now();
    this.scanning = false; // the first scan is in progress (in pieces)
    this.gen = 0; // which first scan is the current one
    this.added = false; // a scan of added nodes is in progress (in pieces)
    this.addedSize = 0; // how many elements it covers (Infinity once it goes in timed pieces)
  }

  /** The first scan of the whole document, in pieces; resolves when it is done or dropped. */
  firstScan() {
    const gen = ++this.gen;
    const session = this.frame.session;
    this.added = false; // a scan of added nodes in pieces is dropped: this scan covers them
    const current = () => this.gen === gen && this.frame.opts && this.frame.session === session;
    return new Promise((resolve) => {
      const finish = () => {
        if (this.gen === gen) {
          this.scanning = false;
          if (this.frame.opts && this.queue.length) this.work();
        }
        resolve();
      };
      const step = (budget) => {
        const more = this.guarded(
          'the scan failed',
          () => {
            if (!current()) return false; // switched off (or started again) meanwhile
            this.trap();
            const t0 = performance.now();
            const rep = session.step(budget);
            const us = (performance.now() - t0) * 1000;
            this.stats.firstScanSteps++;
            this.stats.maxFirstStepMicros = Math.max(this.stats.maxFirstStepMicros, us);
            if (!rep.done) return true;
            this.stats.scans++;
            this.stats.scanMicros += rep.micros;
            this.stats.firstScanMicros ??= rep.micros;
            this.stats.firstScanDoneAt ??= Math.round(performance.now());
            this.onReport(rep);
            return false;
          },
          false,
        );
        if (more) setTimeout(() => step(STEP_MS), 0);
        else finish();
      };
      this.scanning = true;
      this.stats.firstScanAt ??= Math.round(performance.now());
      const begun = this.guarded(
        'the scan failed',
        () => {
          this.trap();
          session.begin(); // this window's document
          return true;
        },
        false,
      );
      if (begun) step(FIRST_STEP_MS);
      else finish();
    });
  }

  refillBudget() {
    const now = performance.now();
    this.budget = Math.min(BUDGET_BURST_MS, this.budget + ((now - this.budgetAt) * BUDGET_MS_PER_SECOND) / 1000);
    this.budgetAt = now;
  }

  enqueue(node) {
    if (this.queued.has(node) || !worthALook(node)) return;
    this.queued.add(node);
    this.queue.push(node);
  }

  onMutations(records) {
    if (!this.frame.opts) return;
    for (const r of records) for (const n of r.addedNodes) this.enqueue(n);
    if (!this.queue.length) return;
    // First slice now: the observer's callback is a microtask, so what it hides is never painted.
    this.work();
  }

  watchShadowRoots(root) {
    // What a new shadow root already holds is scanned like added nodes.
    watchShadowRoots(root, this.roots, this.observer, (sr) => {
      for (const child of sr.children) this.enqueue(child);
    });
  }

  /** Takes the next batch of queued nodes; begins their scan (wasm) or asks for one (sw). */
  nextBatch() {
    const batch = this.queue.splice(0, NODES_PER_CALL);
    for (const n of batch) this.queued.delete(n);
    const live = batch.filter((n) => n.isConnected);
    if (!live.length) return;
    const els = live.filter((n) => n.nodeType === 1);
    if (this.frame.mode === 'wasm') {
      this.trap();
      this.frame.session.beginAdded(live);
      this.added = live;
      this.addedSize = scanSize(live, WHOLE_SCAN_ELEMENTS);
    } else if (this.frame.mode === 'sw') {
      this.swRescan();
    } else if (this.frame.mode === 'idle' && this.idle?.mayHold(live)) {
      // The whole frame is scanned once the core is there: what is queued needs no look.
      this.idle.wake();
      this.queue = [];
      this.queued.clear();
    }
    this.onAdded(els);
    for (const el of els) if (el.querySelector) this.watchShadowRoots(el);
  }

  /** One slice of the queue (and of a scan of added nodes still in pieces): small scans whole
   *  (up to WHOLE_SCAN_ELEMENTS in all), then timed pieces until SLICE_MS is spent. */
  slice(t0) {
    let wholeLeft = WHOLE_SCAN_ELEMENTS;
    while (this.queue.length || this.added) {
      if (!this.added) {
        this.nextBatch();
        if (!this.added) continue;
      }
      const elapsed = performance.now() - t0;
      let budget;
      if (this.addedSize <= wholeLeft) {
        wholeLeft -= this.addedSize;
        budget = Infinity;
      } else if (elapsed < SLICE_MS) {
        // A big added subtree is worked in pieces like the first scan: the core stops when
        // the piece's time is up and goes on from there in the next frame.
        this.addedSize = Infinity;
        budget = Math.max(MIN_STEP_MS, SLICE_MS - elapsed);
      } else {
        break;
      }
      this.trap();
      const c0 = performance.now();
      const rep = this.frame.session.step(budget);
      const us = (performance.now() - c0) * 1000;
      this.stats.sliceCalls++;
      this.stats.sliceMicros += us;
      this.stats.maxSliceMicros = Math.max(this.stats.maxSliceMicros, us);
      if (!rep.done) break;
      this.added = false;
      this.onReport(rep);
    }
  }

  work() {
    if (!this.frame.opts || this.scanning) return; // the first scan's end calls work()
    if (this.frame.mode === 'wasm' && !this.frame.session) return; // a new session is coming (a trap); its first scan calls work()
    this.refillBudget();
    if (this.budget <= 0) {
      // Over budget: come back when the bucket has refilled a slice.
      setTimeout(() => this.work(), (SLICE_MS * 1000) / BUDGET_MS_PER_SECOND);
      return;
    }
    const t0 = performance.now();
    this.guarded('scanning added nodes failed', () => this.slice(t0));
    this.budget -= performance.now() - t0;
    if ((this.queue.length || this.added) && !this.rafPending) {
      this.rafPending = true;
      const next = () => {
        this.rafPending = false;
        this.work();
      };
      // Animation frames stop in background tabs; a timer keeps the queue moving there.
      if (document.hidden) setTimeout(next, 50);
      else requestAnimationFrame(next);
    }
  }

  start() {
    if (this.observer) return;
    this.observer = new MutationObserver((recs) => this.guarded('the mutation observer failed', () => this.onMutations(recs)));
    this.observer.observe(document, { childList: true, subtree: true });
    this.guarded('watching shadow roots failed', () => this.watchShadowRoots(document));
  }

  /** Stops observing and drops the queue and any scan in progress. */
  stop() {
    this.gen++; // a first scan still in pieces stops at its next piece
    this.scanning = false;
    this.added = false;
    this.observer?.disconnect();
    this.observer = null;
    this.roots = new WeakSet();
    this.queue = [];
    this.queued.clear();
  }
}
