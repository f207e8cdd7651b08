// Reader mode's print layout: while the browser prints (its own Print command or the view's
// button), the page's own body and head are set aside and the view flows as a plain document
// of its own, so only the article is printed. Everything is put back exactly after printing
// (the attributes as they were), and on close.

/** The host's styles while printing: in the flow, its full height, no containment. */
const PRINT_HOST = { position: 'static', contain: 'none', inset: 'auto', height: 'auto', overflow: 'visible' };

export class PrintLayout {
  constructor(doc, host) {
    this.doc = doc;
    this.host = host;
    this.saved = null; // [[element, style attribute or null]] while printing
    this.onBefore = () => this.enter();
    this.onAfter = () => this.leave();
    const win = doc.defaultView;
    win.addEventListener('beforeprint', this.onBefore);
    win.addEventListener('afterprint', this.onAfter);
  }

  get active() {
    return !!this.saved;
  }

  enter() {
    if (this.saved) return;
    const others = [...this.doc.documentElement.children].filter((el) => el !== this.host);
    this.saved = [...others, this.host].map((el) => [el, el.getAttribute('style')]);
    // Written as the attribute itself: Chromium syncs a style changed through el.style lazily,
    // and removing the attribute then could leave an empty one behind.
    for (const [el, style] of this.saved.slice(0, -1)) el.setAttribute('style', `${style ? `${style};` : ''}display: none !important`);
    for (const [k, v] of Object.entries(PRINT_HOST)) this.host.style.setProperty(k, v, 'important');
  }

  leave() {
    if (!this.saved) return;
    for (const [el, style] of this.saved) {
      el.getAttribute('style'); // brings a lazily kept inline style up to date first
      if (style === null) el.removeAttribute('style');
      else el.setAttribute('style', style);
    }
    this.saved = null;
  }

  /** The view is closing: the page as it was, and no more listening for print. */
  dispose() {
    this.leave();
    const win = this.doc.defaultView;
    win?.removeEventListener('beforeprint', this.onBefore);
    win?.removeEventListener('afterprint', this.onAfter);
  }
}
