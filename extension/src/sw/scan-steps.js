// The strict-CSP path's scan in the service worker, in pieces (issue 16): the wasm `ScanJob`
// parses and scans a page a piece at a time, and the queue gives other tabs their turn between
// two pieces, so a huge page holds up another tab for one piece, never for the whole page.

import { Steps } from './queue.js';

/** Worker time one piece aims at (it ends at the first unit of work past it: a chunk of the
 *  parse, one rule, a few hundred text nodes). */
export const SCAN_PIECE_MS = 10;

/**
 * The scan of `html` as `Steps` for the queue, on `instance` (a WasmInstance of the scanner
 * build) whose object is `scanner` (a PageScanner). Its result: `{rows, micros, pieces}`
 * (`micros`: the worker time of all its pieces). A trap discards the instance (WasmInstance);
 * a job begun on an instance that was replaced since fails instead of touching the new one.
 */
export function scanSteps(instance, scanner, html, now = () => performance.now()) {
  const resets = instance.resets;
  let job = null;
  let micros = 0;
  let pieces = 0;
  const current = () => {
    if (instance.resets !== resets) {
      // Its memory is gone: forget the object, never free it into the new instance.
      job?.__destroy_into_raw?.();
      job = null;
      throw new Error('the scanner was replaced after a trap');
    }
  };
  return new Steps({
    step() {
      current();
      const t0 = now();
      try {
        job ??= instance.callSync(scanner, (p) => p.start(html));
        return instance.callSync(job, (j) => j.step(SCAN_PIECE_MS));
      } finally {
        micros += (now() - t0) * 1000;
        pieces++;
      }
    },
    result() {
      current();
      const rows = instance.callSync(job, (j) => j.rows());
      job.free();
      job = null;
      return { rows, micros, pieces };
    },
    cancel() {
      if (!job) return;
      if (instance.resets === resets) job.free();
      else job.__destroy_into_raw?.();
      job = null;
    },
  });
}
