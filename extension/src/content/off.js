// The kinds switched off, on the root element: the document_start stylesheet is gated on this
// attribute, so setting it lifts the stylesheet's rules for those kinds at once, without a reload.
import { OFF } from '../contract.gen.js';

/** The attribute's value for `opts` ({ads, subscribe} while active, null while off). */
export function offValue(opts) {
  return opts ? [opts.ads ? '' : 'ad', opts.subscribe ? '' : 'subscribe'].filter(Boolean).join(' ') : 'ad subscribe';
}

export function markOff(opts) {
  const root = document.documentElement;
  if (!root) return;
  const off = offValue(opts);
  if (off) root.setAttribute(OFF, off);
  else root.removeAttribute(OFF);
}
