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
//   has refilled, and another tab's job never waits for it. A job in pieces, once begun, is
//   finished (its cost holds back the tab's next job).
// - Between two jobs the worker yields, so messages that came in meanwhile are queued first.
// - A job may come in pieces (a `Steps`: the scan of a huge page): after each piece it goes to
//   the back of its lane's turn, so another tab waits for one piece, never for a whole page.

/** Sustained worker time a tab's scans may use (ms per second). */
export const TAB_BUDGET_MS_PER_SECOND = 250;
/** Unspent budget a tab may save up (ms): an ordinary page's first scan fits in it. */
export const TAB_BUDGET_BURST_MS = 1000;

const USER = 'user';

/** A job in pieces: `step()` does one piece and says whether the job is done; `result()` is its
 *  answer then; `cancel()` drops it (superseded, or failed). */
export class Steps {
  constructor({ step, result, cancel = () => {} }) {
    Object.assign(this, { step, result, cancel });
  }
}

export class JobQueue {
  constructor({ now = () => performance.now() } = {}) {
    this.now = now;
    this.lanes = new Map(); // key -> {tab, job}; insertion order is the round-robin order
    this.user = []; // user-initiated jobs, first in first out
    this.tabs = new Map(); // tab -> {budget, at, turn}
    this.turn = 0; // counts the scans started: a tab's `turn` is when it last had one
    this.running = false;
    this.timer = 0;
    this.stats = { jobs: 0, pieces: 0, maxPieceMs: 0, superseded: 0, throttled: 0, maxWaitMs: { scan: 0, user: 0 }, maxRunMs: 0, waits: [] };
  }

  /**
   * Runs `fn()` (synchronous, or a promise) for `tab`; `lane` names what it replaces (a frame's
   * scan) or is USER for a user-initiated job, which is never replaced. Resolves with its result,
   * or with `{superseded: true}` when a newer job of the same lane took its place. A result that
   * is a `Steps` is worked in pieces, each one a turn of its own; the job resolves with its
   * `result()`.
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
          old.steps?.cancel();
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
      // A job in pieces goes on once begun (other tabs take turns with its pieces); what it
      // spent holds back the tab's next job.
      if (b.budget <= 0 && !job.steps) {
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
    // Yield before the next job or piece, so messages that came in meanwhile are queued first.
    const yieldThenPump = () =>
      setTimeout(() => {
        this.running = false;
        this.pump();
      }, 0);
    const charge = () => {
      const ran = this.now() - t0;
      this.stats.maxRunMs = Math.max(this.stats.maxRunMs, ran);
      if (job.lane !== USER) this.refill(job.tab).budget -= ran;
    };
    const done = (result) => {
      charge();
      this.stats.jobs++;
      job.resolve(result);
      yieldThenPump();
    };
    const fail = (e) => {
      job.steps?.cancel();
      done({ error: String(e?.message || e) });
    };
    const piece = () => {
      const p0 = this.now();
      let finished;
      try {
        finished = job.steps.step();
      } catch (e) {
        return fail(e);
      }
      this.stats.pieces++;
      this.stats.maxPieceMs = Math.max(this.stats.maxPieceMs, this.now() - p0);
      if (finished) {
        let result;
        try {
          result = job.steps.result();
        } catch (e) {
          return fail(e);
        }
        return done(result);
      }
      charge();
      this.requeue(job);
      yieldThenPump();
    };
    if (job.steps) return piece();
    let result;
    try {
      result = job.fn();
    } catch (e) {
      result = { error: String(e?.message || e) };
    }
    Promise.resolve(result).then((r) => {
      if (!(r instanceof Steps)) return done(r);
      job.steps = r;
      piece();
    }, fail);
  }

  /** A job in pieces back in its lane for its next piece (behind the other tabs' turns); a newer
   *  job of the same lane that came meanwhile takes its place. */
  requeue(job) {
    job.at = this.now();
    if (job.lane === USER) {
      this.user.unshift(job);
      return;
    }
    const key = `${job.tab}:${job.lane}`;
    if (this.lanes.has(key)) {
      this.stats.superseded++;
      job.steps.cancel();
      job.resolve({ superseded: true });
      return;
    }
    this.lanes.set(key, job);
  }

  /** Drops the waiting jobs of a closed tab. */
  forget(tab) {
    for (const [key, job] of this.lanes) {
      if (job.tab === tab) {
        this.lanes.delete(key);
        job.steps?.cancel();
        job.resolve({ superseded: true });
      }
    }
    this.tabs.delete(tab);
  }
}

JobQueue.USER = USER;
