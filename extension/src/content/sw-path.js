// The service-worker path, for pages whose CSP forbids wasm in the content script (Chromium
// applies the page's CSP to it): the page's HTML goes to the service worker, whose scanner
// answers with rows {kind, rule, reason, selector, text, target}; the applier applies them here.
// Nodes the page adds later make the page go again, at most once per RESCAN_DELAY_MS, and never
// more often than the worker can afford (the wait grows with the last round trip).
//
// What is sent is bounded: elements deeper than MAX_DEPTH are left out of the copy (a browser's
// parser builds no deeper tree either; a page can, by script, and the worker's parser slows down
// with the square of the depth). Leaving out whole subtrees keeps every shallower element's
// position, so the CSS paths the worker answers with select the same elements in the live page.

import { api } from '../api.js';

/** How long added nodes wait before the page is sent again to the worker. */
const RESCAN_DELAY_MS = 150;
/** A rescan waits at least this many times the last round trip (a slow page is sent less often). */
const RESCAN_BACKOFF = 4;
/** Deepest element sent to the worker (html is at depth 1). */
export const MAX_DEPTH = 256;

/** Whether any element under `root` is deeper than `max` (root at depth 1); stops at the first. */
function deeperThan(root, max) {
  const w = root.ownerDocument.createTreeWalker(root, 1 /* NodeFilter.SHOW_ELEMENT */);
  let depth = 1;
  for (;;) {
    if (depth >= max && w.firstChild()) return true;
    if (depth < max && w.firstChild()) {
      depth++;
      continue;
    }
    while (!w.nextSibling()) {
      if (!w.parentNode()) return false;
      depth--;
      if (w.currentNode === root) return false;
    }
  }
}

/** The page's HTML as the worker gets it: outerHTML, or for a page deeper than MAX_DEPTH a
 *  copy without what lies deeper, built in an inert document (nothing of the page runs). */
export function pageHtml(doc = document, max = MAX_DEPTH) {
  const root = doc.documentElement;
  if (!deeperThan(root, max)) return { html: root.outerHTML, capped: false };
  const inert = doc.implementation.createHTMLDocument('');
  const copy = inert.importNode(root, false);
  // Iterative copy (a recursive one would overflow on the very pages this is for).
  const stack = [[root, copy, 1]];
  while (stack.length) {
    const [from, to, depth] = stack.pop();
    for (let c = from.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 1) {
        if (depth >= max) continue;
        const el = inert.importNode(c, false);
        to.appendChild(el);
        stack.push([c, el, depth + 1]);
      } else if (c.nodeType === 3 || c.nodeType === 8) {
        to.appendChild(inert.importNode(c, false));
      }
    }
  }
  return { html: copy.outerHTML, capped: true };
}

export class SwPath {
  /** `opts()`: {ads, subscribe} while on, else null; `onApplied(rows)`: rows that changed the page. */
  constructor({ applier, opts, onApplied, stats, logOnce }) {
    Object.assign(this, { applier, opts, onApplied, stats, logOnce });
    this.busy = false;
    this.timer = 0;
    this.lastMs = 0; // the last round trip
  }

  async scan() {
    if (this.busy) {
      this.schedule();
      return;
    }
    this.busy = true;
    try {
      const t0 = performance.now();
      const { html, capped } = pageHtml(document);
      const copyMs = performance.now() - t0;
      this.stats.capped = capped;
      const sent = performance.now();
      const res = await api.runtime.sendMessage({ type: 'scanHtml', html });
      // How long the answer waited beyond the worker's own work on it (for other tabs' jobs, or
      // for a worker busy elsewhere): what one hostile tab can cost another (issue 16).
      if (Number.isFinite(res?.micros)) this.stats.swWaitMaxMs = Math.max(this.stats.swWaitMaxMs ?? 0, performance.now() - sent - res.micros / 1000);
      // The backoff follows the work a round costs (the copy here, the scan there), not the
      // worker's start-up on the first round, which once held a late ad back for a second.
      this.lastMs = copyMs + (Number.isFinite(res?.micros) ? res.micros / 1000 : performance.now() - t0 - copyMs);
      const opts = this.opts();
      if (!opts) return;
      if (res?.superseded) return; // a newer copy of this frame went instead
      if (!res || !Array.isArray(res.rows)) throw new Error(res?.error || 'no answer from the service worker');
      this.onApplied(this.applier.applyRows(res.rows, opts, document));
      const us = (performance.now() - t0) * 1000;
      this.stats.scans++;
      this.stats.scanMicros += us;
      this.stats.firstScanMicros ??= us;
    } catch (e) {
      this.logOnce('the service worker scan failed', e);
    } finally {
      this.busy = false;
    }
  }

  schedule() {
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = 0;
        if (this.opts()) this.scan();
      },
      Math.max(RESCAN_DELAY_MS, RESCAN_BACKOFF * this.lastMs),
    );
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = 0;
  }
}
