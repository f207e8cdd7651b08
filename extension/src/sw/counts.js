// Per-tab counts from every frame, shown as the toolbar badge and in the popup. The worker may
// be stopped at any time: the counts live in storage.session.

import { api } from '../api.js';

let queue = Promise.resolve();
function serial(fn) {
  const p = queue.then(fn, fn);
  queue = p.catch(() => {});
  return p;
}

const tabKey = (tabId) => `tab:${tabId}`;

function total(tab) {
  let ads = 0;
  let subscribe = 0;
  const byRule = {};
  for (const f of Object.values(tab.frames || {})) {
    ads += f.ads;
    subscribe += f.subscribe;
    for (const [r, n] of Object.entries(f.byRule || {})) byRule[r] = (byRule[r] || 0) + n;
  }
  return { ads, subscribe, byRule };
}

function setBadge(tabId, tab) {
  const t = total(tab);
  const n = t.ads + t.subscribe;
  const action = api.action;
  if (!action) return;
  action.setBadgeText({ tabId, text: n ? String(n) : '' }).catch(() => {});
  action.setBadgeBackgroundColor?.({ tabId, color: '#555' })?.catch?.(() => {});
}

/** A frame's `counts` message. */
export function onCounts(msg, sender) {
  const tabId = sender.tab?.id;
  if (tabId == null || tabId < 0) return Promise.resolve();
  const frameId = sender.frameId ?? 0;
  return serial(async () => {
    const key = tabKey(tabId);
    const tab = (await api.storage.session.get(key))[key] || { frames: {} };
    if (frameId === 0 && tab.docId !== msg.docId) {
      // A new top document: forget the frames of the old one. Its own frames may have reported
      // first (a frame without the core reports at once, one with a small page before the top
      // one's scan ends): those came after it began loading, and stay.
      const since = msg.since ?? Infinity;
      tab.frames = Object.fromEntries(Object.entries(tab.frames).filter(([id, f]) => id !== '0' && f.at >= since));
      tab.docId = msg.docId;
    }
    if (frameId === 0) {
      tab.url = msg.url;
      tab.host = msg.host;
      tab.mode = msg.mode;
    }
    tab.frames[frameId] = { ads: msg.ads | 0, subscribe: msg.subscribe | 0, byRule: msg.byRule || {}, mode: msg.mode, at: Date.now() };
    await api.storage.session.set({ [key]: tab });
    setBadge(tabId, tab);
  });
}

/** The popup's `tabStatus` answer. */
export async function tabStatus(tabId) {
  const key = tabKey(tabId);
  const tab = (await api.storage.session.get(key))[key];
  if (!tab) return { tabId, known: false, ads: 0, subscribe: 0, byRule: {} };
  return { tabId, known: true, url: tab.url, host: tab.host, mode: tab.mode, ...total(tab) };
}

export function forgetTab(tabId) {
  serial(() => api.storage.session.remove(tabKey(tabId)));
}
