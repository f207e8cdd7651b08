// adstrip service worker (Chromium) / background module (Firefox).
//
// Four jobs, all on request, none with network access of its own:
// - the strict-CSP path: a content script that may not compile wasm (Chromium applies the
//   page's CSP to it) sends the page's HTML; the core's html build (`scanHtml`) answers with
//   rows {kind, rule, reason, selector, text, target} that the content script applies;
// - reader mode: the shortcut (`commands`) and the context menu toggle it in the tab's top
//   frame; on strict-CSP pages (and for the popup's "is this an article?" check) the reader
//   build (pkg-reader/, instantiated on first use only) extracts from the HTML the content
//   script sends after its live-DOM pre-pass;
// - per-tab counts from every frame, shown as the toolbar badge and in the popup;
// - settings migration on install/update (old formats rewritten, unknown values dropped).
// The worker may be stopped at any time: tab counts live in storage.session.

import initCore, { scanHtml } from './pkg-sw/adstrip.js';
import initReader, { readerExtract, readerable } from './pkg-reader/adstrip.js';
import { parseSettings, serializeSettings, LEGACY_KEYS } from './settings.js';

const api = globalThis.browser ?? globalThis.chrome;

let coreReady = null;
function core() {
  coreReady ??= initCore({ module_or_path: api.runtime.getURL('pkg-sw/adstrip_bg.wasm') }).catch((e) => {
    coreReady = null;
    throw e;
  });
  return coreReady;
}

let readerReady = null;
function readerCore() {
  readerReady ??= initReader({ module_or_path: api.runtime.getURL('pkg-reader/adstrip_bg.wasm') }).catch((e) => {
    readerReady = null;
    throw e;
  });
  return readerReady;
}

// ---- reader mode: shortcut and context menu ------------------------------------------------

const READER_COMMAND = 'toggle-reader';
const READER_MENU = 'adstrip-reader';

/** Toggles reader mode in the tab's top frame. The shortcut and the menu are explicit asks,
 *  so they open it even on a page that does not look like an article (`force`). */
async function toggleReaderInTab(tab) {
  const tabId = tab?.id ?? (await api.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId == null || tabId < 0) return { ok: false, error: 'no tab' };
  return api.tabs.sendMessage(tabId, { type: 'readerToggle', force: true }, { frameId: 0 }).catch((e) => ({ ok: false, error: String(e?.message || e) }));
}

function onCommand(command, tab) {
  if (command === READER_COMMAND) return toggleReaderInTab(tab);
  return Promise.resolve(null);
}

function onMenuClicked(info, tab) {
  if (info?.menuItemId === READER_MENU) return toggleReaderInTab(tab);
  return Promise.resolve(null);
}

api.commands?.onCommand.addListener(onCommand);
api.contextMenus?.onClicked.addListener(onMenuClicked);

function createMenu() {
  if (!api.contextMenus) return;
  api.contextMenus.removeAll(() => {
    api.contextMenus.create({ id: READER_MENU, title: 'Reader mode', contexts: ['page'] }, () => void api.runtime.lastError);
  });
}

// The handlers as the browser calls them, for the e2e tests (headless Chromium does not
// deliver extension shortcuts) and for debugging from the worker's console.
globalThis.adstripHandlers = Object.freeze({ onCommand, onMenuClicked });

// ---- per-tab counts ------------------------------------------------------------------------

let queue = Promise.resolve();
function serial(fn) {
  const p = queue.then(fn, fn);
  queue = p.catch(() => {});
  return p;
}

const tabKey = (tabId) => `tab:${tabId}`;

function total(tab) {
  let ads = 0, subscribe = 0;
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

function onCounts(msg, sender) {
  const tabId = sender.tab?.id;
  if (tabId == null || tabId < 0) return Promise.resolve();
  const frameId = sender.frameId ?? 0;
  return serial(async () => {
    const key = tabKey(tabId);
    const tab = (await api.storage.session.get(key))[key] || { frames: {} };
    if (frameId === 0 && tab.docId !== msg.docId) {
      // A new top document: forget the frames of the old one.
      tab.frames = {};
      tab.docId = msg.docId;
    }
    if (frameId === 0) {
      tab.url = msg.url;
      tab.host = msg.host;
      tab.mode = msg.mode;
    }
    tab.frames[frameId] = { ads: msg.ads | 0, subscribe: msg.subscribe | 0, byRule: msg.byRule || {} };
    await api.storage.session.set({ [key]: tab });
    setBadge(tabId, tab);
  });
}

async function tabStatus(tabId) {
  const key = tabKey(tabId);
  const tab = (await api.storage.session.get(key))[key];
  if (!tab) return { tabId, known: false, ads: 0, subscribe: 0, byRule: {} };
  return { tabId, known: true, url: tab.url, host: tab.host, mode: tab.mode, ...total(tab) };
}

api.tabs?.onRemoved?.addListener((tabId) => {
  serial(() => api.storage.session.remove(tabKey(tabId)));
});

// ---- messages ------------------------------------------------------------------------------

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!msg || typeof msg !== 'object' || sender.id !== api.runtime.id) return false;
  if (msg.type === 'scanHtml') {
    core()
      .then(() => {
        const t0 = performance.now();
        const rows = scanHtml(String(msg.html || ''));
        sendResponse({ rows, micros: (performance.now() - t0) * 1000 });
      })
      .catch((e) => {
        console.warn('[adstrip] scanHtml failed', e);
        sendResponse({ error: String(e) });
      });
    return true;
  }
  if (msg.type === 'readerExtract' || msg.type === 'readerable') {
    readerCore()
      .then(() => {
        const html = String(msg.html || '');
        if (msg.type === 'readerable') {
          sendResponse({ readerable: readerable(html) });
          return;
        }
        try {
          sendResponse({ article: readerExtract(html, typeof msg.url === 'string' ? msg.url : undefined) });
        } catch (e) {
          sendResponse({ error: String(e?.message || e), code: e?.code || 'failed' });
        }
      })
      .catch((e) => {
        console.warn('[adstrip] reader failed', e);
        sendResponse({ error: String(e), code: 'failed' });
      });
    return true;
  }
  if (msg.type === 'counts') {
    onCounts(msg, sender).finally(() => sendResponse({ ok: true }));
    return true;
  }
  if (msg.type === 'tabStatus') {
    tabStatus(msg.tabId).then(sendResponse, (e) => sendResponse({ error: String(e) }));
    return true;
  }
  return false;
});

// ---- settings migration --------------------------------------------------------------------

api.runtime.onInstalled.addListener(async () => {
  createMenu();
  try {
    const raw = await api.storage.sync.get(null);
    await api.storage.sync.set(serializeSettings(parseSettings(raw)));
    const stale = LEGACY_KEYS.filter((k) => k in raw);
    if (stale.length) await api.storage.sync.remove(stale);
  } catch (e) {
    console.warn('[adstrip] settings migration failed', e);
  }
});
