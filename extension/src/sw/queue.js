// The service worker's work queue for the wasm jobs content scripts ask for (the strict-CSP scan,
// reader mode). The worker has one thread and a wasm call cannot be interrupted, so one tab must
// not be able to fill it: a page that mutates forever, or serves a huge or deeply nested DOM,
// would otherwise delay every other tab's scan and the user's reader mode (issue 16).
//
// - One lane per tab and frame: a new scan of a frame replaces its scan still waiting (that one
//   is answered `{superseded: true}` at once); only the latest state of a page matters.
// - User-initiated jobs (reader mode, its "is this an article?" check) go first.
// - Scans take turns round-robin between tabs, one job per turn, so a waiting tab waits for at
//   most the job running now, never for another tab's backlog.
// - Each tab has a budget of worker time (a token bucket): a tab that spent it waits until it
//   has refilled, and another tab's job never waits for it.
// - Between two jobs the worker yields, so messages that came in meanwhile are queued first.

/** Sustained worker time a tab's scans may use (ms per second). */
export const TAB_BUDGET_MS_PER_SECOND = 250;
/** Unspent budget a tab may save up (ms): an ordinary page's first scan fits in it. */
export const TAB_BUDGET_BURST_MS = 1000;

const USER = 'user';

export class JobQueue {
  constructor({ now = () => performance.now() } = {}) {
    this.now = now;
    this.lanes = new Map(); // key -> {tab, job}; insertion order is the round-robin order
    this.user = []; // user-initiated jobs, first in first out
    this.tabs = new Map(); // tab -> {budget, at, turn}
    this.turn = 0; // counts the scans started: a tab's `turn` is when it last had one
    this.running = false;
    this.timer = 0;
    this.stats = { jobs: 0, superseded: 0, throttled: 0, maxWaitMs: { scan: 0, user: 0 }, maxRunMs: 0, waits: [] };
  }

  /**
   * Runs `fn()` (synchronous, or a promise) for `tab`; `lane` names what it replaces (a frame's
   * scan) or is USER for a user-initiated job, which is never replaced. Resolves with its result,
   * or with `{superseded: true}` when a newer job of the same lane took its place.
   */
  run(tab, lane, fn) {
    return new Promise((resolve) => {
      const job = { tab, lane, fn, resolve, at: this.now() };
      if (lane === USER) this.user.push(job);
      else {
        const key = `${tab}:${lane}`;
        const old = this.lanes.get(key);
        if (old) {
          this.stats.superseded++;
          old.resolve({ superseded: true });
          this.lanes.delete(key);
        }
        this.lanes.set(key, job); // to the back of the round-robin order
      }
      this.pump();
    });
  }

  refill(tab) {
    const now = this.now();
    let b = this.tabs.get(tab);
    if (!b) {
      b = { budget: TAB_BUDGET_BURST_MS, at: now, turn: -1 };
      this.tabs.set(tab, b);
    }
    b.budget = Math.min(TAB_BUDGET_BURST_MS, b.budget + ((now - b.at) * TAB_BUDGET_MS_PER_SECOND) / 1000);
    b.at = now;
    return b;
  }

  /** The next job: a user-initiated one, else the oldest scan of the tab within its budget that
   *  had its turn longest ago (round-robin between tabs, whatever their number of frames); null
   *  with `wait` ms until a throttled tab may go again. */
  next() {
    if (this.user.length) return { job: this.user.shift() };
    let wait = Infinity;
    let best = null;
    for (const [key, job] of this.lanes) {
      const b = this.refill(job.tab);
      if (b.budget <= 0) {
        wait = Math.min(wait, (-b.budget * 1000) / TAB_BUDGET_MS_PER_SECOND + 1);
        continue;
      }
      if (!best || b.turn < best.turn) best = { key, job, turn: b.turn };
    }
    if (!best) return { job: null, wait };
    this.lanes.delete(best.key);
    this.tabs.get(best.job.tab).turn = this.turn++;
    return { job: best.job };
  }

  pump() {
    if (this.running || this.timer) return;
    const { job, wait } = this.next();
    if (!job) {
      if (Number.isFinite(wait)) {
        this.stats.throttled++;
        this.timer = setTimeout(() => {
          this.timer = 0;
          this.pump();
        }, wait);
      }
      return;
    }
    this.running = true;
    const t0 = this.now();
    const waited = t0 - job.at;
    const kind = job.lane === USER ? 'user' : 'scan';
    this.stats.maxWaitMs[kind] = Math.max(this.stats.maxWaitMs[kind], waited);
    this.stats.waits.push({ tab: job.tab, kind, waitMs: waited });
    if (this.stats.waits.length > 1000) this.stats.waits.splice(0, 500);
    const done = (result) => {
      const ran = this.now() - t0;
      this.stats.jobs++;
      this.stats.maxRunMs = Math.max(this.stats.maxRunMs, ran);
      if (job.lane !== USER) this.refill(job.tab).budget -= ran;
      job.resolve(result);
      // Yield before the next job, so messages that came in meanwhile are queued first.
      setTimeout(() => {
        this.running = false;
        this.pump();
      }, 0);
    };
    let result;
    try {
      result = job.fn();
    } catch (e) {
      result = { error: String(e?.message || e) };
    }
    Promise.resolve(result).then(done, (e) => done({ error: String(e?.message || e) }));
  }

  /** Drops the waiting jobs of a closed tab. */
  forget(tab) {
    for (const [key, job] of this.lanes) {
      if (job.tab === tab) {
        this.lanes.delete(key);
        job.resolve({ superseded: true });
      }
    }
    this.tabs.delete(tab);
  }
}

JobQueue.USER = USER;
