// Reader mode's extraction, the entry of the module the content script imports only when reader
// mode is first asked for (dist/*/reader.js; see loader.js). The live page goes through the
// pre-pass, then to the reader wasm in the page (pkg-reader/, fetched and instantiated on first
// use), or, where the page's CSP refuses wasm here (Chromium), to the service worker, which runs
// the same build over the same HTML. A call that traps replaces the instance (wasm-instance.js);
// if it cannot be replaced, the service worker takes over.

import * as readerGlue from 'adstrip-wasm:reader';
import { api, send } from '../api.js';
import { livePrepass } from './prepass.js';
import { WasmInstance, isTrap } from '../sw/wasm-instance.js';

export { ReaderView } from './view.js';

const wasm = new WasmInstance({
  init: () => readerGlue.default({ module_or_path: api.runtime.getURL('pkg-reader/adstrip_bg.wasm') }),
  glue: readerGlue,
  make: () => new readerGlue.Reader(),
});
let refused = false; // the page's CSP refuses wasm here

/** The in-page reader, or null when wasm is refused here (or the instance cannot be replaced). */
async function loadInPage() {
  if (refused) return null;
  try {
    return await wasm.get();
  } catch (e) {
    if (!wasm.broken) {
      refused = true;
      if (!(e instanceof WebAssembly.CompileError)) console.debug('[adstrip] reader wasm unavailable in this page, using the service worker', e);
    }
    return null;
  }
}

/** Whether the reader wasm is already instantiated in this page. */
function loadedInPage() {
  return !!wasm.current;
}

function extractError(e) {
  return { error: String(e?.message || e), code: e?.code || 'failed' };
}

/**
 * Extracts the article of the live page. `useSw` forces the service-worker path (the detector
 * already knows wasm is refused here, or a test asks for it). A trap in the page's reader
 * replaces its instance and the service worker answers this time; the next call uses the fresh
 * instance. `debugTrap` (tests only) makes this call's wasm trap for real: the object's pointer
 * is moved outside the wasm memory. Returns {article, path, timings, resets} or {error, code,
 * path, timings, resets} (`resets`: instances replaced in this page so far).
 */
export async function extractLive({ useSw = false, debugTrap = false } = {}) {
  const t0 = performance.now();
  const { html, stats } = livePrepass(document);
  const url = document.baseURI;
  const reader = useSw ? null : await loadInPage();
  const timings = { prepassMs: stats.ms, prepass: stats, htmlBytes: html.length };
  let res = null;
  if (reader) {
    try {
      res = {
        article: wasm.callSync(reader, (r) => {
          if (debugTrap) r.__wbg_ptr = 0xfffffff0;
          return r.extract(html, url);
        }),
        path: 'wasm',
      };
    } catch (e) {
      if (!isTrap(e)) res = { ...extractError(e), path: 'wasm' };
    }
  }
  if (!res) {
    const r = await send({ type: 'readerExtract', html, url }, extractError);
    res = r?.article ? { article: r.article, path: 'sw' } : { error: r?.error || 'no answer from the service worker', code: r?.code || 'failed', path: 'sw' };
  }
  timings.extractMs = res.article ? res.article.micros / 1000 : null;
  timings.totalMs = performance.now() - t0;
  return { ...res, timings, resets: wasm.resets };
}

/** The cheap check for the popup: does the live page look readerable? Uses the reader wasm
 *  only if it is already here; otherwise the service worker answers (so opening the popup
 *  never loads the reader wasm into the page). */
export async function checkLive() {
  const { html } = livePrepass(document);
  if (loadedInPage()) {
    try {
      return wasm.callSync(wasm.current, (r) => r.readerable(html));
    } catch {
      /* a trap: the instance is replaced; the service worker answers this time */
    }
  }
  const r = await send({ type: 'readerable', html });
  return typeof r?.readerable === 'boolean' ? r.readerable : null;
}
