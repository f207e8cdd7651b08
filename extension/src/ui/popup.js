// The toolbar popup: the per-site power switch (takes effect at once: content scripts undo on
// the settings change) and its state in words, what adstrip hid on this tab (counted by the
// service worker from every frame; the top frame's blocks listed by rule name, each with "jump
// to", which shows them outlined and scrolls the page there), and reader mode: whether the page
// looks like an article, the toggle ("read anyway" on a page that does not), and the per-site
// "always" switch. `popup.html?tab=ID` targets a given tab (tests; the popup then stays open).
import { api, loadSettings, saveSettings } from '../api.js';
import { isSiteDisabled, setSiteDisabled, normalizeHost, isReaderSite, setReaderSite } from '../settings.js';
import { ruleName } from './names.js';
const $ = (id) => document.getElementById(id);
const keepOpen = new URLSearchParams(location.search).has('tab');

/** Findings listed at most (the counts above still count them all). */
const MAX_LISTED = 50;

async function targetTab() {
  const p = new URLSearchParams(location.search).get('tab');
  if (p) return Number(p);
  const [tab] = await api.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** What the last render saw: the site's host and the top frame's status. */
const state = { host: '', page: null };

const toTop = (tabId, msg) => api.tabs.sendMessage(tabId, msg, { frameId: 0 }).catch(() => null);

function findingItem(f, n, tabId) {
  const li = document.createElement('li');
  li.className = `finding ${f.kind}`;
  const text = document.createElement('div');
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = ruleName(f.rule);
  const reason = document.createElement('span');
  reason.className = 'reason';
  reason.textContent = f.empty ? `Empty slot (nothing to see). ${f.reason}` : f.reason;
  text.append(name, reason);
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'quiet jump';
  b.textContent = 'Jump to';
  b.setAttribute('aria-label', `Jump to ${ruleName(f.rule)} ${n}`);
  b.addEventListener('click', async () => {
    await toTop(tabId, { type: 'jump', index: f.index });
    await render(tabId);
  });
  li.append(text, b);
  return li;
}

async function render(tabId) {
  const [status, settings, page, listed] = await Promise.all([
    api.runtime.sendMessage({ type: 'tabStatus', tabId }),
    loadSettings(),
    toTop(tabId, { type: 'status' }),
    toTop(tabId, { type: 'findings' }),
  ]);
  const host = normalizeHost(page?.host || status?.host || '');
  const ads = status?.ads ?? 0;
  const subscribe = status?.subscribe ?? 0;
  $('ads').textContent = String(ads);
  $('subscribe').textContent = String(subscribe);

  const on = !!host && !!page && settings.enabled && !isSiteDisabled(settings, host);
  $('site').textContent = host || 'This page';
  $('power').dataset.on = String(on);
  $('power-state').textContent = !page ? 'adstrip cannot run here' : !settings.enabled ? 'adstrip is switched off' : on ? 'adstrip is on' : 'adstrip is off';
  const sw = $('site-on');
  sw.disabled = !host || !page || !settings.enabled;
  sw.checked = on;

  const findings = listed?.findings || [];
  $('findings').replaceChildren(...findings.slice(0, MAX_LISTED).map((f, i) => findingItem(f, i + 1, tabId)));
  const inFrames = ads + subscribe - findings.length;
  $('findings-more').textContent = [
    findings.length > MAX_LISTED ? `and ${findings.length - MAX_LISTED} more` : '',
    inFrames > 0 ? `${inFrames} more inside embedded frames (counted, not listed).` : '',
  ]
    .filter(Boolean)
    .join('; ');
  $('findings-box').hidden = !findings.length && inFrames <= 0;
  $('pick').disabled = !page || !page.active || !settings.ads;
  const outline = $('outline');
  outline.disabled = !page || !page.active;
  outline.setAttribute('aria-pressed', String(!!page?.outlined));

  $('note').textContent = !page
    ? 'adstrip does not run on this page.'
    : !settings.enabled
      ? 'Switched off everywhere: turn it on in Options.'
      : page.mode === 'sw'
        ? 'This page forbids wasm here; the service worker scans it.'
        : '';
  const rs = $('reader-site');
  rs.disabled = !host || !page;
  rs.checked = !!host && isReaderSite(settings, host);
  Object.assign(state, { host, page });
}

/** Reader mode's part: asks the page (top frame) whether reader mode is open and whether the
 *  page looks like an article (the check runs outside the page: see reader.js). */
async function renderReader(tabId) {
  const btn = $('reader');
  const st = await toTop(tabId, { type: 'readerStatus', check: true });
  btn.disabled = !st;
  btn.setAttribute('aria-pressed', String(!!st?.open));
  btn.textContent = st?.open ? 'Close reader mode' : 'Open reader mode';
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
  if (res?.ok && !keepOpen) {
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
  await render(tabId);
  const rerender = () => render(tabId);
  $('site-on').addEventListener('change', async (ev) => {
    const next = setSiteDisabled(await loadSettings(), state.host, !ev.target.checked);
    await saveSettings(next);
    // Content scripts react to the storage change; give them a moment, then recount.
    setTimeout(rerender, 200);
  });
  $('outline').addEventListener('click', async () => {
    await api.tabs.sendMessage(tabId, { type: 'outline', on: !state.page?.outlined }).catch(() => {});
    await rerender();
  });
  $('pick').addEventListener('click', async () => {
    const res = await toTop(tabId, { type: 'pick' });
    if (res?.ok && !keepOpen) window.close();
    else if (!res?.ok) $('note').textContent = 'The element picker could not open on this page.';
  });
  $('reader').addEventListener('click', () => toggleReader(tabId, false));
  $('reader-anyway').addEventListener('click', () => toggleReader(tabId, true));
  $('reader-site').addEventListener('change', async (ev) => {
    const next = setReaderSite(await loadSettings(), state.host, ev.target.checked);
    await api.storage.sync.set({ readerSites: next.readerSites });
  });
  api.storage.onChanged.addListener(rerender);
  await renderReader(tabId);
}

main().catch((e) => {
  $('note').textContent = `adstrip: ${e.message || e}`;
});
