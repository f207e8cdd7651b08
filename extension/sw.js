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
import { parseSettingsReport, joinStored, saveSettings, LEGACY_KEYS } from './settings.js';

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
// Every message is checked before anything acts on it: its sender (this extension's own content
// script in a tab, or its own popup/options page), its type (each type has one allowed sender
// kind) and its shape (types, sizes). Anything else is dropped without an answer and without an
// error; web pages cannot reach this listener at all (no `externally_connectable`, and
// onMessageExternal is not listened to).

/** Largest HTML a content script may send for the strict-CSP and reader paths. */
const MAX_HTML = 64 * 1024 * 1024;
const MAX_RULES = 200;
const MODES = new Set(['wasm', 'sw', 'css', 'off']);

const isStr = (v, max) => typeof v === 'string' && v.length <= max;
const isCount = (v) => Number.isSafeInteger(v) && v >= 0 && v <= 1e7;

function isByRule(v) {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length <= MAX_RULES && keys.every((k) => /^[a-z0-9][a-z0-9_-]{0,63}$/.test(k) && isCount(v[k]));
}

/** Shape checks per message type; `from` is which sender kind may send it. */
const MESSAGES = {
  scanHtml: { from: 'content', ok: (m) => isStr(m.html, MAX_HTML) },
  readerExtract: { from: 'content', ok: (m) => isStr(m.html, MAX_HTML) && (m.url === undefined || isStr(m.url, 8192)) },
  readerable: { from: 'content', ok: (m) => isStr(m.html, MAX_HTML) },
  counts: {
    from: 'content',
    ok: (m) => isStr(m.docId, 64) && typeof m.top === 'boolean' && (m.url === undefined || isStr(m.url, 8192)) && isStr(m.host, 512)
      && MODES.has(m.mode) && isCount(m.ads) && isCount(m.subscribe) && isByRule(m.byRule),
  },
  tabStatus: { from: 'page', ok: (m) => Number.isSafeInteger(m.tabId) && m.tabId >= 0 },
};

/** 'content' for this extension's content script in a tab, 'page' for its own extension
 *  pages (popup, options; also when opened in a tab), null for anything else. */
function senderKind(sender) {
  if (!sender || sender.id !== api.runtime.id) return null;
  const own = api.runtime.getURL('');
  const url = typeof sender.url === 'string' ? sender.url : '';
  if (url.startsWith(own)) return 'page';
  if (sender.tab && Number.isSafeInteger(sender.tab.id) && sender.tab.id >= 0) return 'content';
  return null;
}

/** Counts of accepted and dropped messages, for the tests and debugging. */
const messageStats = { accepted: 0, dropped: 0, lastDropped: null };
globalThis.adstripMessageStats = messageStats;

/** The message's spec if it may be acted on, else null (and counted as dropped). */
function checkMessage(msg, sender) {
  let why = null;
  const spec = msg && typeof msg === 'object' && !Array.isArray(msg) && typeof msg.type === 'string' && Object.hasOwn(MESSAGES, msg.type) ? MESSAGES[msg.type] : null;
  if (!spec) why = 'unknown type';
  else if (senderKind(sender) !== spec.from) why = `sender not allowed for ${msg.type}`;
  else {
    let ok = false;
    try { ok = spec.ok(msg) === true; } catch { ok = false; }
    if (!ok) why = `bad shape for ${msg.type}`;
  }
  if (why) {
    messageStats.dropped++;
    messageStats.lastDropped = why;
    return null;
  }
  messageStats.accepted++;
  return spec;
}

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!checkMessage(msg, sender)) return false;
  if (msg.type === 'scanHtml') {
    core()
      .then(() => {
        const t0 = performance.now();
        const rows = scanHtml(msg.html);
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
        const html = msg.html;
        if (msg.type === 'readerable') {
          sendResponse({ readerable: readerable(html) });
          return;
        }
        try {
          sendResponse({ article: readerExtract(html, msg.url, true) });
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
    const [raw, local] = await Promise.all([api.storage.sync.get(null), api.storage.local.get('disabledSites')]);
    const { settings, problems } = parseSettingsReport(joinStored(raw, local));
    for (const p of problems) console.info(`[adstrip] settings: ${p.message}`);
    await saveSettings(api, settings);
    const stale = LEGACY_KEYS.filter((k) => k in raw);
    if (stale.length) await api.storage.sync.remove(stale);
  } catch (e) {
    console.warn('[adstrip] settings migration failed', e);
  }
});
