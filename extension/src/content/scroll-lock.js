// The scroll-lock fix: a subscribe modal that locks scrolling (overflow hidden on html or body,
// by a class or a style) is hidden, so the lock is lifted back to what the page had before the
// nag appeared. The change goes through the applier, so undo puts the page's style back.

/** Rules whose nag locks the page's scrolling while it is shown (the generic opt-in detector
 *  takes opt-in modals and overlays too: rule `opt-in`). */
const LOCKERS = /modal|overlay|popup|boxzilla|opt-?in/;

function overflowY(el) {
  return el ? getComputedStyle(el).overflowY : 'visible';
}

export class ScrollLock {
  /** `active()`: whether adstrip is on in this frame; `guarded(what, fn)` runs fn, logging errors. */
  constructor({ applier, active, guarded }) {
    Object.assign(this, { applier, active, guarded });
    this.baseline = null;
    this.lockerHidden = false;
    this.observer = null;
  }

  /** Remembers the page's own overflow before any nag is hidden. */
  record() {
    this.baseline = { html: overflowY(document.documentElement), body: overflowY(document.body) };
  }

  /** Notes findings that were applied; lifts the lock if one of them was a locking nag. */
  noteFindings(findings) {
    for (const f of findings) if (f.kind === 'subscribe' && LOCKERS.test(f.rule)) this.lockerHidden = true;
    if (findings.length && this.lockerHidden) this.fix();
  }

  fix() {
    if (!this.lockerHidden || !this.baseline || !this.active()) return;
    for (const [key, el] of [
      ['html', document.documentElement],
      ['body', document.body],
    ]) {
      if (!el) continue;
      const was = this.baseline[key];
      const now = overflowY(el);
      if ((now === 'hidden' || now === 'clip') && was !== now) this.applier.setStyle(el, { 'overflow-y': was });
    }
  }

  /** A nag that locks scrolling does it with a class or style on html or body. */
  observe() {
    if (this.observer) return;
    this.observer = new MutationObserver(() => this.guarded('scroll fix failed', () => this.fix()));
    const opts = { attributes: true, attributeFilter: ['class', 'style'] };
    this.observer.observe(document.documentElement, opts);
    if (document.body) this.observer.observe(document.body, opts);
  }

  stop() {
    this.observer?.disconnect();
    this.observer = null;
    this.lockerHidden = false;
  }
}
