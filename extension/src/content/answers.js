// The content script core's answers to the popup and the service worker (messages.js has their
// shapes): the frame's status, outlines, what was hidden and jumping to it, the element picker,
// and reader mode (top frame only).

import { checkContentShape } from '../messages.js';
import { loadPicker } from 'adstrip-picker:load';
import { siteHost } from './site.js';

/** The runtime.onMessage listener of the core: `frame` (main.js's state, read live), the
 *  `reader` loader, the `applier`, `setOutline(on)`, `guarded(what, fn, fallback)`,
 *  `logOnce(what, e)` and `shadowMode()`. */
export function answerer({ frame, reader, applier, setOutline, guarded, logOnce, shadowMode }) {
  const status = () => {
    const c = frame.counts;
    const mode = frame.opts ? frame.mode : 'off';
    return { host: siteHost(), active: !!frame.opts, mode, ads: c.ads, subscribe: c.subscribe, byRule: c.byRule, outlined: frame.outlined, stats: frame.stats };
  };
  return (msg, _sender, sendResponse) => {
    if (!checkContentShape(msg)) return false;
    if (msg.type === 'readerToggle' || msg.type === 'readerStatus') {
      if (window !== window.top) return false;
      const p = msg.type === 'readerToggle' ? reader.toggle(msg.action, msg.force) : reader.status(!!msg.check);
      p.then(sendResponse, (e) => {
        logOnce('reader mode failed', e);
        sendResponse({ ok: false, error: String(e?.message || e) });
      });
      return true;
    }
    if (msg.type === 'status') sendResponse(status());
    else if (msg.type === 'outline') {
      setOutline(!!msg.on);
      sendResponse({ ok: true });
    } else if (msg.type === 'findings') sendResponse({ findings: guarded('listing failed', () => applier.entries(), []) });
    else if (msg.type === 'jump') {
      // The popup's "jump to": what was hidden is shown (outlined, labelled), then scrolled to.
      if (frame.opts && !frame.outlined) setOutline(true);
      sendResponse({ ok: guarded('jump failed', () => applier.jumpTo(msg.index), false) });
    } else if (msg.type === 'pick' && window === window.top) {
      loadPicker()
        .then((m) => sendResponse({ ok: guarded('the picker failed', () => m.openPicker(siteHost(), shadowMode()), false) }))
        .catch((e) => (logOnce('the picker failed', e), sendResponse({ ok: false })));
      return true;
    }
    return false;
  };
}
