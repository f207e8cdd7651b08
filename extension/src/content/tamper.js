// The tamper guard: hidden stays hidden. A page that un-hides what adstrip hid (removes the
// marker, rewrites the style, sets display:block !important, flips the stylesheet's off switch
// on <html>) gets it hidden again. Only the hidden elements themselves (and that one attribute
// of <html>) are watched, never the page's other attribute changes; re-hiding one element is
// limited to MAX_PER_SECOND, beyond that it is retried once per RETRY_MS, so a page that fights
// back forever (its own observer undoing ours) costs little and never loops.

import { MARKER, REASON, OFF } from '../contract.gen.js';
import { hideStyle, isHiddenInline } from '../applier.js';

/** Re-hides of one element per second before the guard slows down to one per RETRY_MS. */
const MAX_PER_SECOND = 10;
const RETRY_MS = 250;
/** At most this many hidden elements are guarded (a page with more is not a normal page). */
const MAX_ELEMENTS = 5000;

export class Tamper {
  /**
   * `active()`: whether re-hiding is wanted now (on, and not showing what was hidden);
   * `offValue()`: what OFF on <html> should say; `markOff()` puts it back;
   * `stats`: {rehides, guardMicros, maxGuardMicros}; `guarded(what, fn)` runs fn, logging errors.
   */
  constructor({ active, offValue, markOff, stats, guarded }) {
    Object.assign(this, { active, offValue, markOff, stats, guarded });
    this.observer = null;
    this.infos = new WeakMap(); // el -> {marker, reason, times: [ms], retry} or {root: true, ...}
    this.size = 0;
  }

  start() {
    if (this.observer) return;
    this.observer = new MutationObserver((recs) => this.guarded('the guard failed', () => this.onRecords(recs)));
    const root = document.documentElement;
    if (root) {
      this.infos.set(root, { root: true, times: [], retry: 0 });
      this.observer.observe(root, { attributes: true, attributeFilter: [OFF] });
    }
  }

  stop() {
    this.observer?.disconnect();
    this.observer = null;
    this.infos = new WeakMap();
    this.size = 0;
  }

  /** Starts guarding one element adstrip hid (its marker tells how). */
  watch(el) {
    if (!this.observer || this.infos.has(el) || this.size >= MAX_ELEMENTS) return;
    const marker = el.getAttribute(MARKER);
    if (!marker || !isHiddenInline(el)) return;
    this.infos.set(el, { marker, reason: el.getAttribute(REASON), times: [], retry: 0 });
    this.size++;
    this.observer.observe(el, { attributes: true, attributeFilter: ['style', MARKER] });
  }

  needsFix(el, info) {
    if (info.root) return (el.getAttribute(OFF) || '') !== this.offValue();
    return el.getAttribute(MARKER) !== info.marker || !isHiddenInline(el);
  }

  fix(el, info) {
    if (info.root) {
      this.markOff();
      return;
    }
    if (el.getAttribute(MARKER) !== info.marker) el.setAttribute(MARKER, info.marker);
    if (info.reason && el.getAttribute(REASON) !== info.reason) el.setAttribute(REASON, info.reason);
    if (!isHiddenInline(el)) hideStyle(el);
  }

  /** Re-hides el if the page un-hid it, at most MAX_PER_SECOND times a second. */
  check(el, info, now) {
    // A retry left over from before an undo (switched off, then on) belongs to no guard now.
    if (!this.active() || this.infos.get(el) !== info || !el.isConnected || !this.needsFix(el, info)) return;
    info.times = info.times.filter((t) => now - t < 1000);
    if (info.times.length >= MAX_PER_SECOND) {
      if (!info.retry) {
        info.retry = setTimeout(() => {
          info.retry = 0;
          this.guarded('re-hiding failed', () => this.check(el, info, performance.now()));
        }, RETRY_MS);
      }
      return;
    }
    info.times.push(now);
    this.stats.rehides++;
    this.fix(el, info);
  }

  onRecords(records) {
    const t0 = performance.now();
    const seen = new Set();
    for (const r of records) {
      const el = r.target;
      if (seen.has(el)) continue;
      seen.add(el);
      const info = this.infos.get(el);
      if (info) this.check(el, info, t0);
    }
    const us = (performance.now() - t0) * 1000;
    this.stats.guardMicros += us;
    this.stats.maxGuardMicros = Math.max(this.stats.maxGuardMicros, us);
  }
}
