// The toolbar popup: what adstrip hid on this tab (counted by the service worker from every
// frame), the per-site switch (takes effect at once: content scripts undo on the settings
// change), "show what was hidden", and reader mode: whether the page looks like an article,
// the toggle ("read anyway" on a page that does not), and the per-site "always" switch.
// `popup.html?tab=ID` targets a given tab (tests; the popup then stays open after a toggle).
import { api, loadSettings, saveSettings } from '../api.js';
import { isSiteDisabled, setSiteDisabled, normalizeHost, isReaderSite, setReaderSite } from '../settings.js';
const $ = (id) => document.getElementById(id);

async function targetTab() {
  const p = new URLSearchParams(location.search).get('tab');
  if (p) return Number(p);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function render(tabId) {
  const [status, settings, page] = await Promise.all([
    api.runtime.sendMessage({ type: 'tabStatus', tabId }),
    loadSettings(),
    api.tabs.sendMessage(tabId, { type: 'status' }, { frameId: 0 }).catch(() => null),
  ]);
  const host = normalizeHost(page?.host || status?.host || '');
  $('ads').textContent = String(status?.ads ?? 0);
  $('subscribe').textContent = String(status?.subscribe ?? 0);
  const rules = $('rules');
  rules.replaceChildren(
    ...Object.entries(status?.byRule || {}).map(([r, n]) => {
      const li = document.createElement('li');
      li.textContent = `${r}: ${n}`;
      return li;
    }),
  );
  $('rules-box').hidden = !rules.children.length;
  $('site').textContent = host || 'This page';
  const off = $('site-off');
  off.disabled = !host;
  off.checked = !!host && isSiteDisabled(settings, host);
  const outline = $('outline');
  outline.disabled = !page || !page.active;
  outline.setAttribute('aria-pressed', String(!!page?.outlined));
  outline.textContent = page?.outlined ? 'Hide again' : 'Show what was hidden';
  $('note').textContent = !page
    ? 'adstrip does not run on this page.'
    : !settings.enabled
      ? 'adstrip is switched off (Options).'
      : page.mode === 'sw'
        ? 'This page forbids wasm here; the service worker scans it.'
        : '';
  const rs = $('reader-site');
  rs.disabled = !host || !page;
  rs.checked = !!host && isReaderSite(settings, host);
  return { host, page };
}

/** Reader mode's part: asks the page (top frame) whether reader mode is open and whether the
 *  page looks like an article (the check runs outside the page: see reader.js). */
async function renderReader(tabId) {
  const btn = $('reader');
  const st = await api.tabs.sendMessage(tabId, { type: 'readerStatus', check: true }, { frameId: 0 }).catch(() => null);
  btn.disabled = !st;
  btn.setAttribute('aria-pressed', String(!!st?.open));
  btn.textContent = st?.open ? 'Close reader mode' : 'Reader mode';
  $('reader-state').textContent = !st
    ? ''
    : st.open
      ? 'Reader mode is on.'
      : st.readerable === true
        ? 'This page looks like an article.'
        : st.readerable === false
          ? 'This page does not look like an article.'
          : '';
  $('reader-anyway-row').hidden = !st || st.open || st.readerable !== false;
  return st;
}

async function toggleReader(tabId, force) {
  const res = await api.tabs.sendMessage(tabId, { type: 'readerToggle', force }, { frameId: 0 }).catch((e) => ({ ok: false, error: String(e?.message || e) }));
  if (res?.ok && !new URLSearchParams(location.search).has('tab')) {
    window.close();
    return;
  }
  if (!res?.ok) {
    $('reader-state').textContent =
      res?.reason === 'not-readerable' ? 'This page does not look like an article.' : `No article found${res?.error ? `: ${res.error}` : '.'}`;
    $('reader-anyway-row').hidden = res?.reason !== 'not-readerable';
  }
  await renderReader(tabId);
}

async function main() {
  const tabId = await targetTab();
  if (tabId == null) return;
  let { host, page } = await render(tabId);
  $('site-off').addEventListener('change', async (ev) => {
    const next = setSiteDisabled(await loadSettings(), host, ev.target.checked);
    await saveSettings(next);
    // Content scripts react to the storage change; give them a moment, then recount.
    setTimeout(() => render(tabId).then((r) => ({ host, page } = r)), 200);
  });
  $('outline').addEventListener('click', async () => {
    const on = !page?.outlined;
    await api.tabs.sendMessage(tabId, { type: 'outline', on }).catch(() => {});
    ({ host, page } = await render(tabId));
  });
  $('reader').addEventListener('click', () => toggleReader(tabId, false));
  $('reader-anyway').addEventListener('click', () => toggleReader(tabId, true));
  $('reader-site').addEventListener('change', async (ev) => {
    const next = setReaderSite(await loadSettings(), host, ev.target.checked);
    await api.storage.sync.set({ readerSites: next.readerSites });
  });
  api.storage.onChanged.addListener(() => render(tabId).then((r) => ({ host, page } = r)));
  await renderReader(tabId);
}

main().catch((e) => {
  $('note').textContent = `adstrip: ${e.message || e}`;
});
