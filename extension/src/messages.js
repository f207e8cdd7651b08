// The message protocol, one table per receiver: the service worker (`sw`) and the content script
// (`content`); the senders are those two and the extension's own pages (`page`: popup, options).
// Each type has one receiver, the sender kinds allowed to send it, a shape check, and (in a
// comment) its answer. The service worker drops whatever fails the check (wrong sender, unknown
// type, bad shape) without an answer; the content script checks what it receives the same way.

/** Largest HTML a content script may send for the strict-CSP and reader paths. */
export const MAX_HTML = 64 * 1024 * 1024;
const MAX_RULES = 200;
export const MODES = Object.freeze(['wasm', 'sw', 'css', 'idle', 'off']);

const isStr = (v, max) => typeof v === 'string' && v.length <= max;
const isCount = (v) => Number.isSafeInteger(v) && v >= 0 && v <= 1e7;
const optional = (v, check) => v === undefined || check(v);

function isByRule(v) {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length <= MAX_RULES && keys.every((k) => /^[a-z0-9][a-z0-9_-]{0,63}$/.test(k) && isCount(v[k]));
}

/** Messages to the service worker: type -> {to, from: [sender kinds], ok(msg)}. */
const TO_SW = /* @__PURE__ */ Object.freeze({
  // content script -> service worker
  scanHtml: {
    to: 'sw',
    from: ['content'],
    ok: (m) => isStr(m.html, MAX_HTML),
    // answer: {rows: [{kind, rule, reason, selector, text, target}], micros} | {error}
  },
  readerExtract: {
    to: 'sw',
    from: ['content'],
    ok: (m) => isStr(m.html, MAX_HTML) && optional(m.url, (u) => isStr(u, 8192)),
    // answer: {article} | {error, code}
  },
  readerable: { to: 'sw', from: ['content'], ok: (m) => isStr(m.html, MAX_HTML) }, // answer: {readerable: boolean}
  counts: {
    to: 'sw',
    from: ['content'],
    ok: (m) =>
      isStr(m.docId, 64) &&
      typeof m.top === 'boolean' &&
      optional(m.url, (u) => isStr(u, 8192)) &&
      optional(m.since, (t) => Number.isFinite(t) && t >= 0) &&
      isStr(m.host, 512) &&
      MODES.includes(m.mode) &&
      isCount(m.ads) &&
      isCount(m.subscribe) &&
      isByRule(m.byRule),
    // answer: {ok: true}
  },
  // popup -> service worker
  tabStatus: {
    to: 'sw',
    from: ['page'],
    ok: (m) => Number.isSafeInteger(m.tabId) && m.tabId >= 0,
    // answer: {tabId, known, url, host, mode, ads, subscribe, byRule}
  },
});

/** Messages to the content script (the boot of a frame the core has not taken answers them
 *  too): its own table, so that the boot carries no more than it receives. */
const TO_CONTENT = /* @__PURE__ */ Object.freeze({
  // popup, service worker (shortcut, menu) -> content script (top frame for the reader)
  status: {
    to: 'content',
    from: ['page'],
    ok: () => true,
    // answer: {host, active, mode, ads, subscribe, byRule, outlined, stats}
  },
  outline: { to: 'content', from: ['page'], ok: (m) => typeof m.on === 'boolean' }, // answer: {ok: true}
  // popup -> content script (top frame): what this frame hid, and scrolling the page to one
  findings: { to: 'content', from: ['page'], ok: () => true }, // answer: {findings: [{index, kind, rule, reason, empty}]}
  pick: { to: 'content', from: ['page'], ok: () => true }, // answer: {ok: boolean} (the element picker opens in the page)
  jump: {
    to: 'content',
    from: ['page'],
    ok: (m) => Number.isSafeInteger(m.index) && m.index >= 0 && m.index < 1e7,
    // answer: {ok: boolean} (outlines switched on first)
  },
  readerToggle: {
    to: 'content',
    from: ['page', 'sw'],
    ok: (m) => optional(m.action, (a) => a === 'open' || a === 'close' || a === 'toggle') && optional(m.force, (f) => typeof f === 'boolean'),
    // answer: {ok, open, path?, timings?, readerable?, reason?, error?}
  },
  readerStatus: {
    to: 'content',
    from: ['page'],
    ok: (m) => optional(m.check, (c) => typeof c === 'boolean'),
    // answer: {open, last, readerable}
  },
});

/** The entry of `msg` in `table` if it is one of ours for `receiver` with a valid shape, else null. */
function shapeIn(table, msg, receiver) {
  if (!msg || typeof msg !== 'object' || Array.isArray(msg) || typeof msg.type !== 'string') return null;
  if (!Object.hasOwn(table, msg.type)) return null;
  const spec = table[msg.type];
  if (spec.to !== receiver) return null;
  try {
    return spec.ok(msg) === true ? spec : null;
  } catch {
    return null;
  }
}

/** The table entry of `msg` if it is one of ours for `receiver` with a valid shape, else null. */
export function checkShape(msg, receiver) {
  return shapeIn(receiver === 'content' ? TO_CONTENT : TO_SW, msg, receiver);
}

/** checkShape(msg, 'content') over the content script's own table. */
export function checkContentShape(msg) {
  return shapeIn(TO_CONTENT, msg, 'content');
}
