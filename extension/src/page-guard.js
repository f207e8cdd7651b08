// The whole-page check of the user's own selectors: what a selector actually matches in the page
// is refused when hiding it would hide the page (its main content or a wrapper of it, or half of
// the main content's or the body's text). The applier asks before it hides what a user
// selector matched.

import { STRUCTURE_TAGS } from './contract.gen.js';

const STRUCTURE = new Set(STRUCTURE_TAGS);

/** A user selector that would hide this share of the page's text (or more) is refused. */
const WHOLE_PAGE_SHARE = 0.5;

/** The page's main content: its `main` (or role=main) element, else its one `article`; null
 *  when the page names none (then only the share of text decides). */
function mainContent(doc) {
  const main = doc.querySelector('main, [role="main"]');
  if (main) return main;
  const articles = doc.querySelectorAll('article');
  return articles.length === 1 ? articles[0] : null;
}

/** How long the page's and the main content's text lengths are reused (what the page adds
 *  is checked often; its whole text need not be measured each time). */
const PAGE_TEXT_TTL_MS = 1000;
let pageText = { doc: null, at: -Infinity, body: 0, main: 0 };

/** The text lengths of the body and of the main content, measured at most once per TTL. */
function pageTextOf(doc, main) {
  const now = performance.now();
  if (pageText.doc !== doc || now - pageText.at > PAGE_TEXT_TTL_MS) {
    pageText = { doc, at: now, body: textOf(doc.body), main: main ? textOf(main) : 0 };
  }
  return pageText;
}

/** Whether hiding `els` (what a user selector matches in `doc`) would hide the page: the main
 *  content (or a wrapper of it), or WHOLE_PAGE_SHARE of the main content's or the body's text.
 *  Elements the applier never hides (html, head, body) do not count against the selector by
 *  themselves; the main content and its wrappers do. */
export function wouldHidePage(els, doc) {
  if (!doc.body) return false;
  const main = mainContent(doc);
  if (main && els.some((el) => el.contains(main))) return true;
  const hidable = els.filter((el) => !STRUCTURE.has(el.localName));
  const { body, main: mainText } = pageTextOf(doc, main);
  if (main && mainText > 0) {
    const inMain = hidable.filter((el) => main.contains(el));
    if (inMain.length && coveredText(inMain) >= WHOLE_PAGE_SHARE * mainText) return true;
  }
  return body > 0 && coveredText(hidable) >= WHOLE_PAGE_SHARE * body;
}

/** Text length as the page holds it (white space included: a share is what is compared). */
const textOf = (el) => (el?.textContent || '').length;

/** The length of the text under `els`, each counted once (an element inside another is skipped). */
function coveredText(els) {
  const set = new Set(els);
  let n = 0;
  for (const el of els) {
    let inner = false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (set.has(p)) {
        inner = true;
        break;
      }
    }
    if (!inner) n += textOf(el);
  }
  return n;
}
