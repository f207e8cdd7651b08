// What the page adds to a frame, looked at the same way by the scheduler and by boot.js's watch
// of an idle frame: which added nodes are worth a look, and the open shadow roots to observe
// beside the document.
import { MARKER } from '../contract.gen.js';

/** Elements that never hold anything to hide. */
const SKIP_TAGS = new Set(['script', 'style', 'link', 'meta', 'noscript', 'template', 'title', 'base']);

/** Whether an added node may hold something: an element other than those, not one adstrip
 *  marked, or text that is not blank and not inside what adstrip marked. */
export function worthALook(node) {
  if (node.nodeType === 1) return !SKIP_TAGS.has(node.localName) && !node.hasAttribute(MARKER);
  if (node.nodeType === 3) return !!node.data.trim() && !(node.parentNode?.nodeType === 1 && node.parentNode.hasAttribute(MARKER));
  return false;
}

/** Observes with `observer` every open shadow root of `root` or of an element in it, through
 *  nested roots, that `seen` does not hold yet, and hands each new one to `found` (what it holds
 *  already is new to the observer). */
export function watchShadowRoots(root, seen, observer, found) {
  const els = root.nodeType === 1 ? [root, ...root.querySelectorAll('*')] : [...root.querySelectorAll('*')];
  for (const el of els) {
    const sr = el.shadowRoot;
    if (sr && !seen.has(sr)) {
      seen.add(sr);
      observer.observe(sr, { childList: true, subtree: true });
      found(sr);
      watchShadowRoots(sr, seen, observer, found);
    }
  }
}
