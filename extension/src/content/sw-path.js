// The service-worker path, for pages whose CSP forbids wasm in the content script (Chromium
// applies the page's CSP to it): the page's HTML goes to the service worker, whose scanner
// answers with rows {kind, rule, reason, selector, text, target}; the applier applies them here.
// Nodes the page adds later make the page go again, at most once per RESCAN_DELAY_MS.

import { api } from '../api.js';

/** How long added nodes wait before the page is sent again to the worker. */
const RESCAN_DELAY_MS = 150;

export class SwPath {
  /** `opts()`: {ads, subscribe} while on, else null; `onApplied(rows)`: rows that changed the page. */
  constructor({ applier, opts, onApplied, stats, logOnce }) {
    Object.assign(this, { applier, opts, onApplied, stats, logOnce });
    this.busy = false;
    this.timer = 0;
  }

  async scan() {
    if (this.busy) {
      this.schedule();
      return;
    }
    this.busy = true;
    try {
      const html = document.documentElement.outerHTML;
      const t0 = performance.now();
      const res = await api.runtime.sendMessage({ type: 'scanHtml', html });
      const opts = this.opts();
      if (!opts) return;
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
    this.timer = setTimeout(() => {
      this.timer = 0;
      if (this.opts()) this.scan();
    }, RESCAN_DELAY_MS);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = 0;
  }
}
