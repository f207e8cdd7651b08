// Where this frame stands: the site it belongs to, and when its document is there.

/** The site this frame belongs to: its own host, or for about:blank/srcdoc frames and
 *  cross-origin ad frames the top page's host where the browser tells it. */
export function siteHost() {
  const anc = location.ancestorOrigins;
  if (window !== window.top && anc && anc.length) {
    try {
      return new URL(anc[anc.length - 1]).hostname;
    } catch {
      /* fall through */
    }
  }
  if (location.hostname) return location.hostname;
  try {
    return window.top.location.hostname;
  } catch {
    /* cross-origin */
  }
  try {
    return new URL(document.referrer).hostname;
  } catch {
    return '';
  }
}

/** Resolves once the document's DOM is there (DOMContentLoaded). */
export function domReady() {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
}
