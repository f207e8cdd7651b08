// adstrip service worker (Chromium) / background module (Firefox).
//
// Four jobs, all on request, none with network access of its own:
// - the strict-CSP path: a content script that may not compile wasm (Chromium applies the
//   page's CSP to it) sends the page's HTML; the scanner build (pkg-sw/, `PageScanner`) answers
//   with rows {kind, rule, reason, selector, text, target} that the content script applies;
// - reader mode: the shortcut (`commands`) and the context menu toggle it in the tab's top
//   frame; on strict-CSP pages (and for the popup's "is this an article?" check) the reader
//   build (pkg-reader/, instantiated on first use only) extracts from the HTML the content
//   script sends after its live-DOM pre-pass;
// - per-tab counts from every frame, shown as the toolbar badge and in the popup (counts.js);
// - settings migration on install/update (old formats rewritten, unknown values dropped).
//
// The wasm jobs (scan, reader) go through one queue (queue.js): a lane per tab and frame, the
// user's reader mode first, tabs in turn within a budget each, a page's scan in pieces
// (scan-steps.js), so one hostile tab cannot hold up the others; a call that traps replaces the
// wasm instance (wasm-instance.js).
//
// Every message is checked before anything acts on it (messages.js): its sender (this
// extension's own content script in a tab, or its own popup/options page), its type and its
// shape. Anything else is dropped without an answer and without an error; web pages cannot
// reach this listener at all (no `externally_connectable`, no onMessageExternal listener).

import * as scannerGlue from 'adstrip-wasm:sw';
import * as readerGlue from 'adstrip-wasm:reader';
import { api, loadSettingsReport, saveSettings } from '../api.js';
import { LEGACY_KEYS } from '../settings.js';
import { checkShape } from '../messages.js';
import { onCounts, tabStatus, forgetTab } from './counts.js';
import { JobQueue } from './queue.js';
import { scanSteps } from './scan-steps.js';
import { WasmInstance } from './wasm-instance.js';

/** A wasm build, instantiated on first use (a failure is retried next time), replaced after a trap. */
function build(glue, path, make) {
  return new WasmInstance({ init: () => glue.default({ module_or_path: api.runtime.getURL(path) }), glue, make });
}
const scanner = build(scannerGlue, 'pkg-sw/adstrip_bg.wasm', () => new scannerGlue.PageScanner());
const reader = build(readerGlue, 'pkg-reader/adstrip_bg.wasm', () => new readerGlue.Reader());
const queue = new JobQueue();

// The queue's figures and the wasm builds, for the tests and debugging from the worker's console.
globalThis.adstripWasm = Object.freeze({ scanner, reader, queue });

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

api.tabs?.onRemoved?.addListener((tabId) => {
  forgetTab(tabId);
  queue.forget(tabId);
});

// ---- messages ------------------------------------------------------------------------------

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

/** Whether the message may be acted on (else it is counted as dropped). */
function accept(msg, sender) {
  const known = msg && typeof msg === 'object' && !Array.isArray(msg) && typeof msg.type === 'string';
  const spec = checkShape(msg, 'sw');
  let why = null;
  if (!spec) why = known ? `bad shape for ${msg.type}` : 'unknown type';
  else if (!spec.from.includes(senderKind(sender))) why = `sender not allowed for ${msg.type}`;
  if (why) {
    messageStats.dropped++;
    messageStats.lastDropped = why;
    return false;
  }
  messageStats.accepted++;
  return true;
}

/** A wasm call's failure as a reply. */
function failed(what) {
  return (e) => {
    console.warn(`[adstrip] ${what} failed`, e);
    return { error: String(e?.message || e), code: e?.code || 'failed' };
  };
}

/** The reader's answer: an Error the core throws on purpose (no article, too complex, ...)
 *  carries a code; anything else is a failure. */
function readerFailed(e) {
  return e?.code ? { error: String(e.message || e), code: e.code } : failed('reader')(e);
}

/** Answers each accepted message type; a promise of the reply. The wasm jobs run in the queue:
 *  a frame's scan replaces its scan still waiting; reader mode goes first. */
const HANDLERS = {
  scanHtml: (msg, sender) =>
    queue
      .run(sender.tab.id, `scan:${sender.frameId ?? 0}`, () => scanner.get().then((p) => scanSteps(scanner, p, msg.html)))
      .then((r) => (r?.error ? failed('scanHtml')(r.error) : r)),
  readerExtract: (msg, sender) =>
    queue.run(sender.tab.id, JobQueue.USER, () => reader.call((r) => ({ article: r.extract(msg.html, msg.url ?? null) })).catch(readerFailed)),
  readerable: (msg, sender) =>
    queue.run(sender.tab.id, JobQueue.USER, () => reader.call((r) => ({ readerable: r.readerable(msg.html) })).catch(failed('reader'))),
  counts: (msg, sender) =>
    onCounts(msg, sender).then(
      () => ({ ok: true }),
      () => ({ ok: true }),
    ),
  tabStatus: (msg) => tabStatus(msg.tabId).catch((e) => ({ error: String(e) })),
};

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!accept(msg, sender)) return false;
  HANDLERS[msg.type](msg, sender).then(sendResponse);
  return true;
});

// ---- settings migration --------------------------------------------------------------------

api.runtime.onInstalled.addListener(async () => {
  createMenu();
  try {
    const { settings, problems, sync } = await loadSettingsReport();
    for (const p of problems) console.info(`[adstrip] settings: ${p.message}`);
    await saveSettings(settings);
    const stale = LEGACY_KEYS.filter((k) => k in sync);
    if (stale.length) await api.storage.sync.remove(stale);
  } catch (e) {
    console.warn('[adstrip] settings migration failed', e);
  }
});
