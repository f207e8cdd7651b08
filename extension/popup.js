// The toolbar popup: what adstrip hid on this tab (counted by the service worker from every
// frame), the per-site switch (takes effect at once: content scripts undo on the settings
// change), and "show what was hidden". `popup.html?tab=ID` targets a given tab (tests).
import { parseSettings, serializeSettings, isSiteDisabled, setSiteDisabled, normalizeHost } from './settings.js';

const api = globalThis.browser ?? globalThis.chrome;
const $ = (id) => document.getElementById(id);

async function targetTab() {
  const p = new URLSearchParams(location.search).get('tab');
  if (p) return Number(p);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function render(tabId) {
  const [status, raw, page] = await Promise.all([
    api.runtime.sendMessage({ type: 'tabStatus', tabId }),
    api.storage.sync.get(null),
    api.tabs.sendMessage(tabId, { type: 'status' }, { frameId: 0 }).catch(() => null),
  ]);
  const settings = parseSettings(raw);
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
  return { host, page };
}

async function main() {
  const tabId = await targetTab();
  if (tabId == null) return;
  let { host, page } = await render(tabId);
  $('site-off').addEventListener('change', async (ev) => {
    const raw = await api.storage.sync.get(null);
    const next = setSiteDisabled(parseSettings(raw), host, ev.target.checked);
    await api.storage.sync.set(serializeSettings(next));
    // Content scripts react to the storage change; give them a moment, then recount.
    setTimeout(() => render(tabId).then((r) => ({ host, page } = r)), 200);
  });
  $('outline').addEventListener('click', async () => {
    const on = !(page?.outlined);
    await api.tabs.sendMessage(tabId, { type: 'outline', on }).catch(() => {});
    ({ host, page } = await render(tabId));
  });
  api.storage.onChanged.addListener(() => render(tabId).then((r) => ({ host, page } = r)));
}

main().catch((e) => {
  $('note').textContent = `adstrip: ${e.message || e}`;
});
