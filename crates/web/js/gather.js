// The detector's bulk reads (crates/web/src/dom.rs): a few calls where one per element and
// attribute would cost more than the whole rest of a scan.

// Every element `selector` matches in `scope` (and `scope` itself when `withRoot`), pushed to
// `nodes` in document order.
export function collect(scope, withRoot, selector, nodes) {
  if (withRoot && scope.matches(selector)) nodes.push(scope);
  const found = scope.querySelectorAll(selector);
  for (let i = 0; i < found.length; i++) nodes.push(found[i]);
}

// How many elements `scope` holds (the browser keeps the count until the page changes).
export function size(scope) {
  return scope.getElementsByTagName('*').length;
}

// The next `max` elements of a TreeWalker over elements, those `selector` matches pushed to
// `nodes`; false once the walk has no more. A big view is matched this way a slice at a time,
// where one querySelectorAll over it could hold the page for tens of milliseconds.
export function walk(walker, selector, max, nodes) {
  for (let i = 0; i < max; i++) {
    const e = walker.nextNode();
    if (!e) return false;
    if (e.matches(selector)) nodes.push(e);
  }
  return true;
}

// A watch on `doc`: elements added or removed anywhere, or `attrs` changed. A read of the
// page's values stays good while its watch has seen nothing. (The observer's callback takes
// the records a page's task left; those still queued are taken here.)
export function watch(doc, attrs) {
  const w = { seen: false };
  w.observer = new MutationObserver(() => {
    w.seen = true;
  });
  w.observer.observe(doc, { childList: true, subtree: true, attributes: true, attributeFilter: attrs });
  return w;
}

export function changed(w) {
  if (w.observer.takeRecords().length > 0) w.seen = true;
  return w.seen;
}

export function unwatch(w) {
  w.observer.disconnect();
}

// The values of `attrs` of `nodes[from]` to `nodes[to - 1]`, absent ones as '', joined by NUL:
// the core decides over the string, so that only the elements it keeps cross over one by one.
export function values(nodes, from, to, attrs) {
  const out = [];
  for (let i = from; i < to; i++) for (const a of attrs) out.push(nodes[i].getAttribute(a) ?? '');
  return out.join('\0');
}

// The next `max` text nodes of a TreeWalker, pushed to `nodes`, and their texts joined by NUL (a
// text longer than `longest` UTF-16 units as '': it is never a hit, and is not copied over).
export function texts(walker, max, longest, nodes) {
  const out = [];
  for (let t; nodes.length < max && (t = walker.nextNode()); ) {
    nodes.push(t);
    out.push(t.length > longest ? '' : t.data);
  }
  return out.join('\0');
}

// Every element `selector` matches in `scope`, pushed to `nodes`, and their texts joined by NUL:
// `textContent` where nothing inside hides its text (`hidden` matches nothing inside), else
// '\u0001' for the core to read that one itself, as it does for a text longer than `longest`
// units or one that holds NUL or '\u0001'.
export function textsOf(scope, selector, hidden, longest, nodes) {
  const found = scope.querySelectorAll(selector);
  const out = [];
  for (let i = 0; i < found.length; i++) {
    const e = found[i];
    nodes.push(e);
    const t = e.querySelector(hidden) ? null : e.textContent;
    out.push(t === null || t.length > longest || t.includes('\0') || t.includes('\u0001') ? '\u0001' : t);
  }
  return out.join('\0');
}
