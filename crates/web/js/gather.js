// The detector's bulk reads (crates/web/src/dom.rs): a few calls where one per element and
// attribute would cost more than the whole rest of a scan.

// Every element `selector` matches in `scope` (and `scope` itself when `withRoot`), pushed to
// `nodes` in document order.
export function collect(scope, withRoot, selector, nodes) {
  if (withRoot && scope.matches(selector)) nodes.push(scope);
  for (const e of scope.querySelectorAll(selector)) nodes.push(e);
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
